package io.prodlab.ui.traces;

import io.prodlab.graph.TraceComparison;
import io.prodlab.ingest.ImportService;
import io.prodlab.model.TraceSummary;
import io.prodlab.store.Workspace;
import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.Snapshots;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Traces screen on the demo shop, as a user drives it: search, open, collapse, details, brush, compare. */
class TracesViewTest extends FxRobot {
    private static final String NAV_TRACES = "#" + MainWindow.navId(new Page(ProdlabApp.TRACES));

    @TempDir
    static Path shared;
    private static Path demo;

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private TracesViewModel vm;
    private TableView<TraceSummary> table;

    @BeforeAll
    static void importTheDemoShopOnce() throws Exception {
        demo = shared.resolve("shop.prodlab");
        try (Workspace ws = Workspace.openOrCreate(demo)) {
            new ImportService().importPaths(ws, List.of(Path.of("sample-data/traces.otlp.jsonl.gz")), null, null);
        }
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void openTheTracesScreen() throws Exception {
        Path ws = dir.resolve("shop.prodlab");
        Files.copy(demo, ws);
        app.start(ws, dir.resolve("data"), (w, paths, l, c, h) -> List.of());
        app.waitUntil(() -> lookup(NAV_TRACES).tryQuery().isPresent());
        clickOn(NAV_TRACES);
        vm = app.node(TracesView.ID, TracesView.class).viewModel();
        table = app.node(TraceSearchView.ID_TABLE, TableView.class);
        app.waitUntil(() -> table.isVisible() && !vm.search().services().isEmpty());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private void search() throws Exception {
        clickOn("#" + TraceSearchView.ID_SEARCH);
        app.waitUntil(() -> !vm.search().runningProperty().get() && !table.getItems().isEmpty());
    }

    @Test
    void searchingByServiceAndErrorsListsMatchingTracesNewestFirst() throws Exception {
        app.onFx(() -> vm.search().serviceProperty().set("payment"));
        clickOn("#" + TraceSearchView.ID_ERRORS);
        search();
        assertTrue(table.getItems().stream().allMatch(t -> t.errors() > 0), "errors only");
        List<TraceSummary> shown = List.copyOf(vm.search().results());
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i - 1).startNs() >= shown.get(i).startNs(), "newest first");
        }
        String summary = app.node(TraceSearchView.ID_SUMMARY, javafx.scene.control.Label.class).getText();
        assertTrue(summary.contains(String.valueOf(shown.size())), summary);
    }

    @Test
    void aFilterWithASyntaxErrorIsShownInlineAndNotSearched() throws Exception {
        clickOn("#" + FilterExpressionField.inputId(TraceSearchView.ID_FILTER)).write("duration >");
        javafx.scene.control.Label status = app.node(FilterExpressionField.statusId(TraceSearchView.ID_FILTER),
                javafx.scene.control.Label.class);
        app.waitUntil(() -> status.getText().startsWith("At column 11"));
        assertTrue(status.getStyleClass().contains(Styles.FILTER_ERROR));
        assertTrue(app.node(FilterExpressionField.inputId(TraceSearchView.ID_FILTER), javafx.scene.control.TextField.class)
                .getStyleClass().contains(Styles.FILTER_INVALID));
        clickOn("#" + TraceSearchView.ID_SEARCH);
        app.waitUntil(() -> !vm.search().problemProperty().get().isEmpty());
        assertTrue(vm.search().problemProperty().get().contains("column"), vm.search().problemProperty().get());
        assertTrue(table.getItems().isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void enterOpensTheTraceAndItsSubtreeCollapsesAndItsSpanShowsDetails() throws Exception {
        app.onFx(() -> vm.search().minDurationProperty().set("40ms"));
        search();
        clickOn(from(table).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        push(KeyCode.ENTER);
        TabPane tabs = app.node(TracesView.ID_TABS, TabPane.class);
        ListView<WaterfallRow> list = app.node(WaterfallView.ID_WATERFALL, ListView.class);
        app.waitUntil(() -> tabs.getSelectionModel().getSelectedItem().getId().equals(TracesView.ID_TAB_TRACE)
                && !list.getItems().isEmpty());
        WaterfallModel model = vm.trace().modelProperty().get();
        assertEquals(table.getItems().get(0).traceId(), model.traceId());
        assertEquals(table.getItems().get(0).spans(), model.rows().size());
        assertTrue(model.rows().stream().anyMatch(WaterfallRow::critical), "the critical path is marked");
        assertFalse(lookup("#" + WaterfallView.ID_LEGEND).queryAs(javafx.scene.layout.FlowPane.class)
                .getChildren().isEmpty(), "a legend of the trace's services");

        // Collapse the first span with children below the root by clicking its toggle.
        WaterfallRow parent = model.rows().stream().filter(r -> r.depth() == 1 && r.hasChildren()).findFirst()
                .orElseGet(() -> model.rows().get(0));
        int before = list.getItems().size();
        app.onFx(() -> list.scrollTo(parent.index()));
        javafx.scene.Node toggle = lookup(".waterfall-row").queryAll().stream()
                .filter(n -> ((WaterfallCell) n).getItem() == parent).findFirst().orElseThrow()
                .lookup("." + WaterfallCell.STYLE_TOGGLE);
        clickOn(toggle);
        app.waitUntil(() -> list.getItems().size() == before - parent.descendants());
        assertTrue(vm.trace().isCollapsed(parent));
        // Right expands it again from the keyboard.
        app.onFx(() -> vm.trace().selectedProperty().set(parent));
        clickOn(toggle, MouseButton.SECONDARY);
        push(KeyCode.RIGHT);
        app.waitUntil(() -> list.getItems().size() == before);

        // Select a span below the root and read its details.
        WaterfallRow child = model.rows().get(1);
        javafx.scene.Node cell = lookup(".waterfall-row").queryAll().stream()
                .filter(n -> ((WaterfallCell) n).getItem() == child).findFirst().orElseThrow();
        clickOn(cell);
        TableView<DetailRow> details = app.node(WaterfallView.ID_DETAILS, TableView.class);
        app.waitUntil(() -> details.getItems().stream().anyMatch(d -> d.value().equals(child.span().spanId())));
        assertTrue(details.getItems().stream().anyMatch(d -> d.value().startsWith(child.span().serviceName())));
        assertTrue(details.getItems().stream().anyMatch(d -> d.section().equals("Resource")
                && d.key().equals("service.name")), "the resource is listed");
    }

    @Test
    void draggingARectangleOnTheChartNarrowsTheTable() throws Exception {
        search();
        int all = table.getItems().size();
        TraceScatterChart chart = app.node(TraceSearchView.ID_CHART, TraceScatterChart.class);
        app.waitUntil(() -> chart.plotArea() != null && chart.plotArea().getWidth() > 50);
        Rectangle2D area = chart.plotArea();
        Bounds screen = chart.viewer().getCanvas().localToScreen(chart.viewer().getCanvas().getBoundsInLocal());
        // The left half of the time axis, every duration.
        Point2D from = new Point2D(screen.getMinX() + area.getMinX() + 1, screen.getMinY() + area.getMinY() + 1);
        Point2D to = new Point2D(screen.getMinX() + area.getCenterX(), screen.getMinY() + area.getMaxY() - 1);
        drag(from, MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        app.waitUntil(() -> vm.search().brushProperty().get() != null);
        TraceSearchViewModel.Brush b = vm.search().brushProperty().get();
        assertTrue(table.getItems().size() < all && !table.getItems().isEmpty(),
                table.getItems().size() + " of " + all);
        assertTrue(table.getItems().stream().allMatch(b::contains));
        assertEquals(vm.search().results().stream().filter(b::contains).count(), table.getItems().size());
        assertEquals(io.prodlab.ui.common.TimeRange.WHOLE, vm.search().timeRange().range(),
                "the rectangle filters the table; the session's range stays (decision 0012)");
        clickOn("#" + TraceSearchView.ID_SHOW_ALL);
        app.waitUntil(() -> table.getItems().size() == all);
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoSelectedTracesCompareSideBySide() throws Exception {
        app.onFx(() -> {
            vm.search().serviceProperty().set("frontend");
            vm.search().operationProperty().set("GET /");
        });
        search();
        clickOn(from(table).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        press(KeyCode.SHIFT).push(KeyCode.DOWN).release(KeyCode.SHIFT);
        clickOn("#" + TraceSearchView.ID_COMPARE);
        TableView<TraceComparison.Node> compare = app.node(TraceCompareView.ID_TABLE, TableView.class);
        app.waitUntil(() -> !compare.getItems().isEmpty());
        TraceSummary x = table.getItems().get(0);
        TraceSummary y = table.getItems().get(1);
        TraceSummary a = x.startNs() <= y.startNs() ? x : y;
        assertEquals(a.traceId(), vm.compare().traceAProperty().get(), "the earlier trace is the baseline");
        int spansA = compare.getItems().stream().mapToInt(TraceComparison.Node::countA).sum();
        assertEquals(a.spans(), spansA, "every span of A sits on one path");
        assertEquals(TraceComparison.Change.BOTH, compare.getItems().get(0).change(), "two GET / traces share their root");
        assertEquals("GET /", compare.getItems().get(0).operation());
        assertNotNull(app.node(TraceCompareView.ID_SUMMARY, javafx.scene.control.Label.class).getText());
        if (Boolean.getBoolean("prodlab.traces.snapshots")) {
            Snapshots.write(this, compare.getScene(), Path.of("target/traces-compare.png"));
        }
    }

    @Test
    void anotherScreenOpensATraceById() throws Exception {
        search();
        String id = table.getItems().get(3).traceId();
        clickOn("#" + DesktopAppHarness.NAV_SERVICES);
        app.onFx(() -> vm.openTrace(id.toUpperCase(java.util.Locale.ROOT)));
        app.waitUntil(() -> vm.trace().modelProperty().get() != null
                && lookup("#" + TracesView.ID).query().isVisible());
        assertEquals(id, vm.trace().modelProperty().get().traceId());
        app.onFx(() -> vm.openTrace("not-hex"));
        app.waitUntil(() -> vm.trace().modelProperty().get() == null);
        assertTrue(vm.trace().emptyTextProperty().get().contains("not-hex"));
    }
}
