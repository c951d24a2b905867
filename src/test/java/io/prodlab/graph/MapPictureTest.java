package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The map's one drawing: geometry for hit-testing, cycle and diff marks, and what it paints. */
class MapPictureTest {
    private static DependencyMap.Node node(String id, DependencyMap.Kind kind, long requests, long errors) {
        return new DependencyMap.Node(id, kind, requests, requests, errors, 1, 5, 9);
    }

    private static ServiceEdge edge(String a, String b, long calls, long errors, double p95) {
        return new ServiceEdge(a, b, calls, errors, 1, p95, p95 * 1.2, 0, 10_000_000_000L);
    }

    /** web → api → postgresql, api → web (a cycle), api → redis. */
    private static DependencyMap shop() {
        return new DependencyMap(List.of(node("web", DependencyMap.Kind.SERVICE, 100, 0),
                node("api", DependencyMap.Kind.SERVICE, 100, 9),
                node("postgresql", DependencyMap.Kind.DATABASE, 80, 0),
                node("redis", DependencyMap.Kind.CACHE, 300, 0)),
                List.of(edge("web", "api", 100, 9, 40), edge("api", "postgresql", 80, 0, 700),
                        edge("api", "web", 5, 0, 3), edge("api", "redis", 300, 0, 1)));
    }

