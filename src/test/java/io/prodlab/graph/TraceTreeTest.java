package io.prodlab.graph;

import io.prodlab.model.SpanRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceTreeTest {
    private static SpanRecord span(String id, SpanRecord parent, long startMs, long endMs) {
        var b = aSpan().spanId(id).name(id).startMs(startMs).durationMs(endMs - startMs);
        return (parent == null ? b : b.childOf(parent)).build();
    }

    private static String path(TraceTree t) {
        StringBuilder sb = new StringBuilder();
        for (TraceTree.Section s : t.criticalPath()) {
            sb.append(sb.length() == 0 ? "" : " ").append(s.spanId().strip()).append('[')
                    .append(s.fromNs() / 1_000_000).append(',').append(s.toNs() / 1_000_000).append(']');
        }
        return sb.toString();
    }

    @Test
    void criticalPathFollowsTheLastFinishingChildAndCoversTheRootWhole() {
        SpanRecord a = span("000000000000000a", null, 0, 100);
        SpanRecord c = span("000000000000000c", a, 20, 90);
        TraceTree t = new TraceTree(List.of(a,
                span("000000000000000b", a, 10, 40),
                c,
                span("000000000000000d", a, 50, 60),
                span("000000000000000e", c, 30, 80)));
        // A waits on C (the last to finish), C on E; B and D ran beside C and were never waited on.
        assertEquals("000000000000000a[90,100] 000000000000000c[80,90] 000000000000000e[30,80] "
                + "000000000000000c[20,30] 000000000000000a[0,20]", path(t));
        long covered = t.criticalPath().stream().mapToLong(s -> s.toNs() - s.fromNs()).sum();
        assertEquals(100_000_000L, covered, "the critical path covers the root's whole duration");
    }

    @Test
    void backToBackCallsAreAllOnTheCriticalPath() {
        SpanRecord a = span("000000000000000a", null, 0, 30);
        TraceTree t = new TraceTree(List.of(a, span("0000000000000001", a, 0, 10), span("0000000000000002", a, 10, 20),
                span("0000000000000003", a, 20, 30)));
        assertEquals("0000000000000003[20,30] 0000000000000002[10,20] 0000000000000001[0,10]", path(t));
    }

    @Test
    void childrenOutlivingTheirParentAreClippedToIt() {
        SpanRecord a = span("000000000000000a", null, 0, 50);
        TraceTree t = new TraceTree(List.of(a, span("000000000000000b", a, 40, 80)));
        assertEquals("000000000000000b[40,50] 000000000000000a[0,40]", path(t));
    }

    @Test
    void orphansAndClockSkewAreFlaggedAndEverySpanIsShownOnce() {
        SpanRecord a = span("000000000000000a", null, 10, 100);
        SpanRecord skewed = span("000000000000000b", a, 5, 20);
        SpanRecord orphan = aSpan().spanId("000000000000000f").traceId(a.traceId()).startMs(30).durationMs(5)
                .build();
        SpanRecord orphanWithParent = new SpanRecord(orphan.traceId(), orphan.spanId(), "ffffffffffffffff",
                orphan.serviceName(), "", "orphan", orphan.kind(), orphan.startNs(), orphan.endNs(), orphan.status(), "",
                "{}", "{}", "", "", "");
        TraceTree t = new TraceTree(List.of(a, skewed, orphanWithParent));
        List<TraceTree.Row> rows = t.rows();
        assertEquals(3, rows.size());
        assertEquals(List.of(a, orphanWithParent), t.roots());
        TraceTree.Row b = rows.stream().filter(r -> r.span().spanId().equals("000000000000000b")).findFirst().orElseThrow();
        assertTrue(b.startsBeforeParent());
        assertEquals(1, b.depth());
        TraceTree.Row o = rows.stream().filter(r -> r.span().spanId().equals("000000000000000f")).findFirst().orElseThrow();
        assertTrue(o.orphan());
        assertFalse(rows.get(0).orphan());
    }
}
