package io.prodlab.ui.traces;

import io.prodlab.model.TraceSummary;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.Filter;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.TraceQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.FieldCatalogCache;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskHandle;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trace search: the criteria (a filter expression, service, operation, a duration range, errors
 * only), validated here, over the session's time range; the search itself off the FX thread,
 * cancellable, and run again when the session's range changes; the results, which a rectangle
 * dragged on the duration-over-time chart narrows (as in Jaeger's search: it filters the table, it
 * does not change the session's range), sorted by whatever column the view says.
 */
public final class TraceSearchViewModel {
    /** How many traces one search returns at most (the newest). */
    public static final int LIMIT = 1000;
    /** Times without a zone are read as UTC, as the table shows them. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** A rectangle dragged on the chart: traces that start in [fromNs, toNs] and last [minMs, maxMs]. */
    public record Brush(long fromNs, long toNs, double minMs, double maxMs) {
        public boolean contains(TraceSummary t) {
            return t.startNs() >= fromNs && t.startNs() <= toNs && t.durationMs() >= minMs && t.durationMs() <= maxMs;
        }
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages m;
    private final TimeRangeModel timeRange;

    private final FilterCheck filterCheck;
    private final StringProperty filter;
    private final StringProperty service = new SimpleStringProperty(this, "service", "");
    private final StringProperty operation = new SimpleStringProperty(this, "operation", "");
    private final StringProperty minDuration = new SimpleStringProperty(this, "minDuration", "");
    private final StringProperty maxDuration = new SimpleStringProperty(this, "maxDuration", "");
    private final BooleanProperty errorsOnly = new SimpleBooleanProperty(this, "errorsOnly");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObservableList<String> services = FXCollections.observableArrayList();
    private final ObservableList<String> operations = FXCollections.observableArrayList();
    private Map<String, List<String>> operationsByService = Map.of();
    private final ReadOnlyObjectWrapper<ServiceColors> colors = new ReadOnlyObjectWrapper<>(this, "colors",
            ServiceColors.NONE);

    private final ObservableList<TraceSummary> all = FXCollections.observableArrayList();
    // One wrapper, held here: it listens to the list weakly, so a wrapper nobody holds stops telling.
    private final ObservableList<TraceSummary> allView = FXCollections.unmodifiableObservableList(all);
    private final FilteredList<TraceSummary> brushed = new FilteredList<>(all, t -> true);
    private final SortedList<TraceSummary> sorted = new SortedList<>(brushed);
    private final ObjectProperty<Brush> brush = new SimpleObjectProperty<>(this, "brush");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper truncated = new ReadOnlyBooleanWrapper(this, "truncated");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private boolean searched;
    private TaskHandle handle;
    private long request;

    public TraceSearchViewModel(WorkspaceSession session, TaskRunner runner, Messages messages,
                                TimeRangeModel timeRange) {
        this.session = session;
        this.runner = runner;
        this.m = messages;
        this.timeRange = timeRange;
        this.filterCheck = new FilterCheck(session, runner, messages, new FieldCatalogCache())
                .countWithin(timeRange.rangeProperty());
        this.filter = filterCheck.textProperty();
        // The session's range changed (on any screen): the results shown are searched again over it.
        timeRange.rangeProperty().addListener((obs, old, range) -> {
            if (searched || running.get()) {
                search();
            }
        });
        brush.addListener((obs, old, b) -> {
            brushed.setPredicate(b == null ? t -> true : b::contains);
            updateTexts();
        });
        service.addListener((obs, old, s) -> {
            operations.setAll(operationsByService.getOrDefault(s == null ? "" : s, List.of()));
            if (!operations.contains(operation.get())) {
                operation.set("");
            }
        });
        session.revisionProperty().addListener((obs, old, rev) -> workspaceChanged());
        updateTexts();
    }

    /** A new workspace or new content: the lists of services and operations reload, the results go. */
    private void workspaceChanged() {
        cancel();
        all.clear();
        brush.set(null);
        searched = false;
        truncated.set(false);
        updateTexts();
        if (!session.isOpen()) {
            services.clear();
            operationsByService = Map.of();
            colors.set(ServiceColors.NONE);
            return;
        }
        BackgroundTask.of(() -> new TraceQuery(session.workspace()).operations())
                .onSuccess(ops -> {
                    operationsByService = ops;
                    List<String> names = new ArrayList<>(ops.keySet());
                    colors.set(new ServiceColors(names));
                    services.setAll(names);
                    operations.setAll(ops.getOrDefault(service.get(), List.of()));
                })
                .executeWith(runner);
    }

    /**
     * Checks the criteria and runs the search; returns false (and says why in {@link #problemProperty})
     * when they are not valid. A search still running is cancelled first.
     */
    public boolean search() {
        TraceQuery.Criteria criteria;
        try {
            criteria = criteria();
        } catch (InvalidCriteria e) {
            problem.set(e.getMessage());
            return false;
        }
        problem.set("");
        if (!session.isOpen()) {
            return false;
        }
        cancel();
        long mine = ++request;
        running.set(true);
        updateTexts();
        BackgroundTask<List<TraceSummary>> task = BackgroundTask.cancellable(
                token -> new TraceQuery(session.workspace()).search(criteria));
        handle = task.titled(m.get("traces.search.task"))
                .onSuccess(list -> {
                    if (mine == request) {
                        brush.set(null);
                        truncated.set(list.size() > LIMIT);
                        all.setAll(list.size() > LIMIT ? list.subList(0, LIMIT) : list);
                        searched = true;
                    }
                })
                .onError(WorkspaceException.class, e -> {
                    if (mine == request) {
                        // A cancelled statement fails; the user asked for it, so it is no problem to show.
                        if (!task.handle().isCancelled()) {
                            problem.set(e.getMessage());
                        }
                    }
                })
                .andFinally(() -> {
                    if (mine == request) {
                        running.set(false);
                        handle = null;
                        updateTexts();
                    }
                })
                .executeWith(runner);
        return true;
    }

    /** Stops the running search (its statement is cancelled in DuckDB). */
    public void cancel() {
        TaskHandle h = handle;
        if (h != null && h.isRunning()) {
            h.cancel();
            try {
                if (session.isOpen()) {
                    Workspace ws = session.workspace();
                    ws.cancelRunningQuery();
                }
            } catch (WorkspaceException ignored) {
                // closed meanwhile: nothing runs any more
            }
        }
    }

    private static final class InvalidCriteria extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCriteria(String message) {
            super(message);
        }
    }

    /** The criteria as the store takes them. */
    TraceQuery.Criteria criteria() throws InvalidCriteria {
        SqlFilter f;
        try {
            f = FilterCompiler.compileOptional(filter.get(), "s", FieldCatalog.NONE);
        } catch (FilterSyntaxException e) {
            throw new InvalidCriteria(m.format("traces.search.bad-filter", e.getMessage()));
        }
        Long min = duration(minDuration.get(), "traces.search.min");
        Long max = duration(maxDuration.get(), "traces.search.max");
        if (min != null && max != null && min > max) {
            throw new InvalidCriteria(m.get("traces.search.bad-range"));
        }
        TimeRange range = timeRange.range();
        return new TraceQuery.Criteria(f.sql(), f.params(), blankToNull(service.get()), blankToNull(operation.get()),
                min, max, errorsOnly.get(), range.fromNs(), range.toNs(), LIMIT + 1);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A duration in the filter language's syntax (250ms, 1.5s), or null when blank. */
    private Long duration(String text, String field) throws InvalidCriteria {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            // The filter language's own duration literal, so the two read durations the same way.
            if (FilterParser.parse("duration = " + text.strip()) instanceof Filter.Compare c
                    && c.value() instanceof Filter.Duration d && d.nanos() >= 0) {
                return d.nanos();
            }
        } catch (FilterSyntaxException e) {
            // said below
        }
        throw new InvalidCriteria(m.format("traces.search.bad-duration", m.get(field), text.strip()));
    }

    private void updateTexts() {
        if (running.get()) {
            summary.set(m.get("traces.search.running"));
            emptyText.set(m.get("traces.search.running"));
            return;
        }
        if (!session.isOpen()) {
            summary.set("");
            emptyText.set(m.get("traces.search.no-workspace"));
            return;
        }
        if (!searched) {
            summary.set("");
            emptyText.set(m.get("traces.search.prompt"));
            return;
        }
        String key = truncated.get() ? "traces.search.summary.more" : "traces.search.summary";
        String text = m.format(key, all.size());
        if (brush.get() != null) {
            text = m.format("traces.search.summary.brushed", brushed.size(), text);
        }
        summary.set(text);
        emptyText.set(all.isEmpty() ? m.get("traces.search.none") : m.get("traces.search.none-brushed"));
    }

    /** "2026-11-01 12:29:51.212" (UTC), as the table shows a start. */
    public static String formatTime(long ns) {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)));
    }

    // --- properties ----------------------------------------------------------------------

    public StringProperty filterProperty() {
        return filter;
    }

    public StringProperty serviceProperty() {
        return service;
    }

    public StringProperty operationProperty() {
        return operation;
    }

    public StringProperty minDurationProperty() {
        return minDuration;
    }

    public StringProperty maxDurationProperty() {
        return maxDuration;
    }

    /** The filter's check: the filter field shows its error with the column, or the matching spans. */
    public FilterCheck filterCheck() {
        return filterCheck;
    }

    /** The session's time range the search runs over (the screen's picker binds to it). */
    public TimeRangeModel timeRange() {
        return timeRange;
    }

    public BooleanProperty errorsOnlyProperty() {
        return errorsOnly;
    }

    /** Why the criteria cannot be searched (or the search failed); empty when all is well. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }


    /** The workspace's services, for the service picker. */
    public ObservableList<String> services() {
        return services;
    }

    /** The chosen service's operations. */
    public ObservableList<String> operations() {
        return operations;
    }

    /** The colour each service has in every trace view. */
    public ReadOnlyObjectProperty<ServiceColors> colorsProperty() {
        return colors.getReadOnlyProperty();
    }

    /** Every trace the search found (what the chart shows). */
    public ObservableList<TraceSummary> results() {
        return allView;
    }

    /** The traces within the brush, sorted; the view binds its comparator to the table's. */
    public SortedList<TraceSummary> rows() {
        return sorted;
    }

    /** The chart's selection; null shows every result. */
    public ObjectProperty<Brush> brushProperty() {
        return brush;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True when there were more traces than {@link #LIMIT}; only the newest are shown. */
    public ReadOnlyBooleanProperty truncatedProperty() {
        return truncated.getReadOnlyProperty();
    }

    /** "42 traces", "12 of 42 traces in the selection". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }
}
