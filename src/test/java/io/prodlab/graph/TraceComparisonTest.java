package io.prodlab.graph;

import io.prodlab.graph.TraceComparison.Change;
import io.prodlab.graph.TraceComparison.Node;
import io.prodlab.model.SpanRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceComparisonTest {
    private static final String A = "0000000000000000000000000000000a";
    private static final String B = "0000000000000000000000000000000b";

    private static SpanRecord span(String trace, String service, String name, SpanRecord parent, long startMs,
                                   long durMs) {
        var b = aSpan().traceId(trace).service(service).name(name).startMs(startMs).durationMs(durMs);
        return (parent == null ? b : b.childOf(parent)).build();
    }

    private static String render(TraceComparison c) {
        StringBuilder sb = new StringBuilder();
        for (Node n : c.nodes()) {
            sb.append("  ".repeat(n.depth())).append(n.service()).append(':').append(n.operation()).append(' ')
                    .append(n.change()).append(' ').append(n.countA()).append('/').append(n.countB()).append(' ')
                    .append(n.durationNsA() / 1_000_000).append('/').append(n.durationNsB() / 1_000_000).append('\n');
        }
        return sb.toString();
    }

    @Test
    void spansOnTheSamePathMatchAndTheirDurationsAreCompared() {
        SpanRecord ra = span(A, "frontend", "GET /", null, 0, 100);
        SpanRecord ca = span(A, "cart", "get", ra, 10, 30);
        SpanRecord rb = span(B, "frontend", "GET /", null, 0, 180);
        SpanRecord cb = span(B, "cart", "get", rb, 10, 90);
        TraceComparison c = TraceComparison.of(new TraceTree(List.of(ra, ca, span(A, "redis", "GET", ca, 12, 5))),
                new TraceTree(List.of(rb, cb, span(B, "postgres", "SELECT", cb, 15, 60))));
        assertEquals("""
                frontend:GET / BOTH 1/1 100/180
                  cart:get BOTH 1/1 30/90
                    redis:GET ONLY_A 1/0 5/0
                    postgres:SELECT ONLY_B 0/1 0/60
                """, render(c));
        Node cart = c.nodes().get(1);
        assertEquals(60_000_000L, cart.durationDiffNs());
        assertEquals(2.0, cart.durationRatio(), 1e-12);
        assertEquals(25_000_000L, cart.selfNsA(), "30 ms less the 5 ms in redis");
        assertEquals(30_000_000L, cart.selfNsB(), "90 ms less the 60 ms in postgres");
        TraceComparison.Summary s = c.summary();
        assertEquals(4, s.nodes());
        assertEquals(2, s.both());
        assertEquals(1, s.onlyA());
        assertEquals(1, s.onlyB());
        assertEquals(100_000_000L, s.durationNsA());
        assertEquals(180_000_000L, s.durationNsB());
    }

    @Test
    void repeatedCallsShareOneNodeWithTheirCountsAndSummedDurations() {
        SpanRecord ra = span(A, "api", "list", null, 0, 50);
        List<SpanRecord> a = new ArrayList<>(List.of(ra));
        for (int i = 0; i < 3; i++) {
            a.add(span(A, "db", "SELECT", ra, 1 + i * 10, 5));
        }
        SpanRecord rb = span(B, "api", "list", null, 0, 200);
        List<SpanRecord> b = new ArrayList<>(List.of(rb));
        for (int i = 0; i < 12; i++) {
            b.add(span(B, "db", "SELECT", rb, 1 + i * 15, 10));
        }
        TraceComparison c = TraceComparison.of(new TraceTree(a), new TraceTree(b));
        assertEquals("""
                api:list BOTH 1/1 50/200
                  db:SELECT BOTH 3/12 15/120
                """, render(c));
        assertEquals(1, c.summary().countChanged(), "the db node has 3 spans in A and 12 in B");
        assertEquals(50_000_000L - 15_000_000L, c.nodes().get(0).selfNsA());
    }

    @Test
    void theSameOperationUnderAnotherParentIsAnotherPath() {
        SpanRecord ra = span(A, "frontend", "GET /", null, 0, 100);
        SpanRecord xa = span(A, "checkout", "pay", ra, 1, 50);
        SpanRecord rb = span(B, "frontend", "GET /", null, 0, 100);
        SpanRecord yb = span(B, "cart", "get", rb, 1, 50);
        TraceComparison c = TraceComparison.of(new TraceTree(List.of(ra, xa, span(A, "db", "q", xa, 2, 3))),
                new TraceTree(List.of(rb, yb, span(B, "db", "q", yb, 2, 3))));
        assertEquals("""
                frontend:GET / BOTH 1/1 100/100
                  checkout:pay ONLY_A 1/0 50/0
                    db:q ONLY_A 1/0 3/0
                  cart:get ONLY_B 0/1 0/50
                    db:q ONLY_B 0/1 0/3
                """, render(c));
    }

    @Test
    void aTraceComparedWithItselfHasNoDifference() {
        SpanRecord r = span(A, "frontend", "GET /", null, 0, 100);
        SpanRecord k = span(A, "cart", "get", r, 10, 30);
        TraceTree t = new TraceTree(List.of(r, k, span(A, "db", "q", k, 11, 3), span(A, "db", "q", k, 15, 3)));
        TraceComparison c = TraceComparison.of(t, t);
        assertTrue(c.nodes().stream().allMatch(n -> n.change() == Change.BOTH && n.durationDiffNs() == 0
                && n.countA() == n.countB()));
        assertEquals(0, c.summary().onlyA() + c.summary().onlyB() + c.summary().countChanged());
    }

    @Test
    void emptyAndOrphanedTracesStillCompare() {
        SpanRecord orphan = aSpan().traceId(B).service("cart").name("get").startMs(5).durationMs(10).build();
        SpanRecord orphanWithParent = new SpanRecord(B, orphan.spanId(), "ffffffffffffffff", "cart", "", "get",
                orphan.kind(), orphan.startNs(), orphan.endNs(), orphan.status(), "", "{}", "{}", "", "", "");
        TraceComparison c = TraceComparison.of(new TraceTree(List.of()), new TraceTree(List.of(orphanWithParent)));
        assertEquals("cart:get ONLY_B 0/1 0/10\n", render(c));
        assertEquals(0, c.summary().durationNsA());
        assertEquals(10_000_000L, c.summary().durationNsB());
        assertTrue(Double.isNaN(c.nodes().get(0).durationRatio()));
    }

    @Test
    void overlappingChildrenCountOnceTowardsTheParentsOwnTime() {
        SpanRecord p = span(A, "api", "fan", null, 0, 100);
        long self = TraceComparison.selfTime(p, List.of(span(A, "x", "a", p, 10, 40), span(A, "x", "b", p, 20, 40),
                span(A, "x", "c", p, 90, 30)));
        // covered: [10,60] and [90,100] (clipped) = 60 ms
        assertEquals(40_000_000L, self);
    }

    @Test
    void aDeepChainDoesNotOverflowTheStack() {
        List<SpanRecord> chain = new ArrayList<>();
        SpanRecord parent = null;
        for (int i = 0; i < 3000; i++) {
            SpanRecord s = span(A, "svc", "op", parent, i, 10_000 - i);
            chain.add(s);
            parent = s;
        }
        TraceTree t = new TraceTree(chain);
        TraceComparison c = TraceComparison.of(t, t);
        assertEquals(3000, c.nodes().size());
        assertEquals(2999, c.nodes().get(2999).depth());
    }
}