    @Test
    void hitTestingFindsTheNodeUnderAPointAndTheEdgeNearIt() {
        MapPicture p = MapPicture.of(shop());
        MapPicture.DrawnNode api = p.nodes().get("api");
        assertEquals("api", p.nodeAt(api.centreX(), api.centreY()).node().id());
        assertNull(p.nodeAt(-50, -50));

        MapPicture.DrawnEdge e = p.edge(MapPicture.edgeKey("api", "postgresql"));
        List<double[]> pts = e.route().points();
        double[] a = pts.get(0);
        double[] b = pts.get(pts.size() - 1);
        // The curve passes through the middle of its two ends (the Bézier of SvgWriter is symmetric).
        MapPicture.DrawnEdge hit = p.edgeAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 3);
        assertEquals(e.key(), hit.key());
        assertNull(p.edgeAt(-50, -50, 3));
    }

    @Test
    void nodesOnACycleAreMarkedAndTheCallBackIsReversed() {
        MapPicture p = MapPicture.of(shop());
        assertTrue(p.nodes().get("web").onCycle());
        assertTrue(p.nodes().get("api").onCycle());
        assertFalse(p.nodes().get("redis").onCycle());
        assertTrue(p.edge(MapPicture.edgeKey("api", "web")).reversed());
        assertFalse(p.edge(MapPicture.edgeKey("web", "api")).reversed());
    }

    @Test
    void edgeColoursFollowTheErrorRateOrTheP95() {
        MapPicture p = MapPicture.of(shop());
        MapPicture.Palette c = MapPicture.Palette.light();
        MapPicture.Style errors = MapPicture.Style.of(c, MapPicture.Colouring.ERROR_RATE);
        MapPicture.Style latency = MapPicture.Style.of(c, MapPicture.Colouring.LATENCY);
        assertEquals(c.edgeBad(), p.edgeColour(p.edge(MapPicture.edgeKey("web", "api")), errors), "9% errors");
        assertEquals(c.edgeOk(), p.edgeColour(p.edge(MapPicture.edgeKey("api", "postgresql")), errors));
        assertEquals(c.edgeBad(), p.edgeColour(p.edge(MapPicture.edgeKey("api", "postgresql")), latency), "p95 700 ms");
        assertEquals(c.edgeOk(), p.edgeColour(p.edge(MapPicture.edgeKey("api", "redis")), latency));
    }

    @Test
    void thePngShowsEachNodeInTheFillOfItsKind() {
        MapPicture p = MapPicture.of(shop());
        MapPicture.Palette c = MapPicture.Palette.light();
        BufferedImage img = PngWriter.render(p, MapPicture.Style.of(c, MapPicture.Colouring.ERROR_RATE));
        double scale = img.getWidth() / Math.max(Math.max(p.width(), 0), 640);
        double offset = (Math.max(p.width(), 640) - p.width()) / 2;
        for (String id : List.of("web", "postgresql", "redis")) {
            MapPicture.DrawnNode n = p.nodes().get(id);
            // Under the text, above the outline: the fill.
            int x = (int) ((n.centreX() + offset) * scale);
            int y = (int) ((n.box().y() + n.box().height() - 4) * scale);
            assertEquals(c.fill(n.node().kind()).getRGB(), img.getRGB(x, y), id);
        }
    }

    @Test
    void theDiffPictureMarksWhatAppearedDisappearedOrChanged() {
        DependencyMap.Node web = node("web", DependencyMap.Kind.SERVICE, 10, 0);
        DependencyMap.Node api = node("api", DependencyMap.Kind.SERVICE, 10, 0);
        DependencyMap.Node cache = node("cache", DependencyMap.Kind.CACHE, 10, 0);
        DependencyMap.Node old = node("legacy", DependencyMap.Kind.EXTERNAL, 10, 0);
        ServiceEdge wa = edge("web", "api", 10, 0, 5);
        DiffMapService.DiffMap d = new DiffMapService.DiffMap("a", "b", List.of(
                new DiffMapService.NodeDiff("web", web.kind(), DiffMapService.Change.BOTH, web, web),
                new DiffMapService.NodeDiff("api", api.kind(), DiffMapService.Change.BOTH, api, api),
                new DiffMapService.NodeDiff("cache", cache.kind(), DiffMapService.Change.ADDED, null, cache),
                new DiffMapService.NodeDiff("legacy", old.kind(), DiffMapService.Change.REMOVED, old, null)),
                List.of(new DiffMapService.EdgeDiff("web", "api", DiffMapService.Change.BOTH, wa, wa, null, null, 0.001,
                                0.5),
                        new DiffMapService.EdgeDiff("api", "cache", DiffMapService.Change.ADDED, null,
                                edge("api", "cache", 3, 0, 1), null, null, Double.NaN, Double.NaN),
                        new DiffMapService.EdgeDiff("api", "legacy", DiffMapService.Change.REMOVED,
                                edge("api", "legacy", 3, 0, 1), null, null, null, Double.NaN, Double.NaN)));
        MapPicture p = MapPicture.of(d);
        assertTrue(p.isDiff());
        assertEquals(MapPicture.Mark.CHANGED, p.edge(MapPicture.edgeKey("web", "api")).mark(), "BH p 0.001");
        assertEquals(MapPicture.Mark.ADDED, p.edge(MapPicture.edgeKey("api", "cache")).mark());
        assertEquals(MapPicture.Mark.REMOVED, p.edge(MapPicture.edgeKey("api", "legacy")).mark());
        assertEquals(MapPicture.Mark.CHANGED, p.nodes().get("web").mark(), "an end of a changed edge");
        assertEquals(MapPicture.Mark.ADDED, p.nodes().get("cache").mark());
        assertEquals(MapPicture.Mark.REMOVED, p.nodes().get("legacy").mark());
        MapPicture.Palette c = MapPicture.Palette.light();
        assertEquals(c.added(), p.edgeColour(p.edge(MapPicture.edgeKey("api", "cache")),
                MapPicture.Style.of(c, MapPicture.Colouring.ERROR_RATE)));
    }

    @Test
    void anEmptyMapStillMakesAPictureWithItsLegend() {
        MapPicture p = MapPicture.of(new DependencyMap(List.of(), List.of()));
        BufferedImage img = PngWriter.render(p, MapPicture.Style.of(MapPicture.Palette.dark(),
                MapPicture.Colouring.LATENCY));
        assertTrue(img.getWidth() >= 640 * 2 - 1 && img.getHeight() > 100);
    }

    @Test
    void theLegendIsAsWideWhereverItIsDrawnSoThePngMakesRoomForIt() {
        MapPicture p = MapPicture.of(shop());
        MapPicture.Style s = MapPicture.Style.of(MapPicture.Palette.light(), MapPicture.Colouring.LATENCY);
        double[] measured = p.legendSize(s);
        BufferedImage img = new BufferedImage(2400, 300, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.scale(2, 2); // as the PNG draws it
        double[] drawn = p.paintLegend(g, s, 0, 0);
        g.dispose();
        assertEquals(measured[0], drawn[0], 1e-9);
        assertEquals(measured[1], drawn[1], 1e-9);
        BufferedImage png = PngWriter.render(p, s);
        assertTrue(png.getWidth() / 2.0 >= measured[0] + 24, "the legend fits the picture");
    }
}
