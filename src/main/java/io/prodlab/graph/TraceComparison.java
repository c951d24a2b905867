package io.prodlab.graph;

import io.prodlab.model.SpanRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two traces side by side: their spans merged into one tree of <em>paths</em> — a span's path is
 * the {@code service: operation} of each span from its root down to it — so that the spans the
 * two traces share line up, and what only one of them has stands out. Each node of the merged tree
 * says how many spans of each trace sit on that path and how long they took (summed, and their
 * own time, which is the duration less the time covered by their children), so that
 * "B made 12 database calls where A made 3, and they took 80 ms more" reads off one row. Jaeger's
 * comparison shows the structure only; durations are what its users asked for (jaeger-ui#296).
 *
 * <p>Repeated calls (a loop of queries) share one node: matching the n-th call of A with the n-th
 * of B would pair calls that have nothing to do with each other.
 */
public final class TraceComparison {
    /** Which of the two traces have spans on a path. */
    public enum Change {
        /** Both traces have spans here. */
        BOTH,
        /** Only trace A (the baseline) has spans here. */
        ONLY_A,
        /** Only trace B has spans here. */
        ONLY_B
    }

    /**
     * One path of the merged tree, depth first in the order the spans started (A's first).
     *
     * @param depth 0 for a root
     * @param countA spans of trace A on this path
     * @param durationNsA their summed durations
     * @param selfNsA their summed own time (duration less the union of their children's time)
     */
    public record Node(int depth, String service, String operation, Change change, int countA, int countB,
                       long durationNsA, long durationNsB, long selfNsA, long selfNsB) {
        /** B's summed duration minus A's; meaningful where both have spans. */
        public long durationDiffNs() {
            return durationNsB - durationNsA;
        }

        /** The difference relative to A's duration, or NaN where A has none. */
        public double durationRatio() {
            return durationNsA == 0 ? Double.NaN : (double) durationDiffNs() / durationNsA;
        }
    }

    /** Counts over the whole comparison. */
    public record Summary(int nodes, int both, int onlyA, int onlyB, int countChanged, long durationNsA,
                          long durationNsB) {
    }

    private static final class Merged {
        final String service;
        final String operation;
        final int depth;
        final Map<String, Merged> children = new LinkedHashMap<>();
        int countA;
        int countB;
        long durA;
        long durB;
        long selfA;
        long selfB;

        Merged(String service, String operation, int depth) {
            this.service = service;
            this.operation = operation;
            this.depth = depth;
        }
    }

    private final List<Node> nodes;
    private final Summary summary;

    private TraceComparison(List<Node> nodes, Summary summary) {
        this.nodes = nodes;
        this.summary = summary;
    }

    /** Compares trace {@code a} (the baseline) with trace {@code b}. */
    public static TraceComparison of(TraceTree a, TraceTree b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Merged top = new Merged("", "", -1);
        long durA = add(top, a, true);
        long durB = add(top, b, false);
        List<Node> out = new ArrayList<>();
        int[] counts = new int[4];
        flatten(top, out, counts);
        return new TraceComparison(List.copyOf(out),
                new Summary(out.size(), counts[0], counts[1], counts[2], counts[3], durA, durB));
    }

    /**
     * Walks the tree depth first (its rows) with a stack of the merged nodes of the current path;
     * returns the trace's duration (first start to last end).
     */
    private static long add(Merged top, TraceTree tree, boolean isA) {
        List<Merged> stack = new ArrayList<>();
        stack.add(top);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (TraceTree.Row row : tree.rows()) {
            while (stack.size() > row.depth() + 1) {
                stack.remove(stack.size() - 1);
            }
            Merged parent = stack.get(stack.size() - 1);
            SpanRecord s = row.span();
            start = Math.min(start, s.startNs());
            end = Math.max(end, s.endNs());
            String key = s.serviceName() + '\u0000' + s.name();
            Merged node = parent.children.computeIfAbsent(key, k -> new Merged(s.serviceName(), s.name(),
                    parent.depth + 1));
            long self = selfTime(s, tree.children(s.spanId()));
            if (isA) {
                node.countA++;
                node.durA += s.durationNs();
                node.selfA += self;
            } else {
                node.countB++;
                node.durB += s.durationNs();
                node.selfB += self;
            }
            stack.add(node);
        }
        return end < start ? 0 : end - start;
    }

    /** The span's duration less the union of its children's time within it. */
    static long selfTime(SpanRecord span, List<SpanRecord> children) {
        long covered = 0;
        long cursor = span.startNs();
        // children come in start order
        for (SpanRecord c : children) {
            long from = Math.max(Math.max(c.startNs(), cursor), span.startNs());
            long to = Math.min(c.endNs(), span.endNs());
            if (to > from) {
                covered += to - from;
                cursor = to;
            }
        }
        return Math.max(0, span.durationNs() - covered);
    }

    private static void flatten(Merged m, List<Node> out, int[] counts) {
        // An explicit stack: deep traces must not overflow the call stack.
        List<Merged> todo = new ArrayList<>(m.children.values());
        java.util.Collections.reverse(todo);
        while (!todo.isEmpty()) {
            Merged n = todo.remove(todo.size() - 1);
            Change change = n.countA > 0 && n.countB > 0 ? Change.BOTH : n.countA > 0 ? Change.ONLY_A : Change.ONLY_B;
            counts[change.ordinal()]++;
            if (change == Change.BOTH && n.countA != n.countB) {
                counts[3]++;
            }
            out.add(new Node(n.depth, n.service, n.operation, change, n.countA, n.countB, n.durA, n.durB, n.selfA,
                    n.selfB));
            List<Merged> kids = new ArrayList<>(n.children.values());
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.add(kids.get(i));
            }
        }
    }

    /** The merged tree depth first; a node's children follow it with a depth one greater. */
    public List<Node> nodes() {
        return nodes;
    }

    public Summary summary() {
        return summary;
    }
}
