package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.util.Locale;

/**
 * Graphviz DOT of a {@link DependencyMap}: left to right, callers before callees, nodes shaped by
 * kind, edges labelled with calls, error rate and p95.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(DependencyMap map) {
        StringBuilder sb = new StringBuilder("digraph dependencies {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (DependencyMap.Node n : map.nodes()) {
            String shape = switch (n.kind()) {
                case SERVICE -> "box";
                case DATABASE -> "cylinder";
                case CACHE -> "box3d";
                case MESSAGING -> "cds";
                case EXTERNAL -> "ellipse";
            };
            sb.append("  ").append(quote(n.id())).append(" [shape=").append(shape).append(", label=")
                    .append(quote(n.id() + "\n" + n.kind().code())).append("];\n");
        }
        for (ServiceEdge e : map.edges()) {
            sb.append("  ").append(quote(e.source())).append(" -> ").append(quote(e.target())).append(" [label=")
                    .append(quote(String.format(Locale.ROOT, "%d calls, %.1f%% errors, p95 %.1f ms", e.calls(),
                            100 * e.errorRate(), e.p95Ms())))
                    .append("];\n");
        }
        return sb.append("}\n").toString();
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as \n. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
