package io.prodlab.ui.common;

import io.prodlab.store.TimeExtentQuery;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The session's one time range, which every view applies. A view observes {@link #rangeProperty()}
 * (and refreshes when it changes) and passes {@link TimeRange#fromNs()}/{@link TimeRange#toNs()} to
 * its queries; a time chart calls {@link #select(long, long)} with the window dragged on it.
 *
 * <p>The picker's state lives here too: the chosen {@link #presetProperty() preset}, and for a
 * custom range the from/to texts (UTC, {@code 2025-10-09 08:53:20}, a fraction of a second allowed,
 * or a time of day alone for the data's first day) with their validation. The "last N minutes"
 * presets count back from the data's end, which is loaded from the workspace whenever its content
 * changes; opening another workspace goes back to the whole data. UI thread only.
 */
public final class TimeRangeModel {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm").optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm").optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .toFormatter(Locale.ROOT);

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages messages;

    private final ReadOnlyObjectWrapper<TimeRange> range = new ReadOnlyObjectWrapper<>(this, "range", TimeRange.WHOLE);
    private final ReadOnlyObjectWrapper<TimeExtentQuery.Extent> extent = new ReadOnlyObjectWrapper<>(this, "extent");
    private final ObjectProperty<TimeRange.Preset> preset = new SimpleObjectProperty<>(this, "preset",
            TimeRange.Preset.WHOLE);
    private final StringProperty customFrom = new SimpleStringProperty(this, "customFrom", "");
    private final StringProperty customTo = new SimpleStringProperty(this, "customTo", "");
    private final ReadOnlyStringWrapper customError = new ReadOnlyStringWrapper(this, "customError", "");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description", "");
    private boolean applying;
    private long request;

    public TimeRangeModel(WorkspaceSession session, TaskRunner runner, Messages messages) {
        this.session = session;
        this.runner = runner;
        this.messages = messages;
        session.pathProperty().addListener((obs, old, now) -> {
            range.set(TimeRange.WHOLE);
            setPreset(TimeRange.Preset.WHOLE);
        });
        session.revisionProperty().addListener((obs, old, rev) -> loadExtent());
        preset.addListener((obs, old, now) -> {
            if (!applying && now != null) {
                choose(now);
            }
        });
        range.addListener((obs, old, now) -> describe());
        extent.addListener((obs, old, now) -> describe());
        loadExtent();
    }

    private void loadExtent() {
        long mine = ++request;
        if (!session.isOpen()) {
            extent.set(null);
            return;
        }
        BackgroundTask.of(() -> new TimeExtentQuery(session.workspace()).spans())
                .onSuccess(found -> {
                    if (mine == request) {
                        extent.set(found.orElse(null));
                        if (range.get().preset().isRelative()) {
                            choose(range.get().preset());
                        }
                    }
                })
                .executeWith(runner);
    }

    /** Applies a preset; CUSTOM fills the from/to texts with the current range and waits for {@link #applyCustom}. */
    private void choose(TimeRange.Preset p) {
        customError.set("");
        switch (p) {
            case WHOLE -> range.set(TimeRange.WHOLE);
            case CUSTOM -> fillCustomTexts();
            default -> {
                TimeExtentQuery.Extent e = extent.get();
                range.set(e == null ? TimeRange.WHOLE : TimeRange.last(p, e.lastEndNs()));
            }
        }
        setPreset(p);
    }

    private void fillCustomTexts() {
        TimeRange r = range.get();
        TimeExtentQuery.Extent e = extent.get();
        long from = r.fromNs() != Long.MIN_VALUE ? r.fromNs() : e == null ? 0 : e.firstStartNs();
        long to = r.toNs() != Long.MAX_VALUE ? r.toNs() : e == null ? 0 : e.lastEndNs() + 1;
        if (e == null && r.isWhole()) {
            customFrom.set("");
            customTo.set("");
            return;
        }
        customFrom.set(text(from));
        customTo.set(text(to));
    }

    private void setPreset(TimeRange.Preset p) {
        applying = true;
        try {
            preset.set(p);
        } finally {
            applying = false;
        }
    }

    /**
     * Applies the custom from/to texts. A text that is no time, or a "to" not after "from", leaves the
     * range as it was and says why in {@link #customErrorProperty()}.
     *
     * @return whether the range changed to the texts' range
     */
    public boolean applyCustom() {
        Long from = parse(customFrom.get(), "time.custom.from");
        if (from == null) {
            return false;
        }
        Long to = parse(customTo.get(), "time.custom.to");
        if (to == null) {
            return false;
        }
        if (to <= from) {
            customError.set(messages.get("time.custom.error.order"));
            return false;
        }
        customError.set("");
        range.set(TimeRange.custom(from, to));
        setPreset(TimeRange.Preset.CUSTOM);
        return true;
    }

    private Long parse(String text, String fieldKey) {
        String t = text == null ? "" : text.strip();
        String field = messages.get(fieldKey);
        if (t.isEmpty()) {
            customError.set(messages.format("time.custom.error.empty", field));
            return null;
        }
        String norm = normalised(t);
        Long dateTime = dateTime(t);
        if (dateTime != null) {
            return dateTime;
        }
        try {
            LocalTime time = LocalTime.parse(norm, TIME);
            TimeExtentQuery.Extent e = extent.get();
            LocalDate day = e == null ? LocalDate.now(ZoneOffset.UTC)
                    : Instant.ofEpochSecond(0, e.firstStartNs()).atZone(ZoneOffset.UTC).toLocalDate();
            return ns(LocalDateTime.of(day, time));
        } catch (DateTimeParseException notATime) {
            customError.set(messages.format("time.custom.error.format", field, t));
            return null;
        }
    }

    private static String normalised(String t) {
        String norm = t.strip().replace('T', ' ');
        if (norm.endsWith("Z")) {
            norm = norm.substring(0, norm.length() - 1).strip();
        } else if (norm.toUpperCase(Locale.ROOT).endsWith("UTC")) {
            norm = norm.substring(0, norm.length() - 3).strip();
        }
        return norm;
    }

    /**
     * A date and time in UTC as the custom fields take it ({@code 2025-10-09 08:53:20}, with {@code T},
     * milliseconds, {@code Z} or {@code UTC} optional) as Unix ns; null when it is not one.
     */
    public static Long dateTime(String text) {
        try {
            return ns(LocalDateTime.parse(normalised(text == null ? "" : text), DATE_TIME));
        } catch (DateTimeParseException | ArithmeticException notADateTime) {
            return null;
        }
    }

    private static long ns(LocalDateTime t) {
        Instant i = t.toInstant(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /**
     * Sets the range to [fromNs, toNs) — a window dragged on a time chart. The bounds may come in
     * either order; an empty window changes nothing.
     */
    public void select(long fromNs, long toNs) {
        long from = Math.min(fromNs, toNs);
        long to = Math.max(fromNs, toNs);
        if (from == to) {
            return;
        }
        customError.set("");
        range.set(TimeRange.custom(from, to));
        setPreset(TimeRange.Preset.CUSTOM);
        customFrom.set(text(from));
        customTo.set(text(to));
    }

    /** Back to the whole data. */
    public void reset() {
        choose(TimeRange.Preset.WHOLE);
    }

    private void describe() {
        TimeRange r = range.get();
        TimeExtentQuery.Extent e = extent.get();
        if (e == null && r.isWhole()) {
            description.set("");
            return;
        }
        long from = r.fromNs() == Long.MIN_VALUE ? e.firstStartNs() : r.fromNs();
        long to = r.toNs() == Long.MAX_VALUE ? e.lastEndNs() : r.toNs();
        String window = window(from, to);
        String length = Formats.duration((to - from) / 1e6);
        description.set(switch (r.preset()) {
            case WHOLE -> messages.format("time.status.whole", window, length);
            case CUSTOM -> messages.format("time.status.custom", window, length);
            default -> messages.format("time.status.last", r.preset().minutes(), window);
        });
    }

    /** "2025-10-09 08:53:20 – 09:10:00 UTC", the date given once when both ends share it. */
    public static String window(long fromNs, long toNs) {
        LocalDateTime from = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, fromNs), ZoneOffset.UTC);
        LocalDateTime to = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, toNs), ZoneOffset.UTC);
        String end = from.toLocalDate().equals(to.toLocalDate()) ? CLOCK.format(to) : SECONDS.format(to);
        return SECONDS.format(from) + " \u2013 " + end + " UTC";
    }

    /** A time as the custom fields show it: to the second, or the millisecond when it has one. */
    public static String text(long ns) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, ns), ZoneOffset.UTC);
        return (t.getNano() / 1_000_000 == 0 ? SECONDS : MILLIS).format(t);
    }

    /** The session's range; views refresh when it changes. */
    public ReadOnlyObjectProperty<TimeRange> rangeProperty() {
        return range.getReadOnlyProperty();
    }

    public TimeRange range() {
        return range.get();
    }

    /** When the workspace's spans happened (first start, last end); null without spans. */
    public ReadOnlyObjectProperty<TimeExtentQuery.Extent> extentProperty() {
        return extent.getReadOnlyProperty();
    }

    /** The picker's choice: setting WHOLE or a "last N minutes" applies it; CUSTOM waits for {@link #applyCustom}. */
    public ObjectProperty<TimeRange.Preset> presetProperty() {
        return preset;
    }

    public StringProperty customFromProperty() {
        return customFrom;
    }

    public StringProperty customToProperty() {
        return customTo;
    }

    /** Why the custom texts were not applied; empty when they were. */
    public ReadOnlyStringProperty customErrorProperty() {
        return customError.getReadOnlyProperty();
    }

    /** The range in words for the status bar ("Time: last 15 min of the data · 08:55:00 – 09:10:00 UTC"); empty without data. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }
}
