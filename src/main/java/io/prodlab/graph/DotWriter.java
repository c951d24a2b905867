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

    /**
     * The diff map: nodes and edges only the candidate has in green, only the baseline in red and
     * dashed, and edges whose error rate or latency changed significantly (BH-adjusted p below 0.05)
     * in orange, labelled with the change.
     */
    public static String write(DiffMapService.DiffMap d) {
        StringBuilder sb = new StringBuilder("digraph diff {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  label="
                + quote(d.candidate() + " against " + d.baseline()) + ";\n");
        for (DiffMapService.NodeDiff n : d.nodes()) {
            sb.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.id() + "\n" + n.kind().code()))
                    .append(style(n.change())).append("];\n");
        }
        for (DiffMapService.EdgeDiff e : d.edges()) {
            String label;
            String style = style(e.change());
            if (e.change() == DiffMapService.Change.BOTH) {
                boolean errors = e.errorsPAdjusted() < 0.05;
                boolean latency = e.latencyPAdjusted() < 0.05;
                label = String.format(Locale.ROOT, "%d -> %d calls", e.baseline().calls(), e.candidate().calls());
                if (errors) {
                    label += String.format(Locale.ROOT, ", errors %+.1f pp", 100 * (e.candidate().errorRate()
                            - e.baseline().errorRate()));
                }
                if (latency) {
                    label += String.format(Locale.ROOT, ", latency %+.1f ms", e.latency().value().hodgesLehmann());
                }
                style = errors || latency ? ", color=orange, penwidth=2" : "";
            } else {
                ServiceEdge only = e.baseline() != null ? e.baseline() : e.candidate();
                label = only.calls() + " calls";
            }
            sb.append("  ").append(quote(e.source())).append(" -> ").append(quote(e.target())).append(" [label=")
                    .append(quote(label)).append(style).append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String style(DiffMapService.Change c) {
        return switch (c) {
            case ADDED -> ", color=darkgreen, fontcolor=darkgreen";
            case REMOVED -> ", color=red, fontcolor=red, style=dashed";
            case BOTH -> "";
        };
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as \n. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
