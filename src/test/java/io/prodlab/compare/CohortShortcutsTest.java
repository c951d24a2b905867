package io.prodlab.compare;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cohort shortcuts on the demo shop: its planted canary (checkout 1.5.0-canary), its two flags
 * (as span attributes and as evaluation events) and its fault window. Every count is checked
 * twice: against plain SQL written without the filter language, and by counting the suggested
 * cohort's own filter — so a suggestion's filter selects what its count says.
 */
class CohortShortcutsTest {
    @TempDir
    static Path dir;
    private static Workspace ws;
    private static CohortShortcuts shortcuts;

    @BeforeAll
    static void demoShop() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"));
        new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
        shortcuts = new CohortShortcuts(ws);
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static long sql(String query) throws Exception {
        return ((Number) new SqlConsole(ws).query(query, 1).rows().get(0).get(0)).longValue();
    }

    /** The suggestion's counts are what its cohorts' filters select. */
    private static void countsAreWhatTheFiltersSelect(CohortShortcuts.Suggestion s) throws Exception {
        for (CohortShortcuts.CohortCount c : s.cohorts()) {
            CohortShortcuts.CohortCount again = shortcuts.count(c.cohort());
            assertEquals(c.spans(), again.spans(), c.cohort().toString());
            assertEquals(c.traces(), again.traces(), c.cohort().toString());
            assertTrue(c.spans() > 0, c.toString());
        }
    }

    @Test
    void proposesTheCanaryAgainstTheVersionWithMostSpans() throws Exception {
        List<CohortShortcuts.Suggestion> versions = shortcuts.byServiceVersion();
        assertEquals(List.of("checkout"), versions.stream().map(CohortShortcuts.Suggestion::subject).toList(),
                "only checkout runs two versions");
        CohortShortcuts.Suggestion s = versions.get(0);
        assertEquals(CohortShortcuts.Kind.SERVICE_VERSION, s.kind());
        assertEquals(List.of("1.4.0", "1.5.0-canary"), s.cohortList().stream().map(Cohort::name).toList());
        assertEquals("checkout: 1.5.0-canary vs 1.4.0 (service.version)", s.title());
        assertEquals("service.name = \"checkout\" and service.version = \"1.5.0-canary\"", s.cohortList().get(1).filter());
        assertEquals(sql("select count(*) from spans where service_name = 'checkout' and service_version = '1.5.0-canary'"),
                s.cohorts().get(1).spans());
        assertEquals(sql("select count(distinct trace_id) from spans where service_name = 'checkout' "
                + "and service_version = '1.4.0'"), s.cohorts().get(0).traces());
        assertTrue(s.cohorts().get(0).spans() > s.cohorts().get(1).spans());
        countsAreWhatTheFiltersSelect(s);
    }

    @Test
    void proposesEachFlagOfTheSpanAttributesWithControlAsBaseline() throws Exception {
        List<CohortShortcuts.Suggestion> flags = shortcuts.byFlagAttribute();
        CohortShortcuts.Suggestion recs = flags.stream().filter(f -> f.subject().equals("new-recommendations"))
                .findFirst().orElseThrow(() -> new AssertionError("no new-recommendations in " + flags));
        assertEquals(List.of("control", "treatment"), recs.cohortList().stream().map(Cohort::name).toList());
        assertEquals("span.feature_flag.key = \"new-recommendations\" and span.feature_flag.result.variant = \"treatment\"",
                recs.cohortList().get(1).filter());
        assertEquals(sql("select count(*) from spans where attributes->>'feature_flag.key' = 'new-recommendations' "
                + "and attributes->>'feature_flag.result.variant' = 'control'"), recs.cohorts().get(0).spans());
        countsAreWhatTheFiltersSelect(recs);
        assertTrue(flags.stream().anyMatch(f -> f.subject().equals("product-page-layout")), flags.toString());
        // the flag's key, provider and evaluated user are no variants
        assertTrue(flags.stream().noneMatch(f -> f.subject().startsWith("feature_flag.")), flags.toString());
        for (CohortShortcuts.Suggestion f : flags) {
            assertTrue(f.cohorts().size() >= 2 && f.cohorts().size() <= 8, f.toString());
            countsAreWhatTheFiltersSelect(f);
        }
    }

