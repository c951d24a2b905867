package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code prodlab map --json} document of a {@link DependencyMap} (DESIGN.md's shape: nodes with
 * kind and figures, fan-in and fan-out; edges with their figures and rate; the cycles), as maps and
 * lists for a JSON writer; non-finite numbers are null. The desktop map's JSON export writes the same.
 */
public final class MapJson {
    private MapJson() {
    }

    public static Map<String, Object> document(DependencyMap map) {
        GraphAlgorithms graph = new GraphAlgorithms(map);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (DependencyMap.Node n : map.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("kind", n.kind().code());
            m.putAll(node(n));
            m.put("fan_in", graph.fanIn(n.id()));
            m.put("fan_out", graph.fanOut(n.id()));
            nodes.add(m);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (ServiceEdge e : map.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.source());
            m.put("target", e.target());
            m.putAll(edge(e));
            m.put("rate_per_s", finite(e.ratePerS()));
            edges.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes);
        doc.put("edges", edges);
        doc.put("cycles", graph.cycles());
        return doc;
    }

    /** A node's figures (without id and kind). */
    public static Map<String, Object> node(DependencyMap.Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spans", n.spans());
        m.put("requests", n.requests());
        m.put("errors", n.errors());
        m.put("error_rate", finite(n.errorRate()));
        m.put("p50_ms", finite(n.p50Ms()));
        m.put("p95_ms", finite(n.p95Ms()));
        m.put("p99_ms", finite(n.p99Ms()));
        return m;
    }

    /** An edge's figures (without its ends). */
    public static Map<String, Object> edge(ServiceEdge e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", e.calls());
        m.put("errors", e.errors());
        m.put("error_rate", finite(e.errorRate()));
        m.put("p50_ms", finite(e.p50Ms()));
        m.put("p95_ms", finite(e.p95Ms()));
        m.put("p99_ms", finite(e.p99Ms()));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
