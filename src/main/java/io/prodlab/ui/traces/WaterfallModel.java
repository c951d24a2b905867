package io.prodlab.ui.traces;

import io.prodlab.graph.TraceTree;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.TraceQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded trace, ready for the waterfall: its spans depth first with what each row shows, the
 * trace's time span, its services in order of appearance, and its events and links by span.
 * Built off the FX thread; immutable afterwards.
 */
public final class WaterfallModel {
    private final String traceId;
    private final List<WaterfallRow> rows;
    private final long startNs;
    private final long endNs;
    private final List<String> services;
    private final Map<String, List<TraceQuery.Event>> events;
    private final Map<String, List<TraceQuery.Link>> links;
    private final int orphans;
    private final int skewed;
    private final int errors;

    private WaterfallModel(String traceId, List<WaterfallRow> rows, long startNs, long endNs, List<String> services,
                           Map<String, List<TraceQuery.Event>> events, Map<String, List<TraceQuery.Link>> links,
                           int orphans, int skewed, int errors) {
        this.traceId = traceId;
        this.rows = rows;
        this.startNs = startNs;
        this.endNs = endNs;
        this.services = services;
        this.events = events;
        this.links = links;
        this.orphans = orphans;
        this.skewed = skewed;
        this.errors = errors;
    }

    public static WaterfallModel build(String traceId, List<SpanRecord> spans, List<TraceQuery.Event> events,
                                       List<TraceQuery.Link> links, ServiceColors colors) {
        TraceTree tree = new TraceTree(spans);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (SpanRecord s : spans) {
            start = Math.min(start, s.startNs());
            end = Math.max(end, s.endNs());
        }
        if (spans.isEmpty()) {
            start = 0;
            end = 0;
        }
        Map<String, List<long[]>> sections = new HashMap<>();
        for (TraceTree.Section s : tree.criticalPath()) {
            sections.computeIfAbsent(s.spanId(), k -> new ArrayList<>()).add(new long[]{s.fromNs(), s.toNs()});
        }
        Map<String, List<TraceQuery.Event>> eventsBySpan = new HashMap<>();
        for (TraceQuery.Event e : events) {
            eventsBySpan.computeIfAbsent(e.spanId(), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<TraceQuery.Link>> linksBySpan = new HashMap<>();
        for (TraceQuery.Link l : links) {
            linksBySpan.computeIfAbsent(l.spanId(), k -> new ArrayList<>()).add(l);
        }
        List<TraceTree.Row> treeRows = tree.rows();
        int n = treeRows.size();
        // Subtree sizes from the depth-first order: a row's subtree ends where the depth comes back to its own.
        int[] descendants = new int[n];
        int[] stack = new int[n + 1];
        int top = 0;
        for (int i = 0; i < n; i++) {
            int d = treeRows.get(i).depth();
            while (top > 0 && treeRows.get(stack[top - 1]).depth() >= d) {
                int j = stack[--top];
                descendants[j] = i - j - 1;
            }
            stack[top++] = i;
        }
        while (top > 0) {
            int j = stack[--top];
            descendants[j] = n - j - 1;
        }
        List<WaterfallRow> rows = new ArrayList<>(n);
        Set<String> services = new LinkedHashSet<>();
        int orphans = 0;
        int skewed = 0;
        int errors = 0;
        for (int i = 0; i < n; i++) {
            TraceTree.Row r = treeRows.get(i);
            SpanRecord s = r.span();
            List<long[]> sec = sections.getOrDefault(s.spanId(), List.of());
            long[] flat = new long[sec.size() * 2];
            for (int k = 0; k < sec.size(); k++) {
                flat[2 * k] = sec.get(k)[0] - start;
                flat[2 * k + 1] = sec.get(k)[1] - start;
            }
            services.add(s.serviceName());
            orphans += r.orphan() ? 1 : 0;
            skewed += r.startsBeforeParent() ? 1 : 0;
            errors += s.status() == SpanStatus.ERROR ? 1 : 0;
            rows.add(new WaterfallRow(i, s, r.depth(), descendants[i], r.critical(), r.orphan(), r.startsBeforeParent(),
                    flat, colors.of(s.serviceName()), eventsBySpan.getOrDefault(s.spanId(), List.of()).size(),
                    linksBySpan.getOrDefault(s.spanId(), List.of()).size()));
        }
        return new WaterfallModel(traceId, List.copyOf(rows), start, end, List.copyOf(services), eventsBySpan,
                linksBySpan, orphans, skewed, errors);
    }

    public String traceId() {
        return traceId;
    }

    /** Every span, depth first in start order. */
    public List<WaterfallRow> rows() {
        return rows;
    }

    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }

    public long durationNs() {
        return endNs - startNs;
    }

    /** The trace's services in the order their first span appears. */
    public List<String> services() {
        return services;
    }

    public List<TraceQuery.Event> events(String spanId) {
        return events.getOrDefault(spanId, List.of());
    }

    public List<TraceQuery.Link> links(String spanId) {
        return links.getOrDefault(spanId, List.of());
    }

    public int orphans() {
        return orphans;
    }

    public int skewed() {
        return skewed;
    }

    public int errors() {
        return errors;
    }
}
