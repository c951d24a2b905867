package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.util.List;
import java.util.Locale;

/**
 * The dependency map of a workspace (or of the spans a filter keeps): nodes — services and the
 * databases, caches, brokers and peers they call — and the calls between them.
 */
public record DependencyMap(List<Node> nodes, List<ServiceEdge> edges) {
    /** What a node is. */
    public enum Kind {
        SERVICE, DATABASE, CACHE, MESSAGING, EXTERNAL;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A node with its figures. For a service: its requests (server spans, or all its spans when it
     * has none); for a node that reports nothing itself: the calls made to it.
     *
     * @param spans the spans that make its figures
     */
    public record Node(String id, Kind kind, long spans, long requests, long errors, double p50Ms, double p95Ms,
                       double p99Ms) {
        public double errorRate() {
            return requests == 0 ? Double.NaN : (double) errors / requests;
        }
    }

    public DependencyMap {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
