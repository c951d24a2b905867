package io.prodlab.ui.map;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.GraphAlgorithms;
import io.prodlab.graph.MapPicture;
import io.prodlab.ui.common.Formats;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.model.RedSeries;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Map screen's view model on the demo shop, without a toolkit. */
class MapViewModelTest {
    @TempDir
    static Path shared;
    private static Path ws;
    private static DependencyMap expected;

    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final TimeRangeModel timeRange = new TimeRangeModel(session, runner, messages);
    private MapViewModel vm;

    @BeforeAll
    static void demoShop() throws Exception {
        DemoShop shop = DemoShop.in(shared);
        ws = shop.workspace();
        expected = shop.map();
    }

    @BeforeEach
    void open() {
        vm = new MapViewModel(session, runner, messages, timeRange);
        session.open(ws, false).executeWith(runner);
    }

    @AfterEach
    void close() {
        session.close().executeWith(runner);
        assertTrue(runner.unexpected().isEmpty(), runner.unexpected().toString());
    }

    private MapPicture.DrawnNode node(String id) {
        return vm.picture().nodes().get(id);
    }

    @Test
    void opensWithTheWorkspacesMapLaidOut() {
        assertEquals(expected, vm.builtMap());
        assertEquals(expected.nodes().size(), vm.picture().nodes().size());
        assertEquals(expected.edges().size(), vm.picture().edges().size());
        assertTrue(node("frontend").centreX() < node("checkout").centreX(), "callers left of callees");
        assertTrue(node("checkout").centreX() < node("payment").centreX());
        assertEquals(messages.format("map.summary", 12, 18, 0), vm.summaryProperty().get());
    }

    @Test
    void clickingANodeOpensThePanelWithItsFiguresOperationsErrorsAndTraces() {
        DependencyMap.Node checkout = expected.nodes().stream().filter(n -> n.id().equals("checkout")).findFirst()
                .orElseThrow();

        vm.click("checkout", null);

        assertTrue(vm.panelOpenProperty().get());
        assertEquals("checkout", vm.panelTitleProperty().get());
        assertEquals(Formats.integer(checkout.requests()), value("map.fig.requests"));
        assertEquals(Formats.integer(checkout.errors()), value("map.fig.errors"));
        assertEquals(Formats.duration(checkout.p95Ms()), value("map.fig.p95"));
        assertEquals(Formats.integer(new GraphAlgorithms(expected).fanOut("checkout")), value("map.fig.fan-out"));
        assertFalse(vm.operations().isEmpty());
        assertEquals(checkout.requests(), vm.operations().stream().mapToLong(o -> o.spans()).sum(),
                "the top operations are all of its requests (the demo has fewer than six)");
        assertEquals(checkout.errors(), vm.errorMessages().stream().mapToLong(e -> e.count()).sum());
        assertFalse(vm.traces().isEmpty());
        assertTrue(vm.traces().get(0).failed(), "traces with errors come first");
    }

    @Test
    void clickingAnEdgeShowsItsCallsAndLatency() {
        var edge = expected.edges().stream().filter(e -> e.source().equals("payment") && e.target().equals("postgresql"))
                .findFirst().orElseThrow();

        vm.click(null, MapPicture.edgeKey("payment", "postgresql"));

        assertEquals(Formats.integer(edge.calls()), value("map.fig.calls"));
        assertEquals(Formats.duration(edge.p99Ms()), value("map.fig.p99"));
        assertEquals(edge.calls(), vm.operations().stream().mapToLong(o -> o.spans()).sum(), "its client spans");
        assertTrue(vm.tooltip(null, MapPicture.edgeKey("payment", "postgresql")).contains(Formats.integer(edge.calls())));
    }

    private String value(String labelKey) {
        return vm.figures().stream().filter(f -> f.label().equals(messages.get(labelKey))).map(MapViewModel.Figure::value)
                .findFirst().orElse("");
    }

    @Test
    void escapeClearsTheSelectionAndClosesThePanel() {
        vm.click("cart", null);
        vm.clearSelection();
        assertNull(vm.selectedNodeProperty().get());
        assertFalse(vm.panelOpenProperty().get());
        assertTrue(vm.figures().isEmpty());
    }