    @Test
    void proposesEachFlagOfTheEvaluationEventsAsEventFilters() throws Exception {
        List<CohortShortcuts.Suggestion> events = shortcuts.byFlagEvent();
        assertEquals(List.of("new-recommendations", "product-page-layout"),
                events.stream().map(CohortShortcuts.Suggestion::subject).toList());
        CohortShortcuts.Suggestion recs = events.get(0);
        assertEquals(CohortShortcuts.Kind.FLAG_EVENT, recs.kind());
        assertEquals("event(name = \"feature_flag.evaluation\" and feature_flag.key = \"new-recommendations\" and "
                + "feature_flag.result.variant = \"treatment\")", recs.cohortList().get(1).filter());
        assertEquals(sql("""
                select count(distinct (trace_id, span_id)) from span_events where name = 'feature_flag.evaluation'
                and attributes->>'feature_flag.key' = 'new-recommendations'
                and attributes->>'feature_flag.result.variant' = 'treatment'"""), recs.cohorts().get(1).spans());
        assertEquals(sql("""
                select count(distinct trace_id) from span_events where name = 'feature_flag.evaluation'
                and attributes->>'feature_flag.key' = 'new-recommendations'
                and attributes->>'feature_flag.result.variant' = 'control'"""), recs.cohorts().get(0).traces());
        for (CohortShortcuts.Suggestion s : events) {
            countsAreWhatTheFiltersSelect(s);
        }
    }

    @Test
    void aTimeWindowIsComparedWithTheSteadyStateOfTheSameLengthBeforeIt() throws Exception {
        long start = Instant.parse("2026-11-01T12:15:00Z").toEpochMilli() * 1_000_000L;
        long end = Instant.parse("2026-11-01T12:17:00Z").toEpochMilli() * 1_000_000L;
        CohortShortcuts.Suggestion s = shortcuts.byTimeWindow(new TimeWindow(start, end), "service.name = \"payment\"");
        assertEquals(List.of("steady state", "window"), s.cohortList().stream().map(Cohort::name).toList());
        assertEquals(new TimeWindow(start - (end - start), start), s.baseline().window());
        assertEquals(sql("select count(*) from spans where service_name = 'payment' and start_ns >= " + start
                + " and start_ns < " + end), s.cohorts().get(1).spans());
        assertEquals(sql("select count(*) from spans where service_name = 'payment' and start_ns >= "
                + (2 * start - end) + " and start_ns < " + start), s.cohorts().get(0).spans());
        assertEquals(List.of(), s.notes());
        countsAreWhatTheFiltersSelect(s);
    }

    @Test
    void aSteadyStateBeforeTheFirstSpanIsNoted() throws Exception {
        TimeWindow range = shortcuts.timeRange().orElseThrow();
        CohortShortcuts.Suggestion s = shortcuts.byTimeWindow(new TimeWindow(range.startNs() + 60_000_000_000L,
                range.startNs() + 240_000_000_000L), "");
        assertEquals(1, s.notes().size(), s.notes().toString());
        assertTrue(s.notes().get(0).startsWith("the spans start 120.0 s into the steady-state window"), s.notes().get(0));
    }

    @Test
    void suggestListsEverySourceInOrderAndMoreSourcesPlugIn() throws Exception {
        List<CohortShortcuts.Suggestion> all = shortcuts.suggest();
        assertEquals(CohortShortcuts.Kind.SERVICE_VERSION, all.get(0).kind());
        assertEquals(shortcuts.byServiceVersion().size() + shortcuts.byFlagAttribute().size()
                + shortcuts.byFlagEvent().size(), all.size());
        CohortShortcuts.Suggestion extra = shortcuts.byTimeWindow(shortcuts.timeRange().orElseThrow(), "");
        List<CohortShortcuts.Suggestion> more = new CohortShortcuts(ws, List.of(CohortShortcuts.SPANS,
                w -> List.of(extra))).suggest();
        assertEquals(all.size() + 1, more.size());
        assertEquals(extra, more.get(more.size() - 1));
    }

    @Test
    void aSuggestionRunsThroughTheComparison() throws Exception {
        CohortShortcuts.Suggestion s = shortcuts.byFlagEvent().get(0);
        ComparisonService.Result r = new ComparisonService(ws).compare(s.cohortList(),
                "service.name = \"recommendation\" and kind = server", Unit.TRACE,
                new ComparisonService.Options(0.95, 0, 1, 0.05, 0.8));
        // treatment adds 30 ms to recommendation's server span
        double diff = r.comparisons().get(0).welch().value().diff();
        assertTrue(diff > 20 && diff < 40, "diff " + diff);
    }
}
