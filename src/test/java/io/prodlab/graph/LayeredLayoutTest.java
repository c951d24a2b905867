package io.prodlab.graph;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayeredLayoutTest {
    @TempDir
    Path dir;

    private static Map<String, double[]> sizes(String... ids) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, new double[] {100, 40});
        }
        return m;
    }

    private static void assertNoOverlap(LayeredLayout.Result r) {
        List<LayeredLayout.Box> boxes = List.copyOf(r.boxes().values());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                LayeredLayout.Box a = boxes.get(i);
                LayeredLayout.Box b = boxes.get(j);
                boolean apart = a.x() + a.width() <= b.x() || b.x() + b.width() <= a.x() || a.y() + a.height() <= b.y()
                        || b.y() + b.height() <= a.y();
                assertTrue(apart, a + " overlaps " + b);
            }
        }
    }

    @Test
    void callersSitLeftOfTheirCalleesAndNothingOverlaps() {
        LayeredLayout.Result r = LayeredLayout.layout(sizes("gw", "a", "b", "db"), List.of(
                new String[] {"gw", "a"}, new String[] {"gw", "b"}, new String[] {"a", "db"}, new String[] {"gw", "db"}),
                LayeredLayout.Spacing.defaults());
        assertEquals(0, r.boxes().get("gw").layer());
        assertEquals(1, r.boxes().get("a").layer());
        assertEquals(2, r.boxes().get("db").layer(), "the longest path decides");
        for (LayeredLayout.Route route : r.routes()) {
            assertTrue(r.boxes().get(route.source()).x() < r.boxes().get(route.target()).x(), route.source());
            assertFalse(route.reversed());
        }
        LayeredLayout.Route skip = r.routes().stream().filter(x -> x.source().equals("gw") && x.target().equals("db"))
                .findFirst().orElseThrow();
        assertEquals(3, skip.points().size(), "an edge over two layers bends once, in the layer it crosses");
        assertNoOverlap(r);
    }

    @Test
    void aCycleIsDrawnWithOneEdgeAgainstTheFlow() {
        LayeredLayout.Result r = LayeredLayout.layout(sizes("a", "b", "c"), List.of(
                new String[] {"a", "b"}, new String[] {"b", "c"}, new String[] {"c", "a"}), LayeredLayout.Spacing.defaults());
        assertEquals(1, r.routes().stream().filter(LayeredLayout.Route::reversed).count());
        LayeredLayout.Route back = r.routes().stream().filter(LayeredLayout.Route::reversed).findFirst().orElseThrow();
        assertEquals("c", back.source());
        double[] start = back.points().get(0);
        assertEquals(r.boxes().get("c").x(), start[0], 1e-9, "it leaves c on its left side, against the flow");
        assertNoOverlap(r);
    }

    @Test
    void barycenterSweepsUntangleATwistedBipartiteGraph() {
        // Depth first from a places x then y; b also calls x, so a→y crosses b→x until y moves up.
        LayeredLayout.Result r = LayeredLayout.layout(sizes("a", "b", "x", "y"), List.of(
                new String[] {"a", "x"}, new String[] {"a", "y"}, new String[] {"b", "x"}),
                LayeredLayout.Spacing.defaults());
        assertEquals(0, r.crossings());
        assertTrue(r.boxes().get("y").y() < r.boxes().get("x").y(), "y moved above x");
    }

    @Test
    void aSourceThatCallsOnlyADeepNodeMovesRightNextToIt() {
        // Longest path puts a in layer 0, three layers before z; promotion moves it to layer 2.
        LayeredLayout.Result r = LayeredLayout.layout(sizes("a", "b", "c", "d", "z"), List.of(
                new String[] {"a", "z"}, new String[] {"b", "c"}, new String[] {"c", "d"}, new String[] {"d", "z"}),
                LayeredLayout.Spacing.defaults());
        assertEquals(3, r.boxes().get("z").layer());
        assertEquals(2, r.boxes().get("a").layer());
        assertEquals(0, r.boxes().get("b").layer());
        assertEquals(2, r.routes().get(0).points().size(), "a → z needs no bend point");
    }

    @Test
    void aRandomGraphHasNoOverlapsFlowsLeftToRightAndReportsTheCrossingsItDraws() {
        var g = LayoutBenchmarkTest.randomGraph(150, 600, 11);
        LayeredLayout.Result r = LayeredLayout.layout(g.getKey(), g.getValue(), LayeredLayout.Spacing.defaults());
        assertEquals(150, r.boxes().size());
        assertEquals(600, r.routes().size());
        assertNoOverlap(r);
        // Every segment of every route joins adjacent layers; two segments between the same layers cross
        // when their ends swap order. Counted pair by pair here, by the accumulator tree in the layout.
        List<double[]> segments = new java.util.ArrayList<>();
        for (LayeredLayout.Route route : r.routes()) {
            LayeredLayout.Box s = r.boxes().get(route.source());
            LayeredLayout.Box t = r.boxes().get(route.target());
            assertEquals(route.reversed(), s.layer() >= t.layer(), route.source() + " -> " + route.target());
            List<double[]> p = route.points();
            for (int i = 0; i + 1 < p.size(); i++) {
                double[] a = p.get(i);
                double[] b = p.get(i + 1);
                assertTrue(route.reversed() ? a[0] > b[0] : a[0] < b[0], "always the same way along x");
                segments.add(a[0] < b[0] ? new double[] {a[0], a[1], b[0], b[1]} : new double[] {b[0], b[1], a[0], a[1]});
            }
        }
        long crossings = 0;
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                double[] a = segments.get(i);
                double[] b = segments.get(j);
                // Layers are 210 apart (120 wide, 90 between); a bend point sits mid-layer, 60 from the side.
                boolean sameGap = Math.abs(a[0] - b[0]) <= 60 && Math.abs(a[2] - b[2]) <= 60;
                if (sameGap && (a[1] - b[1]) * (a[3] - b[3]) < 0) {
                    crossings++;
                }
            }
        }
        assertEquals(crossings, r.crossings());
        assertTrue(crossings > 0);
    }

    @Test
    void anEmptyGraphAndLoneNodesAreLaidOut() {
        LayeredLayout.Result empty = LayeredLayout.layout(new LinkedHashMap<>(), List.of(), LayeredLayout.Spacing.defaults());
        assertTrue(empty.boxes().isEmpty());
        LayeredLayout.Result lone = LayeredLayout.layout(sizes("a", "b"), List.<String[]>of(new String[] {"a", "a"},
                new String[] {"a", "ghost"}), LayeredLayout.Spacing.defaults());
        assertEquals(2, lone.boxes().size());
        assertTrue(lone.routes().isEmpty(), "self-loops and unknown nodes are left out");
        assertNoOverlap(lone);
    }

    @Test
    void theDemoShopMapIsLaidOutWithoutOverlapsAndDrawsAsSvg() throws Exception {
        DependencyMap map;
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"))) {
            new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
            map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        String svg = SvgWriter.write(map);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        int nodes = 0;
        int edges = 0;
        var groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            String cls = groups.item(i).getAttributes().getNamedItem("class").getNodeValue();
            nodes += cls.equals("node") ? 1 : 0;
            edges += cls.equals("edge") ? 1 : 0;
        }
        assertEquals(12, nodes);
        assertEquals(18, edges);
        assertTrue(svg.contains(">postgresql</text>"), "every node is named");
    }
}
