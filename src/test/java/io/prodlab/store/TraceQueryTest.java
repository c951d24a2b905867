package io.prodlab.store;

import io.prodlab.model.SpanRecord;
import io.prodlab.model.TraceSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TraceQueryTest {
    private static final String T1 = "00000000000000000000000000000001";
    private static final String T2 = "00000000000000000000000000000002";
    private static final String T3 = "00000000000000000000000000000003";

    @TempDir
    Path dir;
    private Workspace ws;

    @BeforeEach
    void write() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("t.prodlab"));
        try (ImportWriter w = ws.beginImport("t.json", "abc", "otlp-json", 1)) {
            // T1: 100 ms, frontend → cart; T2: 300 ms with an error in payment; T3: 20 ms, frontend only.
            SpanRecord r1 = aSpan().traceId(T1).service("frontend").name("GET /").startMs(1_000).durationMs(100).build();
            w.addSpan(r1);
            w.addSpan(aSpan().childOf(r1).service("cart").name("get").startMs(1_010).durationMs(20).build());
            SpanRecord r2 = aSpan().traceId(T2).service("frontend").name("POST /pay").startMs(2_000).durationMs(300)
                    .build();
            w.addSpan(r2);
            w.addSpan(aSpan().childOf(r2).service("payment").name("charge").startMs(2_010).durationMs(250)
                    .error("declined").attributes("{\"amount\": 12}").build());
            w.addSpan(aSpan().traceId(T3).service("frontend").name("GET /").startMs(3_000).durationMs(20).build());
            w.commit("test");
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        ws.close();
    }

    private List<String> ids(String service, String operation, Long minMs, Long maxMs, boolean errors) throws Exception {
        return new TraceQuery(ws).search(new TraceQuery.Criteria(null, null, service, operation,
                        minMs == null ? null : minMs * 1_000_000, maxMs == null ? null : maxMs * 1_000_000, errors,
                        Long.MIN_VALUE, Long.MAX_VALUE, 10))
                .stream().map(TraceSummary::traceId).toList();
    }

    @Test
    void searchesByServiceOperationDurationAndErrors() throws Exception {
        assertEquals(List.of(T3, T2, T1), ids(null, null, null, null, false), "newest first");
        assertEquals(List.of(T1), ids("cart", null, null, null, false));
        assertEquals(List.of(T3, T1), ids("frontend", "GET /", null, null, false));
        assertEquals(List.of(), ids("cart", "GET /", null, null, false), "the operation of the service's spans");
        assertEquals(List.of(T2, T1), ids(null, null, 100L, null, false), "the lower bound is inclusive");
        assertEquals(List.of(T3, T1), ids(null, null, null, 100L, false), "so is the upper");
        assertEquals(List.of(T2), ids(null, null, null, null, true));
    }

    @Test
    void aSearchCombinesTheFilterWithTheOtherCriteria() throws Exception {
        var f = io.prodlab.query.FilterCompiler.compile("amount > 10", "s", io.prodlab.query.FieldCatalog.NONE);
        List<TraceSummary> hits = new TraceQuery(ws).search(new TraceQuery.Criteria(f.sql(), f.params(), "payment",
                null, null, null, false, 2_000_000_000L, 2_000_000_001L, 10));
        assertEquals(1, hits.size());
        TraceSummary t = hits.get(0);
        assertEquals("frontend", t.rootService());
        assertEquals("POST /pay", t.rootName());
        assertEquals(2, t.spans());
        assertEquals(1, t.errors());
        assertEquals(300.0, t.durationMs(), 1e-9);
        assertEquals(List.of(), new TraceQuery(ws).search(new TraceQuery.Criteria(f.sql(), f.params(), "frontend",
                null, null, null, false, Long.MIN_VALUE, Long.MAX_VALUE, 10)), "the same span must match both");
    }

    @Test
    void listsEachServicesOperations() throws Exception {
        assertEquals(Map.of("cart", List.of("get"), "frontend", List.of("GET /", "POST /pay"),
                "payment", List.of("charge")), new TraceQuery(ws).operations());
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TraceQuery.Criteria(null, null, null, null, null, null,
                false, 0, 1, 0));
    }

    @Test
    void theOutlineHoldsEverySpanWithItsTreeAndTimesAndSpanReadsOneWhole() throws Exception {
        TraceQuery q = new TraceQuery(ws);
        List<SpanRecord> full = q.spans(T2);
        List<SpanRecord> outline = new java.util.ArrayList<>(q.outline(T2.toUpperCase(java.util.Locale.ROOT)));
        outline.sort(java.util.Comparator.comparingLong(SpanRecord::startNs));
        assertEquals(full.size(), outline.size());
        for (int i = 0; i < full.size(); i++) {
            SpanRecord f = full.get(i);
            SpanRecord o = outline.get(i);
            assertEquals(List.of(f.traceId(), f.spanId(), f.parentSpanId(), f.serviceName(), f.name(), f.kind(),
                    f.startNs(), f.endNs(), f.status()), List.of(o.traceId(), o.spanId(), o.parentSpanId(),
                    o.serviceName(), o.name(), o.kind(), o.startNs(), o.endNs(), o.status()));
            assertEquals("", o.attributesJson(), "the outline leaves the attributes to span()");
        }
        SpanRecord payment = full.stream().filter(s -> s.serviceName().equals("payment")).findFirst().orElseThrow();
        assertEquals(payment, q.span(T2, payment.spanId()));
        assertEquals("declined", q.span(T2, payment.spanId()).statusMessage());
        assertEquals(null, q.span(T2, "ffffffffffffffff"));
        assertEquals(List.of(), q.outline("0000000000000000000000000000dead"));
    }

    @Test
    void aNameHoldingTheOutlinesSeparatorsIsStillReadExactly() throws Exception {
        String t = "000000000000000000000000000000ff";
        try (ImportWriter w = ws.beginImport("odd.json", "odd", "otlp-json", 1)) {
            SpanRecord r = aSpan().traceId(t).service("a\u001fb").name("x\u001ey\u001fz").startMs(1).build();
            w.addSpan(r);
            w.addSpan(aSpan().childOf(r).service("c").name("d").startMs(2).build());
            w.commit("odd");
        }
        List<SpanRecord> outline = new TraceQuery(ws).outline(t);
        assertEquals(2, outline.size());
        assertEquals(java.util.Set.of("a\u001fb", "c"), java.util.Set.copyOf(outline.stream()
                .map(SpanRecord::serviceName).toList()));
        assertEquals(java.util.Set.of("x\u001ey\u001fz", "d"), java.util.Set.copyOf(outline.stream()
                .map(SpanRecord::name).toList()));
    }
}
