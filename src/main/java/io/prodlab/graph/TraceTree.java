package io.prodlab.graph;

import io.prodlab.model.SpanRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace as a tree: its spans with their children in start order, the roots (spans without a
 * parent, and orphans whose parent is not in the workspace), spans that start before their
 * parent (clock skew between hosts), and the critical path.
 */
public final class TraceTree {
    /** A span in the tree with its depth; {@code orphan} when its parent is missing. */
    public record Row(SpanRecord span, int depth, boolean orphan, boolean startsBeforeParent, boolean critical) {
    }

    /** A stretch of the critical path: the span that was the one being waited on from {@code fromNs} to {@code toNs}. */
    public record Section(String spanId, long fromNs, long toNs) {
    }

    private final Map<String, SpanRecord> byId = new HashMap<>();
    private final Map<String, List<SpanRecord>> children = new HashMap<>();
    private final List<SpanRecord> roots = new ArrayList<>();
    private final Set<String> orphans = new LinkedHashSet<>();

    public TraceTree(List<SpanRecord> spans) {
        for (SpanRecord s : spans) {
            byId.putIfAbsent(s.spanId(), s);
        }
        Comparator<SpanRecord> byStart = Comparator.comparingLong(SpanRecord::startNs).thenComparing(SpanRecord::spanId);
        for (SpanRecord s : byId.values()) {
            if (s.parentSpanId().isEmpty() || s.parentSpanId().equals(s.spanId())) {
                roots.add(s);
            } else if (!byId.containsKey(s.parentSpanId())) {
                roots.add(s);
                orphans.add(s.spanId());
            } else {
                children.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
            }
        }
        roots.sort(byStart);
        children.values().forEach(l -> l.sort(byStart));
    }

    public List<SpanRecord> roots() {
        return List.copyOf(roots);
    }

    public List<SpanRecord> children(String spanId) {
        return List.copyOf(children.getOrDefault(spanId, List.of()));
    }

    /**
     * The critical path from the first root: the chain of spans the trace waited on, latest first
     * (Jaeger's algorithm: from a span, follow the child that finished last; the parent's own time
     * after that child is critical; then continue with the children that finished before it
     * started). Children are clipped to their parent's time first.
     */
    public List<Section> criticalPath() {
        List<Section> out = new ArrayList<>();
        if (roots.isEmpty()) {
            return out;
        }
        SpanRecord root = roots.get(0);
        walk(root, root.startNs(), root.endNs(), out);
        return out;
    }

    /** Critical sections of {@code span} within [{@code from}, {@code to}], appended latest first. */
    private void walk(SpanRecord span, long from, long to, List<Section> out) {
        List<SpanRecord> kids = children.getOrDefault(span.spanId(), List.of());
        long cursor = to;
        boolean first = true;
        while (cursor > from) {
            // The child (clipped to this span's time) that finished last; after the first, only
            // children that finished by the time the one just followed started (Jaeger asks for
            // strictly before; back-to-back calls, one ending as the next starts, were both waited on).
            SpanRecord next = null;
            long nextEnd = Long.MIN_VALUE;
            for (SpanRecord c : kids) {
                long ce = Math.min(c.endNs(), to);
                long cs = Math.max(c.startNs(), from);
                if (ce <= cs || (!first && ce > cursor)) {
                    continue;
                }
                if (ce > nextEnd || ce == nextEnd && c.spanId().compareTo(next.spanId()) < 0) {
                    next = c;
                    nextEnd = ce;
                }
            }
            if (next == null) {
                break;
            }
            long ce = Math.min(nextEnd, cursor);
            long cs = Math.max(next.startNs(), from);
            if (ce < cursor) {
                out.add(new Section(span.spanId(), ce, cursor));
            }
            walk(next, cs, ce, out);
            cursor = cs;
            first = false;
        }
        if (cursor > from) {
            out.add(new Section(span.spanId(), from, cursor));
        }
    }

    /** The tree depth first in start order, for a waterfall. */
    public List<Row> rows() {
        Set<String> critical = new java.util.HashSet<>();
        criticalPath().forEach(s -> critical.add(s.spanId()));
        List<Row> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (SpanRecord r : roots) {
            add(r, 0, out, critical, seen);
        }
        return out;
    }

    private void add(SpanRecord s, int depth, List<Row> out, Set<String> critical, Set<String> seen) {
        if (!seen.add(s.spanId())) {
            return; // a cycle in broken data
        }
        SpanRecord parent = byId.get(s.parentSpanId());
        boolean skew = parent != null && s.startNs() < parent.startNs();
        out.add(new Row(s, depth, orphans.contains(s.spanId()), skew, critical.contains(s.spanId())));
        for (SpanRecord c : children.getOrDefault(s.spanId(), List.of())) {
            add(c, depth + 1, out, critical, seen);
        }
    }
}
