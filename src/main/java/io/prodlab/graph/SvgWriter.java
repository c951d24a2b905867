package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dependency map as a standalone SVG picture, laid out by {@link LayeredLayout} (callers left of
 * callees): nodes filled by kind, outlined by error rate; edges as curves whose width grows with the
 * calls and whose colour says the error rate; each edge labelled with its calls and p95; a legend.
 */
public final class SvgWriter {
    private static final double NODE_HEIGHT = 44;
    private static final double LEGEND = 70;

    private SvgWriter() {
    }

    public static String write(DependencyMap map) {
        Map<String, double[]> sizes = new LinkedHashMap<>();
        for (DependencyMap.Node n : map.nodes()) {
            sizes.put(n.id(), new double[] {Math.max(120, 16 + 7.2 * Math.max(n.id().length(), 12)), NODE_HEIGHT});
        }
        List<String[]> pairs = map.edges().stream().map(e -> new String[] {e.source(), e.target()}).toList();
        LayeredLayout.Result layout = LayeredLayout.layout(sizes, pairs, LayeredLayout.Spacing.defaults());
        long maxCalls = Math.max(1, map.edges().stream().mapToLong(ServiceEdge::calls).max().orElse(1));
        Map<String, ServiceEdge> edges = new LinkedHashMap<>();
        map.edges().forEach(e -> edges.put(e.source() + "\u0000" + e.target(), e));
        Map<String, DependencyMap.Node> nodes = new LinkedHashMap<>();
        map.nodes().forEach(n -> nodes.put(n.id(), n));

        double width = Math.max(layout.width(), 640);
        double height = layout.height() + LEGEND;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5f6368\"/>"
                + "</marker></defs>\n");
        sb.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", width, height));
        List<LayeredLayout.Route> routes = spreadPorts(layout);
        for (LayeredLayout.Route r : routes) {
            ServiceEdge e = edges.get(r.source() + "\u0000" + r.target());
            double w = 1 + 4 * Math.log1p(e.calls()) / Math.log1p(maxCalls);
            sb.append("<g class=\"edge\"><title>").append(esc(String.format(Locale.ROOT,
                    "%s → %s: %d calls, %.2f%% errors, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", e.source(), e.target(),
                    e.calls(), 100 * e.errorRate(), e.p50Ms(), e.p95Ms(), e.p99Ms()))).append("</title>");
            sb.append("<path d=\"").append(path(r.points())).append("\" fill=\"none\" stroke=\"")
                    .append(color(e.errorRate())).append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\"", w))
                    .append(r.reversed() ? " stroke-dasharray=\"6 4\"" : "")
                    .append(" marker-end=\"url(#arrow)\"/>");
            double[] mid = r.points().get(r.points().size() / 2 - (r.points().size() % 2 == 0 ? 1 : 0));
            double[] end = r.points().get(r.points().size() / 2);
            String label = String.format(Locale.ROOT, "%d · p95 %.0f ms", e.calls(), e.p95Ms());
            double lx = (mid[0] + end[0]) / 2;
            double ly = (mid[1] + end[1]) / 2;
            double lw = 5.6 * label.length() + 6;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"13\" rx=\"3\" "
                    + "fill=\"#ffffff\" fill-opacity=\"0.85\"/>", lx - lw / 2, ly - 10, lw));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#3c4043\" "
                    + "font-size=\"10\">%s</text></g>%n", lx, ly, esc(label)));
        }
        for (LayeredLayout.Box b : layout.boxes().values()) {
            DependencyMap.Node n = nodes.get(b.id());
            sb.append("<g class=\"node\"><title>").append(esc(String.format(Locale.ROOT,
                    "%s (%s): %d requests, %.2f%% errors, p95 %.1f ms", n.id(), n.kind().code(), n.requests(),
                    100 * (Double.isNaN(n.errorRate()) ? 0 : n.errorRate()), n.p95Ms()))).append("</title>");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%d\" "
                            + "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>", b.x(), b.y(), b.width(), b.height(),
                    n.kind() == DependencyMap.Kind.SERVICE ? 6 : 16, fill(n.kind()),
                    Double.isNaN(n.errorRate()) ? "#5f6368" : color(n.errorRate())));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">"
                    + "%s</text>", b.x() + b.width() / 2, b.y() + 18, esc(n.id())));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#5f6368\" "
                    + "font-size=\"10\">%s</text></g>%n", b.x() + b.width() / 2, b.y() + 34, esc(n.kind().code())));
        }
        legend(sb, layout.height() + 10);
        return sb.append("</svg>\n").toString();
    }

    /**
     * Spreads the ends of a node's edges over the middle of its side, in the order of the nodes they
     * come from or go to, so that they do not all meet in one point.
     */
    static List<LayeredLayout.Route> spreadPorts(LayeredLayout.Result layout) {
        Map<String, List<int[]>> outs = new LinkedHashMap<>();
        Map<String, List<int[]>> ins = new LinkedHashMap<>();
        List<LayeredLayout.Route> routes = layout.routes();
        List<List<double[]>> points = new java.util.ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            List<double[]> pts = new java.util.ArrayList<>();
            routes.get(i).points().forEach(p -> pts.add(p.clone()));
            points.add(pts);
            LayeredLayout.Route r = routes.get(i);
            // The first point is on the source's box, the last on the target's; a reversed route (a call
            // against the layers) leaves its source on the left side and reaches its target's right side.
            (r.reversed() ? ins : outs).computeIfAbsent(r.source(), k -> new java.util.ArrayList<>())
                    .add(new int[] {i, 0});
            (r.reversed() ? outs : ins).computeIfAbsent(r.target(), k -> new java.util.ArrayList<>())
                    .add(new int[] {i, 1});
        }
        for (Map<String, List<int[]>> side : List.of(outs, ins)) {
            side.forEach((id, ends) -> {
                LayeredLayout.Box b = layout.boxes().get(id);
                // Order by where the other end is, top to bottom.
                ends.sort(java.util.Comparator.comparingDouble(end -> {
                    List<double[]> pts = points.get(end[0]);
                    return end[1] == 0 ? pts.get(Math.min(1, pts.size() - 1))[1] : pts.get(Math.max(0, pts.size() - 2))[1];
                }));
                for (int k = 0; k < ends.size(); k++) {
                    double y = b.y() + b.height() * (0.2 + 0.6 * (k + 0.5) / ends.size());
                    List<double[]> pts = points.get(ends.get(k)[0]);
                    pts.get(ends.get(k)[1] == 0 ? 0 : pts.size() - 1)[1] = y;
                }
            });
        }
        List<LayeredLayout.Route> out = new java.util.ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            LayeredLayout.Route r = routes.get(i);
            out.add(new LayeredLayout.Route(r.source(), r.target(), points.get(i), r.reversed()));
        }
        return out;
    }

    private static void legend(StringBuilder sb, double y) {
        double x = 24;
        for (DependencyMap.Kind k : DependencyMap.Kind.values()) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"14\" rx=\"3\" fill=\"%s\" "
                    + "stroke=\"#5f6368\"/><text x=\"%.0f\" y=\"%.0f\">%s</text>%n", x, y, fill(k), x + 20, y + 11, k.code()));
            x += 100;
        }
        double y2 = y + 28;
        String[][] colors = {{color(0), "errors < 1%"}, {color(0.02), "1–5%"}, {color(0.1), "≥ 5%"}};
        x = 24;
        for (String[] c : colors) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%.0f\" y=\"%.0f\">%s</text>%n", x, y2 + 6, x + 24, y2 + 6, c[0],
                    x + 30, y2 + 10, esc(c[1])));
            x += 110;
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#5f6368\">line width: calls · "
                + "dashed: a call back against the flow (a cycle)</text>%n", x, y2 + 10));
    }

    private static String path(List<double[]> pts) {
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", pts.get(0)[0], pts.get(0)[1]));
        for (int i = 1; i < pts.size(); i++) {
            double[] a = pts.get(i - 1);
            double[] b = pts.get(i);
            double dx = (b[0] - a[0]) / 2;
            d.append(String.format(Locale.ROOT, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", a[0] + dx, a[1], b[0] - dx, b[1], b[0],
                    b[1]));
        }
        return d.toString();
    }

    static String color(double errorRate) {
        return errorRate >= 0.05 ? "#d93025" : errorRate >= 0.01 ? "#f29900" : "#80868b";
    }

    static String fill(DependencyMap.Kind k) {
        return switch (k) {
            case SERVICE -> "#e8f0fe";
            case DATABASE -> "#fde7c9";
            case CACHE -> "#fff4c2";
            case MESSAGING -> "#e6f4ea";
            case EXTERNAL -> "#f1f3f4";
        };
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
