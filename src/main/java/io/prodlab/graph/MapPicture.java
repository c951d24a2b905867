package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency map as a picture, laid out once by {@link LayeredLayout} (callers left of callees)
 * and drawn with Java2D: nodes filled by kind, outlined by error rate (or by their change in a diff
 * map), a cycle mark on nodes that sit on a cycle; edges as curves whose width grows with the calls
 * and whose colour says the error rate or the p95 latency, dashed where a call goes back against the
 * flow. One drawing for every output: {@link PngWriter} (a {@link BufferedImage}), the desktop map
 * (FXGraphics2D on its canvas) and its SVG export (JFreeSVG).
 *
 * <p>Coordinates are the layout's ("world"); the caller sets the transform. Drawing culls what lies
 * outside {@link Style#visible} and leaves out text and arrows when the scale is too small to read
 * them, so that a map of 1,000 nodes pans smoothly.
 */
public final class MapPicture {
    /** What an edge's colour says. */
    public enum Colouring { ERROR_RATE, LATENCY }

    /** A node's or edge's place in a diff map; NONE outside diff maps. */
    public enum Mark { NONE, SAME, ADDED, REMOVED, CHANGED }

    /** Error-rate thresholds (fraction) of the amber and red edge colours. */
    public static final double ERROR_WARN = 0.01;
    public static final double ERROR_BAD = 0.05;
    /** p95 thresholds (ms) of the amber and red edge colours. */
    public static final double LATENCY_WARN_MS = 100;
    public static final double LATENCY_BAD_MS = 500;

    static final double NODE_HEIGHT = 44;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** Below this scale no text is drawn (it would be smaller than 4 px). */
    public static final double TEXT_SCALE = 0.35;
    /** Below this scale edges carry no label. */
    public static final double EDGE_LABEL_SCALE = 0.75;
    /** Maps with more nodes and edges than this are drawn batched when seen too small for text. */
    static final int OVERVIEW_ITEMS = 300;
    /**
     * Text measured with Java2D's metrics is drawn by JavaFX on the desktop canvas, whose font can be
     * a little wider: room is made for that.
     */
    private static final double SLACK = 1.12;

    /** The colours a picture is drawn with; {@link #kindFills} in {@link DependencyMap.Kind} order. */
    public record Palette(Color background, Color text, Color muted, Color nodeStroke, Color edgeOk, Color edgeWarn,
                          Color edgeBad, Color selection, Color highlight, Color added, Color removed, Color changed,
                          Color labelBackground, List<Color> kindFills) {
        public Palette {
            kindFills = List.copyOf(kindFills);
            if (kindFills.size() != DependencyMap.Kind.values().length) {
                throw new IllegalArgumentException("one fill per node kind");
            }
        }

        public static Palette light() {
            return new Palette(Color.WHITE, new Color(0x1f2328), new Color(0x59636e), new Color(0x59636e),
                    new Color(0x8c959f), new Color(0xd4a72c), new Color(0xcf222e), new Color(0x0969da),
                    new Color(0x8250df), new Color(0x1a7f37), new Color(0xcf222e), new Color(0xbc4c00),
                    new Color(255, 255, 255, 220), List.of(new Color(0xddf4ff), new Color(0xfff1e5),
                            new Color(0xfff8c5), new Color(0xdafbe1), new Color(0xeaeef2)));
        }

        public static Palette dark() {
            return new Palette(new Color(0x0d1117), new Color(0xe6edf3), new Color(0x9198a1), new Color(0x9198a1),
                    new Color(0x6e7681), new Color(0xd29922), new Color(0xf85149), new Color(0x4493f8),
                    new Color(0xab7df8), new Color(0x3fb950), new Color(0xf85149), new Color(0xdb6d28),
                    new Color(13, 17, 23, 220), List.of(new Color(0x0c2d6b), new Color(0x5a1e02),
                            new Color(0x4b3800), new Color(0x033a16), new Color(0x30363d)));
        }

        Color fill(DependencyMap.Kind k) {
            return kindFills.get(k.ordinal());
        }
    }

    /**
     * How to draw.
     *
     * @param selectedNode the selected node's id, or null
     * @param selectedEdge the selected edge's {@link #edgeKey}, or null
     * @param highlighted  nodes to ring (search matches)
     * @param visible      the part of the world in view (culling), or null for all
     * @param scale        screen pixels per world unit (level of detail)
     * @param words        the legend's and labels' words by key ({@link #ENGLISH} has every key)
     */
    public record Style(Palette palette, Colouring colouring, String selectedNode, String selectedEdge,
                        Set<String> highlighted, Rectangle2D visible, double scale, Function<String, String> words) {
        public static Style of(Palette palette, Colouring colouring) {
            return new Style(palette, colouring, null, null, Set.of(), null, 1, ENGLISH::get);
        }
    }

    /** The words the picture itself writes, in English; the desktop app passes its own. */
    public static final Map<String, String> ENGLISH = Map.ofEntries(
            Map.entry("kind.service", "service"), Map.entry("kind.database", "database"),
            Map.entry("kind.cache", "cache"), Map.entry("kind.messaging", "messaging"),
            Map.entry("kind.external", "external"),
            Map.entry("legend.kinds", "Nodes"), Map.entry("legend.edges.errors", "Edge colour: error rate"),
            Map.entry("legend.edges.latency", "Edge colour: p95 latency"),
            Map.entry("legend.errors.ok", "< 1%"), Map.entry("legend.errors.warn", "1–5%"),
            Map.entry("legend.errors.bad", "≥ 5%"), Map.entry("legend.latency.ok", "< 100 ms"),
            Map.entry("legend.latency.warn", "100–500 ms"), Map.entry("legend.latency.bad", "≥ 500 ms"),
            Map.entry("legend.width", "width: calls · dashed: a call against the flow · ↻ on a cycle"),
            Map.entry("legend.diff", "Diff"), Map.entry("legend.diff.added", "only in candidate"),
            Map.entry("legend.diff.removed", "only in baseline"),
            Map.entry("legend.diff.changed", "changed (BH p < 0.05)"), Map.entry("legend.diff.same", "no significant change"),
            Map.entry("node.requests", "{0} req"), Map.entry("node.errors", "{0} err"),
            Map.entry("edge.label", "{0} · p95 {1} ms"));

    /** An edge as drawn: its figures, its curve and its mark. */
    public record DrawnEdge(ServiceEdge edge, LayeredLayout.Route route, Path2D path, Rectangle2D bounds,
                            boolean reversed, Mark mark) {
        public String key() {
            return edgeKey(edge.source(), edge.target());
        }
    }

    /** A node as drawn. */
    public record DrawnNode(DependencyMap.Node node, LayeredLayout.Box box, boolean onCycle, Mark mark) {
        public double centreX() {
            return box.x() + box.width() / 2;
        }

        public double centreY() {
            return box.y() + box.height() / 2;
        }
    }

    private final DependencyMap map;
    private final LayeredLayout.Result layout;
    private final Map<String, DrawnNode> nodes = new LinkedHashMap<>();
    private final List<DrawnEdge> edges = new ArrayList<>();
    private final Map<String, DrawnEdge> edgesByKey = new HashMap<>();
    private final long maxCalls;
    private final boolean diff;

    private MapPicture(DependencyMap map, Map<String, Mark> nodeMarks, Map<String, Mark> edgeMarks, boolean diff) {
        this.map = map;
        this.diff = diff;
        FontMetrics title = metrics(TITLE);
        FontMetrics small = metrics(SMALL);
        Map<String, double[]> sizes = new LinkedHashMap<>();
        for (DependencyMap.Node n : map.nodes()) {
            double w = Math.max(title.stringWidth(n.id()), small.stringWidth(subtitle(n, ENGLISH::get)) + 14) + 24;
            sizes.put(n.id(), new double[] {Math.max(110, Math.ceil(w)), NODE_HEIGHT});
        }
        List<String[]> pairs = map.edges().stream().map(e -> new String[] {e.source(), e.target()}).toList();
        layout = LayeredLayout.layout(sizes, pairs, LayeredLayout.Spacing.defaults());
        Set<String> onCycle = new HashSet<>();
        new GraphAlgorithms(map).cycles().forEach(onCycle::addAll);
        for (DependencyMap.Node n : map.nodes()) {
            LayeredLayout.Box b = layout.boxes().get(n.id());
            if (b != null) {
                nodes.put(n.id(), new DrawnNode(n, b, onCycle.contains(n.id()), nodeMarks.getOrDefault(n.id(),
                        diff ? Mark.SAME : Mark.NONE)));
            }
        }
        Map<String, ServiceEdge> byKey = new HashMap<>();
        map.edges().forEach(e -> byKey.put(edgeKey(e.source(), e.target()), e));
        for (LayeredLayout.Route r : SvgWriter.spreadPorts(layout)) {
            ServiceEdge e = byKey.get(edgeKey(r.source(), r.target()));
            Path2D path = curve(r.points());
            DrawnEdge d = new DrawnEdge(e, r, path, path.getBounds2D(), r.reversed(),
                    edgeMarks.getOrDefault(edgeKey(e.source(), e.target()), diff ? Mark.SAME : Mark.NONE));
            edges.add(d);
            edgesByKey.put(d.key(), d);
        }
        // Self-calls: a small loop over the node's top.
        for (ServiceEdge e : map.edges()) {
            if (e.source().equals(e.target()) && nodes.containsKey(e.source())) {
                LayeredLayout.Box b = nodes.get(e.source()).box();
                Path2D loop = new Path2D.Double();
                double x = b.x() + b.width() - 18;
                loop.moveTo(x, b.y());
                loop.curveTo(x - 6, b.y() - 22, x + 20, b.y() - 22, x + 12, b.y());
                DrawnEdge d = new DrawnEdge(e, new LayeredLayout.Route(e.source(), e.target(),
                        List.of(new double[] {x, b.y()}, new double[] {x + 12, b.y()}), true), loop,
                        loop.getBounds2D(), true, edgeMarks.getOrDefault(edgeKey(e.source(), e.target()),
                        diff ? Mark.SAME : Mark.NONE));
                edges.add(d);
                edgesByKey.put(d.key(), d);
            }
        }
        maxCalls = Math.max(1, map.edges().stream().mapToLong(ServiceEdge::calls).max().orElse(1));
    }

    /** The picture of a map. */
    public static MapPicture of(DependencyMap map) {
        return new MapPicture(map, Map.of(), Map.of(), false);
    }

    /**
     * The picture of a diff map: every node and edge of either cohort, the candidate's figures where
     * it has them (else the baseline's), marked added, removed, changed (an edge whose error rate or
     * latency changed with BH-adjusted p below 0.05; a node with such an edge) or the same.
     */
    public static MapPicture of(DiffMapService.DiffMap d) {
        List<DependencyMap.Node> nodes = new ArrayList<>();
        Map<String, Mark> nodeMarks = new HashMap<>();
        Set<String> changedNodes = new HashSet<>();
        List<ServiceEdge> edges = new ArrayList<>();
        Map<String, Mark> edgeMarks = new HashMap<>();
        for (DiffMapService.EdgeDiff e : d.edges()) {
            ServiceEdge shown = e.candidate() != null ? e.candidate() : e.baseline();
            edges.add(shown);
            Mark m = mark(e);
            edgeMarks.put(edgeKey(e.source(), e.target()), m);
            if (m == Mark.CHANGED) {
                changedNodes.add(e.source());
                changedNodes.add(e.target());
            }
        }
        for (DiffMapService.NodeDiff n : d.nodes()) {
            nodes.add(n.candidate() != null ? n.candidate() : n.baseline());
            nodeMarks.put(n.id(), switch (n.change()) {
                case ADDED -> Mark.ADDED;
                case REMOVED -> Mark.REMOVED;
                case BOTH -> changedNodes.contains(n.id()) ? Mark.CHANGED : Mark.SAME;
            });
        }
        return new MapPicture(new DependencyMap(nodes, edges), nodeMarks, edgeMarks, true);
    }

    /** An edge's mark in a diff map. */
    public static Mark mark(DiffMapService.EdgeDiff e) {
        return switch (e.change()) {
            case ADDED -> Mark.ADDED;
            case REMOVED -> Mark.REMOVED;
            case BOTH -> e.errorsPAdjusted() < 0.05 || e.latencyPAdjusted() < 0.05 ? Mark.CHANGED : Mark.SAME;
        };
    }

    public static String edgeKey(String source, String target) {
        return source + " \u2192 " + target;
    }

    public DependencyMap map() {
        return map;
    }

    public boolean isDiff() {
        return diff;
    }

    public double width() {
        return layout.width();
    }

    public double height() {
        return layout.height();
    }

    public int crossings() {
        return layout.crossings();
    }

    /** The nodes in the map's order. */
    public Map<String, DrawnNode> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    public List<DrawnEdge> edges() {
        return Collections.unmodifiableList(edges);
    }

    public DrawnEdge edge(String key) {
        return edgesByKey.get(key);
    }

    /** The node at a world point, or null. */
    public DrawnNode nodeAt(double x, double y) {
        for (DrawnNode n : nodes.values()) {
            LayeredLayout.Box b = n.box();
            if (x >= b.x() && x <= b.x() + b.width() && y >= b.y() && y <= b.y() + b.height()) {
                return n;
            }
        }
        return null;
    }

    /** The edge whose curve passes within {@code tolerance} world units of a point, the closest; or null. */
    public DrawnEdge edgeAt(double x, double y, double tolerance) {
        DrawnEdge best = null;
        double bestDistance = tolerance;
        for (DrawnEdge e : edges) {
            Rectangle2D b = e.bounds();
            if (x < b.getMinX() - tolerance || x > b.getMaxX() + tolerance || y < b.getMinY() - tolerance
                    || y > b.getMaxY() + tolerance) {
                continue;
            }
            double d = distance(e.path(), x, y);
            if (d <= bestDistance) {
                bestDistance = d;
                best = e;
            }
        }
        return best;
    }

    private static double distance(Path2D path, double x, double y) {
        double best = Double.MAX_VALUE;
        double[] c = new double[6];
        double lx = 0;
        double ly = 0;
        for (PathIterator it = path.getPathIterator(null, 1.0); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_LINETO) {
                best = Math.min(best, Line2D.ptSegDist(lx, ly, c[0], c[1], x, y));
            }
            lx = c[0];
            ly = c[1];
        }
        return best;
    }

    // --- drawing ---------------------------------------------------------------------------------

    /** Draws the map (background not included) in world coordinates under {@code g}'s transform. */
    public void paint(Graphics2D g, Style s) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        boolean text = s.scale() >= TEXT_SCALE;
        boolean edgeLabels = s.scale() >= EDGE_LABEL_SCALE && edges.size() <= 400;
        Rectangle2D v = s.visible();
        if (!text && edges.size() + nodes.size() > OVERVIEW_ITEMS) {
            paintOverview(g, s);
            return;
        }
        for (DrawnEdge e : edges) {
            if (v != null && !v.intersects(e.bounds())) {
                continue;
            }
            boolean selected = e.key().equals(s.selectedEdge());
            Color colour = edgeColour(e, s);
            float w = (float) (1 + 5 * Math.log1p(e.edge().calls()) / Math.log1p(maxCalls));
            if (selected) {
                g.setColor(withAlpha(s.palette().selection(), 90));
                g.setStroke(new BasicStroke(w + 6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(e.path());
            }
            g.setColor(colour);
            g.setStroke(stroke(w, e.reversed() || e.mark() == Mark.REMOVED));
            g.draw(e.path());
            if (text) {
                arrow(g, e.route().points(), e.path(), w);
            }
        }
        if (edgeLabels) {
            g.setFont(SMALL);
            FontMetrics fm = g.getFontMetrics();
            // A label that would cover one already drawn is left out (its figures are in the hover card).
            List<Rectangle2D> taken = new ArrayList<>();
            nodes.values().forEach(n -> taken.add(new Rectangle2D.Double(n.box().x(), n.box().y(), n.box().width(),
                    n.box().height())));
            for (DrawnEdge e : edges) {
                if (v != null && !v.intersects(e.bounds())) {
                    continue;
                }
                double[] at = labelPoint(e);
                String label = format(s.words().apply("edge.label"), e.edge().calls(), ms(e.edge().p95Ms()));
                double lw = fm.stringWidth(label) * SLACK;
                Rectangle2D box = new Rectangle2D.Double(at[0] - lw / 2 - 3, at[1] - 10, lw + 6, 13);
                if (taken.stream().anyMatch(box::intersects)) {
                    continue;
                }
                taken.add(box);
                g.setColor(s.palette().labelBackground());
                g.fill(new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(), 4, 4));
                g.setColor(s.palette().muted());
                g.drawString(label, (float) (at[0] - lw / 2.0), (float) at[1]);
            }
        }
        for (DrawnNode n : nodes.values()) {
            LayeredLayout.Box b = n.box();
            if (v != null && !v.intersects(b.x() - 4, b.y() - 4, b.width() + 8, b.height() + 8)) {
                continue;
            }
            paintNode(g, n, s, text);
        }
    }

    /**
     * A large map seen whole, too small for text: edges as straight segments through their bend
     * points and nodes as plain boxes, batched into one path per colour (and width band, and kind), so
     * that thousands of items cost a dozen drawing calls instead of thousands.
     */
    private void paintOverview(Graphics2D g, Style s) {
        Rectangle2D v = s.visible();
        double pixel = 1 / Math.max(s.scale(), 1e-6);
        Map<String, Path2D> batches = new LinkedHashMap<>();
        Map<String, Color> colours = new HashMap<>();
        Map<String, float[]> strokes = new HashMap<>();
        for (DrawnEdge e : edges) {
            if (v != null && !v.intersects(e.bounds())) {
                continue;
            }
            Color c = edgeColour(e, s);
            int band = (int) Math.min(2, 3 * Math.log1p(e.edge().calls()) / Math.log1p(maxCalls));
            boolean dashed = e.reversed() || e.mark() == Mark.REMOVED;
            String key = c.getRGB() + "/" + band + "/" + dashed;
            Path2D path = batches.computeIfAbsent(key, k -> new Path2D.Double());
            colours.put(key, c);
            strokes.put(key, new float[] {(float) (pixel * (1 + band)), dashed ? 1 : 0});
            List<double[]> pts = e.route().points();
            path.moveTo(pts.get(0)[0], pts.get(0)[1]);
            for (int i = 1; i < pts.size(); i++) {
                path.lineTo(pts.get(i)[0], pts.get(i)[1]);
            }
        }
        batches.forEach((key, path) -> {
            g.setColor(colours.get(key));
            float[] st = strokes.get(key);
            g.setStroke(st[1] == 1 ? new BasicStroke(st[0], BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {(float) (6 * pixel), (float) (4 * pixel)}, 0) : new BasicStroke(st[0]));
            g.draw(path);
        });
        Map<DependencyMap.Kind, Path2D> fills = new LinkedHashMap<>();
        Path2D outlines = new Path2D.Double();
        for (DrawnNode n : nodes.values()) {
            LayeredLayout.Box b = n.box();
            if (v != null && !v.intersects(b.x(), b.y(), b.width(), b.height())) {
                continue;
            }
            Rectangle2D r = new Rectangle2D.Double(b.x(), b.y(), b.width(), b.height());
            fills.computeIfAbsent(n.node().kind(), k -> new Path2D.Double()).append(r, false);
            outlines.append(r, false);
        }
        fills.forEach((kind, path) -> {
            g.setColor(s.palette().fill(kind));
            g.fill(path);
        });
        g.setColor(s.palette().nodeStroke());
        g.setStroke(new BasicStroke((float) pixel));
        g.draw(outlines);
        for (String id : s.highlighted()) {
            ring(g, nodes.get(id), s.palette().highlight(), pixel);
        }
        ring(g, nodes.get(s.selectedNode()), s.palette().selection(), pixel);
    }

    private static void ring(Graphics2D g, DrawnNode n, Color c, double pixel) {
        if (n == null) {
            return;
        }
        LayeredLayout.Box b = n.box();
        g.setColor(c);
        g.setStroke(new BasicStroke((float) (3 * pixel)));
        g.draw(new Rectangle2D.Double(b.x() - 2 * pixel, b.y() - 2 * pixel, b.width() + 4 * pixel,
                b.height() + 4 * pixel));
    }

    private void paintNode(Graphics2D g, DrawnNode n, Style s, boolean text) {
        LayeredLayout.Box b = n.box();
        Palette p = s.palette();
        double arc = n.node().kind() == DependencyMap.Kind.SERVICE ? 10 : 26;
        Shape shape = new RoundRectangle2D.Double(b.x(), b.y(), b.width(), b.height(), arc, arc);
        boolean selected = n.node().id().equals(s.selectedNode());
        if (selected || s.highlighted().contains(n.node().id())) {
            g.setColor(withAlpha(selected ? p.selection() : p.highlight(), 110));
            g.setStroke(new BasicStroke(7));
            g.draw(shape);
        }
        g.setColor(p.fill(n.node().kind()));
        g.fill(shape);
        g.setColor(nodeOutline(n, p));
        g.setStroke(stroke(selected ? 2.5f : 1.5f, n.mark() == Mark.REMOVED));
        g.draw(shape);
        if (n.onCycle()) {
            cycleMark(g, b.x() + b.width() - 13, b.y() + 11, p.edgeWarn());
        }
        if (!text) {
            return;
        }
        g.setColor(p.text());
        g.setFont(TITLE);
        FontMetrics fm = g.getFontMetrics();
        String id = n.node().id();
        g.drawString(id, (float) (b.x() + (b.width() - fm.stringWidth(id)) / 2), (float) (b.y() + 18));
        g.setFont(SMALL);
        fm = g.getFontMetrics();
        String sub = subtitle(n.node(), s.words());
        g.setColor(p.muted());
        g.drawString(sub, (float) (b.x() + (b.width() - fm.stringWidth(sub)) / 2), (float) (b.y() + 34));
    }

    /** "database · 1,578 req · 2 err": the kind and the request figures. */
    static String subtitle(DependencyMap.Node n, Function<String, String> words) {
        StringBuilder sb = new StringBuilder(words.apply("kind." + n.kind().code()));
        if (n.requests() > 0) {
            sb.append(" · ").append(format(words.apply("node.requests"), n.requests()));
            if (n.errors() > 0) {
                sb.append(" · ").append(format(words.apply("node.errors"), n.errors()));
            }
        }
        return sb.toString();
    }

    private Color nodeOutline(DrawnNode n, Palette p) {
        return switch (n.mark()) {
            case ADDED -> p.added();
            case REMOVED -> p.removed();
            case CHANGED -> p.changed();
            case SAME, NONE -> {
                double rate = n.node().errorRate();
                yield Double.isNaN(rate) || rate < ERROR_WARN ? p.nodeStroke() : rate < ERROR_BAD ? p.edgeWarn()
                        : p.edgeBad();
            }
        };
    }

    /** The colour of an edge: its diff mark, else its error rate or p95 band. */
    public Color edgeColour(DrawnEdge e, Style s) {
        Palette p = s.palette();
        switch (e.mark()) {
            case ADDED:
                return p.added();
            case REMOVED:
                return p.removed();
            case CHANGED:
                return p.changed();
            case SAME:
                return p.edgeOk();
            default:
                break;
        }
        if (s.colouring() == Colouring.LATENCY) {
            double p95 = e.edge().p95Ms();
            return Double.isNaN(p95) || p95 < LATENCY_WARN_MS ? p.edgeOk() : p95 < LATENCY_BAD_MS ? p.edgeWarn()
                    : p.edgeBad();
        }
        double rate = e.edge().errorRate();
        return Double.isNaN(rate) || rate < ERROR_WARN ? p.edgeOk() : rate < ERROR_BAD ? p.edgeWarn() : p.edgeBad();
    }

    private static Stroke stroke(float w, boolean dashed) {
        return dashed ? new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {6, 4}, 0)
                : new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static void arrow(Graphics2D g, List<double[]> pts, Path2D path, float w) {
        double[] end = pts.get(pts.size() - 1);
        double[] from = lastControl(path);
        double dx = end[0] - from[0];
        double dy = end[1] - from[1];
        double len = Math.hypot(dx, dy);
        if (len < 1e-6) {
            return;
        }
        dx /= len;
        dy /= len;
        double size = 6 + w;
        Path2D head = new Path2D.Double();
        head.moveTo(end[0], end[1]);
        head.lineTo(end[0] - size * dx + size * 0.5 * dy, end[1] - size * dy - size * 0.5 * dx);
        head.lineTo(end[0] - size * dx - size * 0.5 * dy, end[1] - size * dy + size * 0.5 * dx);
        head.closePath();
        g.setStroke(new BasicStroke(1));
        g.fill(head);
    }

    private static double[] lastControl(Path2D path) {
        double[] c = new double[6];
        double[] last = {0, 0};
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_CUBICTO) {
                last = new double[] {c[2], c[3]};
            } else if (type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO) {
                last = new double[] {c[0], c[1]};
            }
        }
        return last;
    }

    private static void cycleMark(Graphics2D g, double cx, double cy, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(new java.awt.geom.Arc2D.Double(cx - 5, cy - 5, 10, 10, 60, 280, java.awt.geom.Arc2D.OPEN));
        Path2D head = new Path2D.Double();
        double hx = cx + 5 * Math.cos(Math.toRadians(60));
        double hy = cy - 5 * Math.sin(Math.toRadians(60));
        head.moveTo(hx + 3.5, hy - 1);
        head.lineTo(hx - 1, hy - 3);
        head.lineTo(hx, hy + 2.5);
        head.closePath();
        g.fill(head);
    }

    private static double[] labelPoint(DrawnEdge e) {
        List<double[]> pts = e.route().points();
        double[] a = pts.get(pts.size() / 2 - (pts.size() % 2 == 0 ? 1 : 0));
        double[] b = pts.get(pts.size() / 2);
        return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2};
    }

    private static Path2D curve(List<double[]> pts) {
        Path2D d = new Path2D.Double();
        d.moveTo(pts.get(0)[0], pts.get(0)[1]);
        for (int i = 1; i < pts.size(); i++) {
            double[] a = pts.get(i - 1);
            double[] b = pts.get(i);
            double dx = (b[0] - a[0]) / 2;
            d.curveTo(a[0] + dx, a[1], b[0] - dx, b[1], b[0], b[1]);
        }
        return d;
    }

    // --- legend ----------------------------------------------------------------------------------

    /** The legend's size for {@link #paintLegend}. */
    public double[] legendSize(Style s) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return legend(g, s, 0, 0, false);
        } finally {
            g.dispose();
        }
    }

    /** Draws the legend with its top-left corner at (x, y) in the current coordinates; returns its size. */
    public double[] paintLegend(Graphics2D g, Style s, double x, double y) {
        return legend(g, s, x, y, true);
    }

    private double[] legend(Graphics2D g, Style s, double x0, double y0, boolean draw) {
        Palette p = s.palette();
        Function<String, String> w = s.words();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double pad = 8;
        double rowHeight = 20;
        List<Runnable> ops = new ArrayList<>();
        double[] width = {0};
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        // Row 1: node kinds.
        double[] x = {x0 + pad};
        double y1 = y0 + pad;
        x[0] += text(g, ops, w.apply("legend.kinds") + ":", x[0], y1, p.text(), true) + 10;
        for (DependencyMap.Kind k : DependencyMap.Kind.values()) {
            double sx = x[0];
            ops.add(() -> {
                Shape r = new RoundRectangle2D.Double(sx, y1 + 2, 14, 12, k == DependencyMap.Kind.SERVICE ? 4 : 10,
                        k == DependencyMap.Kind.SERVICE ? 4 : 10);
                g.setColor(p.fill(k));
                g.fill(r);
                g.setColor(p.nodeStroke());
                g.setStroke(new BasicStroke(1));
                g.draw(r);
            });
            x[0] += 19;
            x[0] += text(g, ops, w.apply("kind." + k.code()), x[0], y1, p.text(), false) + 14;
        }
        width[0] = Math.max(width[0], x[0] - x0);
        // Row 2: what the edge colours say.
        x[0] = x0 + pad;
        double y2 = y1 + rowHeight;
        String[][] swatches;
        String heading;
        if (diff) {
            heading = w.apply("legend.diff");
            swatches = new String[][] {{"added", w.apply("legend.diff.added")}, {"removed", w.apply("legend.diff.removed")},
                    {"changed", w.apply("legend.diff.changed")}, {"same", w.apply("legend.diff.same")}};
        } else if (s.colouring() == Colouring.LATENCY) {
            heading = w.apply("legend.edges.latency");
            swatches = new String[][] {{"ok", w.apply("legend.latency.ok")}, {"warn", w.apply("legend.latency.warn")},
                    {"bad", w.apply("legend.latency.bad")}};
        } else {
            heading = w.apply("legend.edges.errors");
            swatches = new String[][] {{"ok", w.apply("legend.errors.ok")}, {"warn", w.apply("legend.errors.warn")},
                    {"bad", w.apply("legend.errors.bad")}};
        }
        x[0] += text(g, ops, heading + ":", x[0], y2, p.text(), true) + 10;
        for (String[] sw : swatches) {
            Color c = switch (sw[0]) {
                case "added" -> p.added();
                case "removed" -> p.removed();
                case "changed" -> p.changed();
                case "warn" -> p.edgeWarn();
                case "bad" -> p.edgeBad();
                default -> p.edgeOk();
            };
            double sx = x[0];
            boolean dashed = "removed".equals(sw[0]);
            ops.add(() -> {
                g.setColor(c);
                g.setStroke(stroke(3, dashed));
                g.draw(new Line2D.Double(sx, y2 + 8, sx + 22, y2 + 8));
            });
            x[0] += 28;
            x[0] += text(g, ops, sw[1], x[0], y2, p.text(), false) + 14;
        }
        width[0] = Math.max(width[0], x[0] - x0);
        // Row 3: width and dashes.
        double y3 = y2 + rowHeight;
        double tw = text(g, ops, w.apply("legend.width"), x0 + pad, y3, p.muted(), false);
        width[0] = Math.max(width[0], tw + 2 * pad);
        double height = 3 * rowHeight + pad + 2;
        if (draw) {
            g.setColor(p.labelBackground());
            g.fill(new RoundRectangle2D.Double(x0, y0, width[0], height, 8, 8));
            g.setColor(withAlpha(p.nodeStroke(), 120));
            g.setStroke(new BasicStroke(1));
            g.draw(new RoundRectangle2D.Double(x0, y0, width[0], height, 8, 8));
            ops.forEach(Runnable::run);
        }
        return new double[] {width[0], height};
    }

    private static double text(Graphics2D g, List<Runnable> ops, String s, double x, double y, Color c, boolean bold) {
        Font f = bold ? SMALL.deriveFont(Font.BOLD) : SMALL;
        ops.add(() -> {
            g.setFont(f);
            g.setColor(c);
            g.drawString(s, (float) x, (float) (y + 12));
        });
        // Measured the same way whatever g is (a scaled PNG, an SVG, the screen), so that the legend's
        // size is known before it is drawn.
        return (bold ? LEGEND_BOLD : LEGEND_PLAIN).stringWidth(s) * SLACK;
    }

    private static final FontMetrics LEGEND_PLAIN = metrics(SMALL);
    private static final FontMetrics LEGEND_BOLD = metrics(SMALL.deriveFont(Font.BOLD));

    // --- helpers ---------------------------------------------------------------------------------

    private static FontMetrics metrics(Font f) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(f);
        } finally {
            g.dispose();
        }
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** MessageFormat-like: {0}, {1} replaced by the arguments, numbers with thousands separators. */
    static String format(String pattern, Object... args) {
        String out = pattern;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            String v = a instanceof Long || a instanceof Integer ? String.format(Locale.ROOT, "%,d", a) : String.valueOf(a);
            out = out.replace("{" + i + "}", v);
        }
        return out;
    }
}
