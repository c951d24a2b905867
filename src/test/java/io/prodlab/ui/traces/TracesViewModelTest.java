package io.prodlab.ui.traces;

import io.prodlab.graph.TraceComparison;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracesViewModelTest {
    private static final String T1 = "000000000000000000000000000000a1";
    private static final String T2 = "000000000000000000000000000000b2";

    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages m = Messages.load();
    private int revealed;
    private final TimeRangeModel timeRange = new TimeRangeModel(session, runner, m);
    private final TracesViewModel vm = new TracesViewModel(session, runner, m, timeRange, () -> revealed++);
    private SpanRecord cart;
    private SpanRecord redis;

    /**
     * T1 (100 ms, at 1 s): frontend → cart (→ redis), payment (an error); a span whose parent is missing;
     * a child of cart that starts before it (clock skew). T2 (300 ms, at 5 s): frontend → cart → postgres.
     */
    @BeforeEach
    void openAWorkspaceWithTwoTraces() throws Exception {
        Path ws = dir.resolve("t.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws); ImportWriter iw = w.beginImport("t", "t", "otlp-json", 1)) {
            SpanRecord root = aSpan().traceId(T1).service("frontend").name("GET /").kind(SpanKind.SERVER)
                    .startMs(1_000).durationMs(100).resource("{\"service.name\":\"frontend\",\"host.name\":\"a\"}")
                    .build();
            cart = aSpan().childOf(root).service("cart").name("get").startMs(1_010).durationMs(40)
                    .attributes("{\"http.route\":\"/cart\",\"items\":3}").build();
            redis = aSpan().childOf(cart).service("redis").name("GET").startMs(1_005).durationMs(5).build();
            SpanRecord pay = aSpan().childOf(root).service("payment").name("charge").startMs(1_060).durationMs(30)
                    .error("declined").build();
            SpanRecord orphan = aSpan().traceId(T1).spanId("00000000000000ee").service("email").name("send")
                    .startMs(1_020).durationMs(3).build();
            orphan = new SpanRecord(T1, orphan.spanId(), "ffffffffffffffff", "email", "", "send", orphan.kind(),
                    orphan.startNs(), orphan.endNs(), orphan.status(), "", "{}", "{}", "", "", "");
            for (SpanRecord s : List.of(root, cart, redis, pay, orphan)) {
                iw.addSpan(s);
            }
            SpanRecord r2 = aSpan().traceId(T2).service("frontend").name("GET /").kind(SpanKind.SERVER)
                    .startMs(5_000).durationMs(300).build();
            SpanRecord c2 = aSpan().childOf(r2).service("cart").name("get").startMs(5_010).durationMs(250).build();
            for (SpanRecord s : List.of(r2, c2, aSpan().childOf(c2).service("postgres").name("SELECT")
                    .startMs(5_020).durationMs(200).build())) {
                iw.addSpan(s);
            }
            iw.commit("test");
        }
        session.open(ws, false).executeWith(runner);
    }

    @AfterEach
    void close() {
        session.close().executeWith(runner);
    }

    @Test
    void searchFindsTracesAndTheChartsBrushNarrowsTheRows() {
        assertEquals(List.of("cart", "email", "frontend", "payment", "postgres", "redis"), vm.search().services());
        assertEquals(0, vm.search().colorsProperty().get().of("cart"), "colours follow the services' names");
        assertEquals(5, vm.search().colorsProperty().get().of("redis"));

        assertTrue(vm.search().search());
        assertEquals(List.of(T2, T1), vm.search().rows().stream().map(t -> t.traceId()).toList());
        assertEquals(m.format("traces.search.summary", 2), vm.search().summaryProperty().get());

        // A rectangle around T1 only: its start and a duration band around 100 ms.
        vm.search().brushProperty().set(new TraceSearchViewModel.Brush(500_000_000L, 2_000_000_000L, 50, 150));
        assertEquals(List.of(T1), vm.search().rows().stream().map(t -> t.traceId()).toList());
        assertTrue(vm.search().summaryProperty().get().startsWith("1 in the chart"), vm.search().summaryProperty().get());
        assertEquals(2, vm.search().results().size(), "the chart keeps every result");
        vm.search().brushProperty().set(null);
        assertEquals(2, vm.search().rows().size());
    }

    @Test
    void criteriaCombine() {
        vm.search().serviceProperty().set("cart");
        assertEquals(List.of("get"), vm.search().operations());
        vm.search().minDurationProperty().set("200ms");
        vm.search().search();
        assertEquals(List.of(T2), vm.search().rows().stream().map(t -> t.traceId()).toList());
        vm.search().minDurationProperty().set("");
        vm.search().errorsOnlyProperty().set(true);
        vm.search().search();
        assertEquals(List.of(T1), vm.search().rows().stream().map(t -> t.traceId()).toList());
        vm.search().serviceProperty().set("");
        vm.search().errorsOnlyProperty().set(false);
        vm.search().filterProperty().set("items >= 3");
        vm.search().search();
        assertEquals(List.of(T1), vm.search().rows().stream().map(t -> t.traceId()).toList());
        vm.search().serviceProperty().set("postgres");
        assertEquals("", vm.search().operationProperty().get(), "an operation of another service is dropped");
    }

    @Test
    void theSearchRunsOverTheSessionsRangeAndAgainWhenItChanges() {
        vm.search().search();
        assertEquals(2, vm.search().results().size());
        // T1 starts at 1 s, T2 at 5 s: a range of the first 3 s keeps T1 only, searched again at once.
        timeRange.select(0, 3_000_000_000L);
        assertEquals(List.of(T1), vm.search().results().stream().map(t -> t.traceId()).toList());
        timeRange.select(4_000_000_000L, 6_000_000_000L);
        assertEquals(List.of(T2), vm.search().results().stream().map(t -> t.traceId()).toList());
        timeRange.reset();
        assertEquals(2, vm.search().results().size());
    }

    @Test
    void aRangeChangeBeforeAnySearchDoesNotSearch() {
        timeRange.select(0, 3_000_000_000L);
        assertFalse(vm.search().runningProperty().get());
        assertTrue(vm.search().results().isEmpty());
        assertEquals(m.get("traces.search.prompt"), vm.search().emptyTextProperty().get());
    }

    @Test
    void badCriteriaAreRefusedWithWhatIsWrong() {
        vm.search().filterProperty().set("duration >");
        vm.search().filterCheck().check();
        assertEquals(FilterCheck.State.INVALID, vm.search().filterCheck().stateProperty().get());
        assertEquals(11, vm.search().filterCheck().errorColumnProperty().get());
        assertFalse(vm.search().search());
        assertTrue(vm.search().problemProperty().get().startsWith("Filter: at column"));
        vm.search().filterProperty().set("");
        vm.search().filterCheck().check();
        assertEquals(FilterCheck.State.VALID, vm.search().filterCheck().stateProperty().get());

        for (String bad : List.of("fast", "12", "-5ms", "5 parsecs")) {
            vm.search().minDurationProperty().set(bad);
            assertFalse(vm.search().search(), bad);
            assertTrue(vm.search().problemProperty().get().contains("is not a duration"), bad);
        }
        vm.search().minDurationProperty().set("2s");
        vm.search().maxDurationProperty().set("1s");
        assertFalse(vm.search().search());
        assertEquals(m.get("traces.search.bad-range"), vm.search().problemProperty().get());
        vm.search().minDurationProperty().set("");
        vm.search().maxDurationProperty().set("");
        assertTrue(vm.search().rows().isEmpty());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void openingATraceShowsItsTreeCriticalPathAndFlags() {
        vm.openTrace(T1.toUpperCase(java.util.Locale.ROOT));
        assertEquals(1, revealed, "the screen comes forward");
        assertEquals(TracesViewModel.Tab.TRACE, vm.tabProperty().get());
        TraceViewModel t = vm.trace();
        WaterfallModel w = t.modelProperty().get();
        assertEquals(T1, w.traceId());
        assertEquals(List.of("frontend: GET /", "cart: get", "redis: GET", "payment: charge", "email: send"),
                t.visibleRows().stream().map(r -> r.span().serviceName() + ": " + r.span().name()).toList());
        WaterfallRow root = t.visibleRows().get(0);
        assertEquals(3, root.descendants());
        assertTrue(root.critical());
        assertTrue(t.visibleRows().get(3).critical(), "the root waited on payment last");
        assertTrue(t.visibleRows().get(2).clockSkew(), "redis starts before cart");
        assertTrue(t.visibleRows().get(4).orphan());
        assertEquals(0, t.visibleRows().get(0).depth());
        assertEquals(0, t.visibleRows().get(4).depth(), "an orphan is shown as a root");
        assertTrue(t.notesProperty().get().contains("1 orphan"), t.notesProperty().get());
        assertTrue(t.notesProperty().get().contains("clock"), t.notesProperty().get());
        assertEquals(List.of("frontend", "cart", "redis", "payment", "email"),
                t.legend().stream().map(TraceViewModel.LegendEntry::service).toList());
        assertEquals(root, t.selectedProperty().get(), "the root is selected first");
        assertTrue(t.titleProperty().get().startsWith("frontend: GET /"), t.titleProperty().get());
    }

    @Test
    void collapsingHidesASubtreeAndMovesTheSelectionToTheSpanThatHidesIt() {
        vm.openTrace(T1);
        TraceViewModel t = vm.trace();
        WaterfallRow cartRow = t.visibleRows().get(1);
        WaterfallRow redisRow = t.visibleRows().get(2);
        t.selectedProperty().set(redisRow);
        t.toggle(cartRow);
        assertTrue(t.isCollapsed(cartRow));
        assertEquals(4, t.visibleRows().size());
        assertFalse(t.visibleRows().contains(redisRow));
        assertEquals(cartRow, t.selectedProperty().get());
        t.collapseAll();
        assertEquals(4, t.visibleRows().size(), "only cart has children below the roots' level");
        t.setCollapsed(t.visibleRows().get(0), true);
        assertEquals(2, t.visibleRows().size(), "the root and the orphan");
        t.setCollapsed(t.visibleRows().get(1), true);
        assertEquals(2, t.visibleRows().size(), "a leaf does not collapse");
        t.expandAll();
        assertEquals(5, t.visibleRows().size());
    }

    @Test
    void aSelectedSpansDetailsListItsAttributesResourceAndStatus() {
        vm.openTrace(T1);
        TraceViewModel t = vm.trace();
        t.selectedProperty().set(t.visibleRows().get(1));
        List<DetailRow> d = t.details();
        assertTrue(d.contains(new DetailRow("Span", "Span id", cart.spanId())), d.toString());
        assertTrue(d.contains(new DetailRow("Attributes", "http.route", "/cart")), d.toString());
        assertTrue(d.contains(new DetailRow("Attributes", "items", "3")), d.toString());
        assertTrue(d.contains(new DetailRow("Span", "Start", m.format("traces.details.offset", "10.0 ms"))),
                d.toString());
        t.selectedProperty().set(t.visibleRows().get(0));
        assertTrue(t.details().contains(new DetailRow("Resource", "host.name", "a")), t.details().toString());
        t.selectedProperty().set(t.visibleRows().get(3));
        assertTrue(t.details().contains(new DetailRow("Span", "Status", "error: declined")), t.details().toString());
        t.selectedProperty().set(t.visibleRows().get(2));
        assertTrue(t.details().stream().anyMatch(r -> r.section().equals("Span") && r.key().equals("Flag")));
        t.selectedProperty().set(null);
        assertTrue(t.details().isEmpty());
    }

    @Test
    void aTraceThatIsNotThereOrNoIdSaysSo() {
        vm.openTrace("0000000000000000000000000000dead");
        assertTrue(vm.trace().modelProperty().get().rows().isEmpty());
        assertTrue(vm.trace().visibleRows().isEmpty());
        assertEquals(m.format("traces.trace.missing", "0000000000000000000000000000dead"),
                vm.trace().emptyTextProperty().get());
        vm.openTrace("xyz; drop table spans");
        assertNull(vm.trace().modelProperty().get());
        assertTrue(vm.trace().emptyTextProperty().get().contains("is not a trace id"));
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void comparingTwoTracesGivesTheStructureAndDurationDifferences() {
        vm.compareTraces(T1, T2);
        assertEquals(TracesViewModel.Tab.COMPARE, vm.tabProperty().get());
        List<TraceComparison.Node> rows = vm.compare().rows();
        assertEquals(List.of("frontend:GET / BOTH", "cart:get BOTH", "redis:GET ONLY_A", "postgres:SELECT ONLY_B",
                        "payment:charge ONLY_A", "email:send ONLY_A"),
                rows.stream().map(n -> n.service() + ":" + n.operation() + " " + n.change()).toList());
        assertEquals(210_000_000L, rows.get(1).durationDiffNs(), "cart: 250 ms against 40 ms");
        assertTrue(vm.compare().summaryProperty().get().startsWith("2 paths in both, 3 only in A, 1 only in B"),
                vm.compare().summaryProperty().get());
        vm.compare().swap();
        assertEquals(T2, vm.compare().traceAProperty().get());
        assertEquals(-210_000_000L, vm.compare().rows().get(1).durationDiffNs());
        vm.compare().compare(T1, "0000000000000000000000000000dead");
        assertTrue(vm.compare().rows().isEmpty());
        assertTrue(vm.compare().problemProperty().get().contains("dead"));
        vm.compare().compare(T1, "not a trace");
        assertTrue(vm.compare().problemProperty().get().contains("is not a trace id"));
    }

    @Test
    void aSearchCancelledBeforeItRunsLeavesNoResultAndStopsRunning() throws Exception {
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        TracesViewModel q = new TracesViewModel(session, queued, m, new TimeRangeModel(session, queued, m), () -> { });
        queued.runAll();
        assertTrue(q.search().search());
        assertTrue(q.search().runningProperty().get());
        q.search().cancel();
        queued.runAll();
        assertFalse(q.search().runningProperty().get());
        assertTrue(q.search().rows().isEmpty());
        assertEquals("", q.search().problemProperty().get());
        assertTrue(queued.unexpected().isEmpty());
    }
}
