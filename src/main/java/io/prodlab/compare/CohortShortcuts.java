package io.prodlab.compare;

import io.prodlab.query.FilterText;
import io.prodlab.store.CohortShortcutQuery;
import io.prodlab.store.CohortShortcutQuery.AttributeValueCount;
import io.prodlab.store.CohortShortcutQuery.EventVariantCount;
import io.prodlab.store.CohortShortcutQuery.VersionCount;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cohorts proposed from what the workspace holds, each with its counts, for the cohort builder
 * ("compare the canary with its baseline" in one click) and for automation:
 * <ul>
 *   <li>{@link Kind#SERVICE_VERSION}: each service with two or more versions, one cohort per version,
 *       the version with most spans first (the baseline), the others as canaries;</li>
 *   <li>{@link Kind#FLAG_ATTRIBUTE}: each feature-flag-like span attribute with 2 to 8 values — the
 *       variant keys of the semantic conventions ({@code feature_flag.result.variant},
 *       {@code feature_flag.variant}, {@code feature_flag.result.value}) per flag
 *       ({@code feature_flag.key}), and any other key named like {@code *flag*} or {@code *variant*};
 *       a value counts as a variant when {@value #MIN_VARIANT_SPANS} or more spans hold it;</li>
 *   <li>{@link Kind#FLAG_EVENT}: each flag of the {@code feature_flag.evaluation} span events, one
 *       cohort per variant, as {@code event(...)} filters: a span belongs when it has such an event,
 *       and by trace (unit {@code trace}) its trace belongs;</li>
 *   <li>{@link Kind#TIME_WINDOW}: a window (drawn by the user, or from an annotation) against the
 *       steady-state window of the same length just before it ({@link #byTimeWindow}).</li>
 * </ul>
 * For variants, a variant named like a control ({@code control}, {@code baseline}, {@code off},
 * {@code false}, ...) is the baseline, else the variant with most spans. Every cohort is an
 * ordinary {@link Cohort} (a name and a filter in the filter language, and for time windows a
 * window), so a suggestion can be edited like a typed one.
 *
 * <p>More places to propose cohorts from (log records with flag evaluations, imported exposure
 * logs, fault-injection annotations) plug in as further {@link Source}s:
 * {@code new CohortShortcuts(ws, List.of(CohortShortcuts.SPANS, logSource))}.
 */
public final class CohortShortcuts {
    /** Where a suggestion comes from. */
    public enum Kind {
        SERVICE_VERSION, FLAG_ATTRIBUTE, FLAG_EVENT, TIME_WINDOW;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The fewest and the most cohorts a suggestion has (a comparison takes 2 to 8). */
    public static final int MIN_COHORTS = 2;
    public static final int MAX_COHORTS = 8;
    /**
     * The fewest spans a flag variant needs to be proposed: values on fewer are left out before the
     * 2–8 rule, so that an id-like key (every value on a span or two) makes no flag.
     */
    public static final int MIN_VARIANT_SPANS = 5;

    /** Variant names that read as the control group, in order of preference. */
    static final List<String> CONTROL_NAMES = List.of("control", "baseline", "default", "off", "false", "disabled",
            "old", "a");

    /** A proposed cohort and how many spans (and distinct traces) it holds. */
    public record CohortCount(Cohort cohort, long spans, long traces) {
    }

    /**
     * One proposal: the cohorts to compare, the first the baseline.
     *
     * @param subject the service or flag it is about ({@code checkout}, {@code new-recommendations}),
     *                or for a time window its filter (blank for every span)
     * @param title   how a list shows it: {@code checkout: 1.5.0-canary vs 1.4.0 (service.version)}
     * @param notes   what to know before using it (traces in several cohorts, a short steady state)
     */
    public record Suggestion(Kind kind, String subject, String title, List<CohortCount> cohorts, List<String> notes) {
        public Suggestion {
            cohorts = List.copyOf(cohorts);
            notes = List.copyOf(notes);
        }

        /** The cohorts alone, ready for {@link ComparisonService#compare}. */
        public List<Cohort> cohortList() {
            return cohorts.stream().map(CohortCount::cohort).toList();
        }

        public Cohort baseline() {
            return cohorts.get(0).cohort();
        }
    }

    /** A place suggestions come from, reading the workspace over the shortcuts' window ({@link CohortShortcutQuery}). */
    @FunctionalInterface
    public interface Source {
        List<Suggestion> suggest(CohortShortcutQuery data) throws WorkspaceException;
    }

    /** The spans: service versions, flag attributes, flag evaluation events. */
    public static final Source SPANS = q -> {
        List<Suggestion> out = new ArrayList<>(byServiceVersion(q));
        out.addAll(byFlagAttribute(q));
        out.addAll(byFlagEvent(q));
        return out;
    };

    private final Workspace ws;
    private final List<Source> sources;
    /** What the suggestions count: the spans in the window, or all of them. */
    private final CohortShortcutQuery data;

    /** Suggestions from all the workspace's spans ({@link #SPANS}). */
    public CohortShortcuts(Workspace ws) {
        this(ws, List.of(SPANS));
    }

    public CohortShortcuts(Workspace ws, List<Source> sources) {
        this(ws, sources, null);
    }

    /**
     * Suggestions whose counts are of the spans that start in {@code within} (the session's range, as
     * a comparison over it takes them); null for all the spans.
     */
    public CohortShortcuts(Workspace ws, List<Source> sources, TimeWindow within) {
        this.ws = Objects.requireNonNull(ws, "ws");
        this.sources = List.copyOf(sources);
        this.data = within == null ? new CohortShortcutQuery(ws)
                : new CohortShortcutQuery(ws, within.startNs(), within.endNs());
    }

    /** Every suggestion of every source, in the sources' order. Off the FX thread: it reads every span. */
    public List<Suggestion> suggest() throws WorkspaceException {
        List<Suggestion> out = new ArrayList<>();
        for (Source s : sources) {
            out.addAll(s.suggest(data));
        }
        return out;
    }

    public List<Suggestion> byServiceVersion() throws WorkspaceException {
        return byServiceVersion(data);
    }

    public List<Suggestion> byFlagAttribute() throws WorkspaceException {
        return byFlagAttribute(data);
    }

    public List<Suggestion> byFlagEvent() throws WorkspaceException {
        return byFlagEvent(data);
    }

    /** The time the workspace's spans cover (first start to last end), or empty without spans. */
    public Optional<TimeWindow> timeRange() throws WorkspaceException {
        CohortShortcutQuery.TimeRange r = new CohortShortcutQuery(ws).timeRange();
        return r.startNs() == null || r.endNs() <= r.startNs() ? Optional.empty()
                : Optional.of(new TimeWindow(r.startNs(), r.endNs()));
    }

    /**
     * A window against the steady state: cohort "steady state" (the baseline) is the window of the
     * same length that ends where {@code window} starts, cohort "window" is {@code window}; both
     * take the spans of {@code filter} (blank for every span) that start in them.
     */
    public Suggestion byTimeWindow(TimeWindow window, String filter) throws WorkspaceException, CohortException {
        String f = filter == null ? "" : filter.strip();
        TimeWindow before = window.before();
        List<CohortCount> cohorts = List.of(count(new Cohort("steady state", f, before)),
                count(new Cohort("window", f, window)));
        List<String> notes = new ArrayList<>();
        Optional<TimeWindow> range = timeRange();
        if (range.isPresent() && before.startNs() < range.get().startNs()) {
            notes.add(String.format(Locale.ROOT, "the spans start %.1f s into the steady-state window: it covers "
                    + "less time than the window", (range.get().startNs() - before.startNs()) / 1e9));
        }
        String scope = f.isEmpty() ? "" : " of " + f;
        return new Suggestion(Kind.TIME_WINDOW, f, "window " + window + " vs the steady state before it" + scope,
                cohorts, notes);
    }

    /** Counts the spans and traces of any cohort (its filter and window), e.g. as the user types. */
    public CohortCount count(Cohort c) throws WorkspaceException, CohortException {
        var condition = CohortConditions.of(c, io.prodlab.query.FieldCatalog.NONE);
        CohortShortcutQuery.Count n = new CohortShortcutQuery(ws).matching(condition.sql(), condition.params());
        return new CohortCount(c, n.spans(), n.traces());
    }

    // --- the span source --------------------------------------------------------------------------

    static List<Suggestion> byServiceVersion(CohortShortcutQuery q) throws WorkspaceException {
        Map<String, List<VersionCount>> byService = new LinkedHashMap<>();
        for (VersionCount v : q.serviceVersions()) {
            byService.computeIfAbsent(v.service(), k -> new ArrayList<>()).add(v);
        }
        List<Suggestion> out = new ArrayList<>();
        for (Map.Entry<String, List<VersionCount>> e : byService.entrySet()) {
            // the query orders each service's versions by spans, most first: the first is the baseline
            List<VersionCount> versions = e.getValue().subList(0, Math.min(MAX_COHORTS, e.getValue().size()));
            List<CohortCount> cohorts = new ArrayList<>();
            for (VersionCount v : versions) {
                String filter = "service.name = " + FilterText.string(v.service()) + " and service.version = "
                        + FilterText.string(v.version());
                cohorts.add(new CohortCount(new Cohort(v.version(), filter), v.spans(), v.traces()));
            }
            List<String> notes = new ArrayList<>();
            if (e.getValue().size() > MAX_COHORTS) {
                notes.add((e.getValue().size() - MAX_COHORTS) + " smaller versions left out (a comparison takes at most "
                        + MAX_COHORTS + " cohorts)");
            }
            out.add(new Suggestion(Kind.SERVICE_VERSION, e.getKey(), e.getKey() + ": " + versus(cohorts)
                    + " (service.version)", cohorts, notes));
        }
        return out;
    }

    static List<Suggestion> byFlagAttribute(CohortShortcutQuery q) throws WorkspaceException {
        Map<List<String>, List<AttributeValueCount>> groups = new LinkedHashMap<>();
        for (AttributeValueCount v : q.flagAttributeValues(MIN_COHORTS, MAX_COHORTS, MIN_VARIANT_SPANS)) {
            groups.computeIfAbsent(java.util.Arrays.asList(v.key(), v.flag()), k -> new ArrayList<>()).add(v);
        }
        List<Suggestion> out = new ArrayList<>();
        for (List<AttributeValueCount> values : groups.values()) {
            AttributeValueCount first = values.get(0);
            boolean perFlag = CohortShortcutQuery.VARIANT_KEYS.contains(first.key());
            String flagTerm = !perFlag ? "" : first.flag() == null
                    ? "not span.feature_flag.key exists and "
                    : "span.feature_flag.key = " + FilterText.string(first.flag()) + " and ";
            List<CohortCount> cohorts = new ArrayList<>();
            for (AttributeValueCount v : controlFirst(values, AttributeValueCount::value)) {
                String filter = flagTerm + FilterText.spanAttribute(v.key()) + " = " + FilterText.value(v.type(), v.value());
                cohorts.add(new CohortCount(new Cohort(distinctName(v.value(), cohorts), filter), v.spans(), v.traces()));
            }
            String subject = perFlag && first.flag() != null ? first.flag() : first.key();
            String title = (perFlag && first.flag() != null ? "flag " + first.flag() : first.key()) + ": "
                    + versus(cohorts) + " (span attribute " + first.key() + ")";
            out.add(new Suggestion(Kind.FLAG_ATTRIBUTE, subject, title, cohorts, List.of()));
        }
        return out;
    }

    static List<Suggestion> byFlagEvent(CohortShortcutQuery q) throws WorkspaceException {
        Map<String, List<EventVariantCount>> byFlag = new LinkedHashMap<>();
        for (EventVariantCount v : q.flagEventVariants(MIN_COHORTS, MAX_COHORTS, MIN_VARIANT_SPANS)) {
            byFlag.computeIfAbsent(v.flag(), k -> new ArrayList<>()).add(v);
        }
        Map<String, Long> mixed = new LinkedHashMap<>();
        q.mixedEventTraces().forEach(m -> mixed.put(m.flag(), m.traces()));
        List<Suggestion> out = new ArrayList<>();
        for (Map.Entry<String, List<EventVariantCount>> e : byFlag.entrySet()) {
            List<CohortCount> cohorts = new ArrayList<>();
            List<EventVariantCount> ordered = controlFirst(e.getValue(), EventVariantCount::variant);
            for (EventVariantCount v : ordered) {
                String filter = "event(name = " + FilterText.string(CohortShortcutQuery.EVALUATION_EVENT)
                        + " and feature_flag.key = " + FilterText.string(e.getKey()) + " and "
                        + FilterText.eventAttribute(v.variantKey()) + " = " + FilterText.value(v.type(), v.variant()) + ")";
                cohorts.add(new CohortCount(new Cohort(distinctName(v.variant(), cohorts), filter), v.spans(), v.traces()));
            }
            List<String> notes = new ArrayList<>();
            long m = mixed.getOrDefault(e.getKey(), 0L);
            if (m > 0) {
                notes.add(m + " traces evaluated the flag to more than one variant: by trace they are in more than "
                        + "one cohort");
            }
            out.add(new Suggestion(Kind.FLAG_EVENT, e.getKey(), "flag " + e.getKey() + ": " + versus(cohorts) + " ("
                    + CohortShortcutQuery.EVALUATION_EVENT + " events)", cohorts, notes));
        }
        return out;
    }

    /** A variant named like a control first, the rest as they came (most spans first). */
    static <T> List<T> controlFirst(List<T> values, java.util.function.Function<T, String> name) {
        List<T> out = new ArrayList<>(values);
        for (String control : CONTROL_NAMES) {
            for (int i = 0; i < out.size(); i++) {
                if (control.equalsIgnoreCase(name.apply(out.get(i)))) {
                    out.add(0, out.remove(i));
                    return out;
                }
            }
        }
        return out;
    }

    /** Two variants whose texts are equal (the string "1" and the number 1) get told apart. */
    private static String distinctName(String name, List<CohortCount> taken) {
        String n = name;
        for (int k = 2; isTaken(n, taken); k++) {
            n = name + " (" + k + ")";
        }
        return n;
    }

    private static boolean isTaken(String name, List<CohortCount> taken) {
        return taken.stream().anyMatch(c -> c.cohort().name().equals(name));
    }

    /** {@code candidate vs baseline}, or {@code b, c vs a}. */
    private static String versus(List<CohortCount> cohorts) {
        List<String> names = cohorts.stream().map(c -> c.cohort().name()).toList();
        return String.join(", ", names.subList(1, names.size())) + " vs " + names.get(0);
    }
}