    @Test
    void arrowKeysMoveToTheNearestNodeInThatDirectionOfTheLayout() {
        vm.select("frontend");
        vm.move(MapViewModel.Direction.RIGHT);
        MapPicture.DrawnNode right = node(vm.selectedNodeProperty().get());
        assertEquals(1, right.box().layer(), "one layer to the right of frontend");
        vm.move(MapViewModel.Direction.LEFT);
        assertEquals("frontend", vm.selectedNodeProperty().get(), "the only node of layer 0");

        // Down a layer: each step lands lower, in the same layer while there is one below.
        vm.select("cart");
        int layer = node("cart").box().layer();
        double y = node("cart").centreY();
        vm.move(MapViewModel.Direction.DOWN);
        MapPicture.DrawnNode below = node(vm.selectedNodeProperty().get());
        assertTrue(below.centreY() > y);
        assertEquals(layer, below.box().layer());
        vm.move(MapViewModel.Direction.UP);
        assertEquals("cart", vm.selectedNodeProperty().get());
    }

    @Test
    void anArrowWithNothingThatWayKeepsTheSelection() {
        vm.select("frontend");
        vm.move(MapViewModel.Direction.LEFT);
        assertEquals("frontend", vm.selectedNodeProperty().get());
    }

    @Test
    void tabVisitsEveryNodeOnceByLayerThenTopToBottom() {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < expected.nodes().size(); i++) {
            vm.next(false);
            seen.add(vm.selectedNodeProperty().get());
        }
        assertEquals(expected.nodes().size(), new HashSet<>(seen).size());
        assertEquals("frontend", seen.get(0));
        for (int i = 1; i < seen.size(); i++) {
            MapPicture.DrawnNode a = node(seen.get(i - 1));
            MapPicture.DrawnNode b = node(seen.get(i));
            assertTrue(a.box().layer() < b.box().layer() || a.box().layer() == b.box().layer()
                    && a.centreY() < b.centreY(), seen.get(i - 1) + " before " + seen.get(i));
        }
        vm.next(false);
        assertEquals("frontend", vm.selectedNodeProperty().get(), "wraps round");
        vm.next(true);
        assertEquals(seen.get(seen.size() - 1), vm.selectedNodeProperty().get(), "Shift+Tab goes back");
    }

    @Test
    void searchHighlightsTheMatchesAndSelectsAndCentresTheBest() {
        int centred = vm.centreRequestsProperty().get();
        vm.searchProperty().set("PAY");
        assertEquals(List.of("payment"), vm.highlighted());
        assertEquals("payment", vm.selectedNodeProperty().get());
        assertTrue(vm.centreRequestsProperty().get() > centred);

        vm.searchProperty().set("c");
        assertTrue(vm.highlighted().containsAll(List.of("cart", "checkout", "currency", "product-catalog")));
        assertEquals("cart", vm.selectedNodeProperty().get(), "the first that starts with it");

        vm.searchProperty().set("redis");
        assertEquals("redis", vm.selectedNodeProperty().get());

        vm.searchProperty().set("no-such-service");
        assertTrue(vm.highlighted().isEmpty());
        assertEquals(messages.format("map.search.none", "no-such-service"), vm.searchStatus());
    }

    @Test
    void focusKeepsTheNodesWithinTheHopsOfTheSelection() {
        vm.select("checkout");
        vm.focusModeProperty().set(true);
        Set<String> oneHop = new TreeSet<>();
        new GraphAlgorithms(expected).neighbourhood("checkout", 1).nodes().forEach(n -> oneHop.add(n.id()));
        assertEquals(oneHop, new TreeSet<>(vm.picture().nodes().keySet()));
        assertFalse(vm.picture().nodes().containsKey("email"), "two calls away");

        vm.hopsProperty().set(2);
        assertTrue(vm.picture().nodes().containsKey("email"));

        vm.focusModeProperty().set(false);
        assertEquals(expected.nodes().size(), vm.picture().nodes().size());
    }

    @Test
    void aFilterThatDoesNotReadIsRefusedWithWhereAndTheMapStays() {
        MapPicture before = vm.picture();
        vm.filterProperty().set("kind = ");
        assertTrue(vm.filterErrorProperty().get().contains("column"), vm.filterErrorProperty().get());
        vm.refresh();
        assertEquals(before, vm.picture());

        vm.filterProperty().set("service.name = \"payment\"");
        assertEquals("", vm.filterErrorProperty().get());
        vm.refresh();
        assertEquals(new TreeSet<>(List.of("checkout", "payment", "postgresql")),
                new TreeSet<>(vm.picture().nodes().keySet()), "calls whose caller or callee is payment");
    }

    private long sql(String query) throws Exception {
        return ((Number) new SqlConsole(session.workspace()).query(query, 1).rows().get(0).get(0)).longValue();
    }

    private TimeExtentQuery.Extent extent() throws Exception {
        return new TimeExtentQuery(session.workspace()).spans().orElseThrow();
    }

    private static long requests(RedSeries s) {
        return s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum();
    }

    @Test
    void theSessionsRangeRebuildsTheMapWithTheCountsOfTheRange() throws Exception {
        TimeExtentQuery.Extent e = extent();
        long mid = e.firstStartNs() + (e.lastEndNs() - e.firstStartNs()) / 2;
        timeRange.select(e.firstStartNs(), mid);

        assertEquals(new DependencyMapService(session.workspace()).build("", e.firstStartNs(), mid), vm.builtMap());
        long paymentInHalf = sql("select count(*) from spans where service_name = 'payment' and kind = 'server'"
                + " and start_ns >= " + e.firstStartNs() + " and start_ns < " + mid);
        assertEquals(paymentInHalf, vm.builtMap().nodes().stream().filter(n -> n.id().equals("payment"))
                .findFirst().orElseThrow().requests());
        assertTrue(paymentInHalf > 0 && paymentInHalf < sql("select count(*) from spans where service_name = "
                + "'payment' and kind = 'server'"), "half of the data: " + paymentInHalf);

        timeRange.select(e.lastEndNs() + 60_000_000_000L, e.lastEndNs() + 120_000_000_000L);
        assertTrue(vm.picture().nodes().isEmpty());
        assertEquals(messages.get("map.empty.filtered"), vm.emptyTextProperty().get());

        timeRange.reset();
        assertEquals(expected, vm.builtMap());
    }

    @Test
    void aSelectedServiceShowsItsRequestsOverTheRangeAndAnEdgeItsCalls() throws Exception {
        TimeExtentQuery.Extent e = extent();
        long mid = e.firstStartNs() + (e.lastEndNs() - e.firstStartNs()) / 2;
        timeRange.select(e.firstStartNs(), mid);
        vm.click("payment", null);

        RedSeries payment = vm.seriesProperty().get();
        assertEquals(e.firstStartNs(), payment.fromNs());
        assertEquals(mid, payment.toNs());
        assertEquals(sql("select count(*) from spans where service_name = 'payment' and kind = 'server'"
                + " and start_ns >= " + e.firstStartNs() + " and start_ns < " + mid), requests(payment));
        assertEquals(messages.format("map.series.service", "payment"), vm.seriesTitleProperty().get());
        assertEquals("", vm.seriesTextProperty().get());

        String key = MapPicture.edgeKey("checkout", "payment");
        vm.click(null, key);
        RedSeries edge = vm.seriesProperty().get();
        assertEquals(vm.picture().edge(key).edge().calls(), requests(edge));
        assertEquals(vm.picture().edge(key).edge().errors(),
                edge.buckets().stream().mapToLong(RedSeries.Bucket::errors).sum());
        assertEquals(messages.format("map.series.edge", key), vm.seriesTitleProperty().get());

        vm.click("postgresql", null);
        long into = vm.picture().edges().stream().filter(x -> x.edge().target().equals("postgresql"))
                .mapToLong(x -> x.edge().calls()).sum();
        assertTrue(into > 0);
        assertEquals(into, requests(vm.seriesProperty().get()), "a database: the calls into it");
        assertEquals(messages.format("map.series.into", "postgresql"), vm.seriesTitleProperty().get());

        vm.clearSelection();
        assertNull(vm.seriesProperty().get());
        assertEquals("", vm.seriesTitleProperty().get());
    }

    @Test
    void underAFilterTheSeriesCountWhatTheMapsFiguresCount() {
        vm.filterProperty().set("duration > 20ms");
        vm.refresh();
        for (String id : List.of("checkout", "payment", "postgresql")) {
            vm.click(id, null);
            long figure = vm.builtMap().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow()
                    .requests();
            long series = requests(vm.seriesProperty().get());
            if (id.equals("postgresql")) {
                figure = vm.picture().edges().stream().filter(x -> x.edge().target().equals(id))
                        .mapToLong(x -> x.edge().calls()).sum();
            }
            assertEquals(figure, series, id);
            assertTrue(series > 0, id);
        }
        String key = MapPicture.edgeKey("checkout", "payment");
        vm.click(null, key);
        long calls = vm.picture().edge(key).edge().calls();
        assertEquals(calls, requests(vm.seriesProperty().get()));
        long unfiltered = expected.edges().stream().filter(x -> x.source().equals("checkout")
                && x.target().equals("payment")).findFirst().orElseThrow().calls();
        assertTrue(calls < unfiltered, "the filter keeps fewer calls: " + calls + " of " + unfiltered);
    }

    @Test
    void aNewSelectionCancelsTheSeriesOfTheOneBefore() {
        io.prodlab.ui.testing.QueuedTaskRunner queued = new io.prodlab.ui.testing.QueuedTaskRunner(status);
        MapViewModel slow = new MapViewModel(session, queued, messages, new TimeRangeModel(session, queued, messages));
        slow.refresh();
        queued.runAll();
        slow.click("payment", null);
        assertEquals(messages.get("map.series.loading"), slow.seriesTextProperty().get());
        slow.click("checkout", null);
        queued.runAll();
        assertEquals(messages.format("map.series.service", "checkout"), slow.seriesTitleProperty().get());
        long checkout = slow.builtMap().nodes().stream().filter(n -> n.id().equals("checkout")).findFirst()
                .orElseThrow().requests();
        assertEquals(checkout, requests(slow.seriesProperty().get()));
    }

    @Test
    void aDiffMapSaysItHasNoSeries() {
        vm.diffModeProperty().set(true);
        vm.baselineFilterProperty().set("service.version = \"1.4.0\"");
        vm.candidateFilterProperty().set("service.version = \"1.5.0-canary\"");
        vm.refresh();
        vm.click("checkout", null);
        assertNull(vm.seriesProperty().get());
        assertEquals(messages.get("map.series.diff"), vm.seriesTextProperty().get());
    }

    @Test
    void theDiffMapMarksWhatChangedBetweenTheCohorts() {
        vm.diffModeProperty().set(true);
        vm.refresh();
        assertEquals(messages.get("map.diff.both"), vm.diffErrorProperty().get());

        vm.baselineFilterProperty().set("service.version = \"1.4.0\"");
        vm.candidateFilterProperty().set("service.version = \"1.5.0-canary\"");
        vm.refresh();
        assertTrue(vm.picture().isDiff());
        assertTrue(vm.picture().edges().stream().anyMatch(e -> e.mark() != MapPicture.Mark.NONE));
        vm.click(null, MapPicture.edgeKey("frontend", "checkout"));
        assertFalse(value("map.fig.calls.baseline").isEmpty());
        assertFalse(value("map.fig.calls.candidate").isEmpty());
    }

    @Test
    void aSampleTraceIsHandedToWhoeverOpensTraces() {
        List<String> opened = new ArrayList<>();
        vm.setOnOpenTrace(opened::add);
        vm.click("payment", null);
        String id = vm.traces().get(0).traceId();
        vm.openTrace(id);
        assertEquals(List.of(id), opened);
    }

    @Test
    void exportsThePngOfTheMapAsShown() throws Exception {
        Path png = dir.resolve("map.png");
        String[] done = new String[1];
        vm.export(MapViewModel.ExportFormat.PNG, png, MapPicture.Palette.dark(), MapPicture.ENGLISH::get,
                s -> done[0] = s);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() > 600 && img.getHeight() > 400);
        assertEquals(messages.format("map.export.done", png), done[0]);
        Path json = dir.resolve("map.json");
        vm.export(MapViewModel.ExportFormat.JSON, json, MapPicture.Palette.light(), MapPicture.ENGLISH::get, s -> { });
        assertEquals(18, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get("edges").size());
    }

    @Test
    void aFocusChangeWhileTheMapIsBuiltDoesNotLeaveItLoading() {
        io.prodlab.ui.testing.QueuedTaskRunner queued = new io.prodlab.ui.testing.QueuedTaskRunner(status);
        MapViewModel slow = new MapViewModel(session, queued, messages, new TimeRangeModel(session, queued, messages));
        slow.refresh();
        queued.runAll();
        slow.select("checkout");
        slow.refresh();
        assertTrue(slow.loadingProperty().get());
        slow.focusModeProperty().set(true); // asks for a layout before the build has ended
        queued.runAll();
        assertFalse(slow.loadingProperty().get());
        assertEquals(new GraphAlgorithms(expected).neighbourhood("checkout", 1).nodes().size(),
                slow.picture().nodes().size(), "the focus of the map just built");
    }

    @Test
    void everyWordThePictureWritesComesFromTheMessages() {
        for (String key : MapPicture.ENGLISH.keySet()) {
            assertTrue(messages.has("map.picture." + key), "map.picture." + key);
        }
    }
}
