package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServicesViewModelTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final TimeRangeModel timeRange = new TimeRangeModel(session, runner, messages);
    private final ServicesViewModel vm = new ServicesViewModel(session, runner, messages, timeRange, status);

    @AfterEach
    void closeWorkspace() {
        session.close().executeWith(runner);
    }

    private void open(Path ws) {
        session.open(ws, false).executeWith(runner);
    }

    private static List<String> names(List<ServiceStats> rows) {
        return rows.stream().map(ServiceStats::name).toList();
    }

    @Test
    void loadsTheWorkspaceFiguresWhenAWorkspaceOpens() throws Exception {
        Path ws = aWorkspace().service("frontend", 10, 2, 10, 100).service("cart", 4, 0, 5, 20)
                .writeTo(dir.resolve("w.prodlab"));

        open(ws);

        assertEquals(List.of("cart", "frontend"), names(vm.rows()));
        ServiceStats frontend = vm.rows().get(1);
        assertEquals(20, frontend.spans(), "10 server and 10 client spans");
        assertEquals(2, frontend.errors());
        assertEquals(0.2, frontend.errorRate(), 1e-12);
        assertEquals(55.0, frontend.p50Ms(), 1e-9, "type-7 median of 10, 20, ..., 100 ms");
        assertEquals(messages.format("services.summary", 2, 2), vm.summaryProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void filterNarrowsByAPieceOfTheNameIgnoringCase() throws Exception {
        open(aWorkspace().service("checkout", 1, 0, 1, 1).service("cart", 1, 0, 1, 1)
                .service("CartCache", 1, 0, 1, 1).service("frontend", 1, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));

        vm.filterProperty().set("  CART ");

        assertEquals(List.of("CartCache", "cart"), names(vm.rows()).stream().sorted().toList());
        assertEquals(messages.format("services.summary", 2, 4), vm.summaryProperty().get());

        vm.filterProperty().set("nothing-like-this");
        assertTrue(vm.rows().isEmpty());
        assertEquals(messages.format("services.empty.filtered", "nothing-like-this"), vm.emptyTextProperty().get());

        vm.filterProperty().set("");
        assertEquals(4, vm.rows().size());
    }

    @Test
    void rowsFollowTheComparatorTheViewSets() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).service("b", 9, 0, 1, 1).service("c", 5, 0, 1, 1)
                .writeTo(dir.resolve("w.prodlab")));

        vm.rows().setComparator(Comparator.comparingLong(ServiceStats::spans).reversed());

        assertEquals(List.of("b", "c", "a"), names(vm.rows()));
    }

    @Test
    void reloadsWhenTheContentChanges() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));
        aWorkspace().service("late", 2, 0, 1, 1).writeInto(session.workspace());

        session.contentChanged(session.workspace().spanCount());

        assertEquals(List.of("a", "late"), names(vm.rows()));
    }

    @Test
    void closingTheWorkspaceEmptiesTheTable() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));

        session.close().executeWith(runner);

        assertTrue(vm.rows().isEmpty());
        assertEquals(messages.get("services.empty.no-workspace"), vm.emptyTextProperty().get());
    }

    @Test
    void whileLoadingTheTableSaysSoNotThatNoWorkspaceIsOpen() throws Exception {
        Path ws = aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab"));
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        ServicesViewModel slow = new ServicesViewModel(session, queued, messages, new TimeRangeModel(session, queued, messages), status);
        session.open(ws, false).executeWith(queued);
        queued.runNext(); // the open; the refresh it caused is now queued

        assertTrue(slow.loadingProperty().get());
        assertEquals(messages.get("services.loading"), slow.emptyTextProperty().get());

        queued.runAll();
        assertEquals(List.of("a"), names(slow.rows()));
        assertFalse(slow.loadingProperty().get());
    }

    @Test
    void aFailedLoadEmptiesTheTableAndTheStatusBarSaysWhy() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));
        assertEquals(1, vm.rows().size());
        session.workspace().close(); // the workspace goes away under the view

        vm.refresh();

        assertTrue(vm.rows().isEmpty());
        assertTrue(status.errorProperty().get(), status.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty(), "a workspace failure is shown by its category, not as a bug");
    }

    // --- Time: the session range, the drill-down, show traces, export -------------------------

    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_760_000_000L * S;

    private Path shop() throws Exception {
        // cart: a request a second for 20 minutes, by turns GET /cart and POST /cart, the first 3 failed.
        return aWorkspace().service("cart", 1200, 3, 1, 120).operations("GET /cart", "POST /cart")
                .service("email", 10, 0, 5, 5).writeTo(dir.resolve("w.prodlab"));
    }

    private ServiceStats row(String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void selectingAServiceLoadsItsOperationsAndItsRequestsOverTime() throws Exception {
        open(shop());

        vm.selectService(row("cart"));

        assertEquals(List.of("GET /cart", "POST /cart"), names(vm.operations()));
        assertEquals(600, vm.operations().get(0).requests());
        assertEquals(2, vm.operations().get(0).errors(), "requests 0 and 2 failed");
        var series = vm.seriesProperty().get();
        assertEquals(1200, series.buckets().stream().mapToLong(b -> b.requests()).sum());
        assertEquals(10 * S, series.bucketNs(), "20 minutes in 10 s buckets");
        assertEquals(messages.format("services.detail.service", "cart"), vm.seriesTitleProperty().get());
        assertEquals(messages.format("services.detail.buckets", "10.00 s"), vm.bucketTextProperty().get());
        assertEquals("", vm.seriesTextProperty().get());

        vm.selectOperation(vm.operations().get(1));

        assertEquals(600, vm.seriesProperty().get().buckets().stream().mapToLong(b -> b.requests()).sum());
        assertEquals(messages.format("services.detail.operation", "cart", "POST /cart"), vm.seriesTitleProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void theSessionRangeNarrowsTheTableTheOperationsAndTheSeriesAndKeepsTheSelection() throws Exception {
        open(shop());
        vm.selectService(row("cart"));
        vm.selectOperation(vm.operations().get(0));

        timeRange.presetProperty().set(io.prodlab.ui.common.TimeRange.Preset.LAST_5_MIN);

        // The data ends with cart's last request (at 1199 s, 120 ms long): the last 5 minutes of it.
        assertEquals(300, row("cart").requests());
        assertFalse(vm.rows().stream().anyMatch(r -> r.name().equals("email")), "email ended long before");
        assertEquals("cart", vm.selectedServiceProperty().get().name(), "the selection is kept by name");
        assertEquals("GET /cart", vm.selectedOperationProperty().get().name());
        assertEquals(150, vm.operations().get(0).requests());
        var series = vm.seriesProperty().get();
        assertEquals(150, series.buckets().stream().mapToLong(b -> b.requests()).sum());
        assertEquals(2 * S, series.bucketNs(), "5 minutes in 2 s buckets");
    }

    @Test
    void aDraggedWindowBecomesTheSessionRange() throws Exception {
        open(shop());
        vm.selectService(row("cart"));

        vm.selectWindow(T0 + 100 * S, T0 + 40 * S);

        assertEquals(io.prodlab.ui.common.TimeRange.custom(T0 + 40 * S, T0 + 100 * S), timeRange.range());
        assertEquals(60, row("cart").requests());
        assertEquals(60, vm.seriesProperty().get().buckets().stream().mapToLong(b -> b.requests()).sum());
    }

    @Test
    void aRangeWithoutTheSelectedServiceEmptiesTheDetail() throws Exception {
        open(shop());
        vm.selectService(row("email"));
        assertEquals(1, vm.operations().size());

        vm.selectWindow(T0 + 500 * S, T0 + 600 * S);

        assertTrue(vm.selectedServiceProperty().get() == null);
        assertTrue(vm.operations().isEmpty());
        assertEquals(messages.get("services.detail.none"), vm.seriesTextProperty().get());
    }

    @Test
    void showTracesIsOfferedOnlyWithAHandlerAndHandsOverTheSelectionAndTheRange() throws Exception {
        open(shop());
        List<TracesRequest> asked = new java.util.ArrayList<>();
        vm.selectService(row("cart"));
        assertFalse(vm.showTracesAvailableProperty().get(), "no trace view hooked in");
        vm.showTraces();
        assertTrue(asked.isEmpty());

        vm.setOnShowTraces(asked::add);
        assertTrue(vm.showTracesAvailableProperty().get());
        vm.selectOperation(vm.operations().get(1));
        timeRange.presetProperty().set(io.prodlab.ui.common.TimeRange.Preset.LAST_15_MIN);
        vm.showTraces();

        assertEquals(List.of(new TracesRequest("cart", "POST /cart")), asked);
        vm.selectService(null);
        assertFalse(vm.showTracesAvailableProperty().get());
    }

    @Test
    void exportsTheChartAsPngAndSvg() throws Exception {
        open(shop());
        vm.selectService(row("cart"));

        vm.exportChart(dir.resolve("cart.png"));
        vm.exportChart(dir.resolve("cart.svg"));

        byte[] png = java.nio.file.Files.readAllBytes(dir.resolve("cart.png"));
        assertEquals(0x89, png[0] & 0xff);
        assertEquals('P', png[1]);
        String svg = java.nio.file.Files.readString(dir.resolve("cart.svg"));
        // Rotated axis labels become outlines in SVG; the time axis and the legend stay text.
        assertTrue(svg.contains("<svg") && svg.contains(">Time (UTC)<") && svg.contains(">p99<"),
                svg.substring(0, Math.min(svg.length(), 3000)));
        assertEquals(messages.format("chart.export.done", dir.resolve("cart.svg")), status.messageProperty().get());

        vm.exportChart(dir.resolve("no-such-folder").resolve("x.png"));
        assertTrue(status.errorProperty().get(), status.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void theAnnotationsOfTheSeriesRangeComeWithIt() throws Exception {
        open(aWorkspace().service("cart", 600, 0, 1, 1).annotation("fault", "latency", 100, 200.0, "cart")
                .annotation("deploy", "v2", 500, 500.0, "cart").writeTo(dir.resolve("w.prodlab")));
        vm.selectService(row("cart"));
        assertEquals(List.of("latency", "v2"), vm.annotationsProperty().get().stream()
                .map(io.prodlab.model.Annotation::name).toList());

        vm.selectWindow(T0 + 300 * S, T0 + 400 * S);

        assertTrue(vm.annotationsProperty().get().isEmpty(), "neither overlaps 300-400 s");
    }
}
