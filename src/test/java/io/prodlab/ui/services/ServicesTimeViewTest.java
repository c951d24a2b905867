package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TimeChartPane;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangePicker;
import io.prodlab.ui.shell.StatusBar;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session time range and the drill-down on the Services screen, as a user drives them: select a
 * service, see its operations and its chart; pick a preset, type a custom range, drag across the
 * chart — and the table, the chart and the status bar follow.
 */
class ServicesTimeViewTest extends FxRobot {
    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private final Messages m = Messages.load();
    private TableView<ServiceStats> table;
    private TableView<ServiceStats> operations;
    private TimeChartPane chart;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void openAWorkspace() throws Exception {
        // cart: a request a second for 20 minutes from 08:53:20 UTC; email: 10 requests at the start.
        Path ws = aWorkspace().service("cart", 1200, 3, 1, 120).operations("GET /cart", "POST /cart")
                .service("email", 10, 0, 5, 5).annotation("fault", "latency in cart", 300, 420.0, "cart")
                .writeTo(dir.resolve("shop.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("unused"));
        table = app.node(ServicesView.ID_TABLE, TableView.class);
        operations = app.node(ServicesView.ID_OPS_TABLE, TableView.class);
        chart = app.node(ServicesView.ID_CHART, TimeChartPane.class);
        app.waitUntil(() -> table.getItems().size() == 2 && table.isVisible());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** The cell of {@code row} in {@code tableId}, once the table has laid it out (a pulse after its rows came). */
    private Node cell(String tableId, String row) throws Exception {
        java.util.function.Supplier<java.util.Optional<Node>> find = () -> lookup("#" + tableId + " .table-cell")
                .match((javafx.scene.control.TableCell<?, ?> c) -> c.getTableRow() != null
                        && c.getTableRow().getItem() instanceof ServiceStats s && s.name().equals(row)).tryQuery();
        app.waitUntil(() -> find.get().isPresent());
        return find.get().orElseThrow();
    }

    private void selectCart() throws Exception {
        clickOn(cell(ServicesView.ID_TABLE, "cart"));
        app.waitUntil(() -> chart.chartProperty().get() != null && operations.getItems().size() == 2);
    }

    private long cartRequests() {
        return table.getItems().stream().filter(s -> s.name().equals("cart")).findFirst()
                .map(ServiceStats::requests).orElse(-1L);
    }

    private String statusTime() {
        return app.node(StatusBar.ID_TIME_RANGE, Label.class).getText();
    }

    @Test
    void selectingAServiceShowsItsOperationsAndItsRequestsOverTime() throws Exception {
        Label placeholder = app.node(ServicesView.ID_CHART + TimeChartPane.ID_PLACEHOLDER_SUFFIX, Label.class);
        assertEquals(m.get("services.detail.none"), placeholder.getText());

        selectCart();

        assertEquals(List.of("GET /cart", "POST /cart"), operations.getItems().stream().map(ServiceStats::name).toList());
        assertTrue(app.node(ServicesView.ID_CHART + TimeChartPane.ID_VIEWER_SUFFIX, ChartViewer.class).isVisible());
        assertFalse(placeholder.isVisible());
        assertEquals(m.format("services.detail.service", "cart"),
                app.node(ServicesView.ID_DETAIL_TITLE, Label.class).getText());
        assertEquals(3, ((org.jfree.chart.plot.CombinedDomainXYPlot) chart.chartProperty().get().getPlot())
                .getSubplots().size(), "rate, errors, duration");
        assertFalse(app.node(ServicesView.ID_EXPORT_PNG, Button.class).isDisabled());

        clickOn(cell(ServicesView.ID_OPS_TABLE, "POST /cart"));
        app.waitUntil(() -> m.format("services.detail.operation", "cart", "POST /cart")
                .equals(app.node(ServicesView.ID_DETAIL_TITLE, Label.class).getText()) && chart.chartProperty().get() != null);
    }

    @Test
    void aPresetNarrowsTheTableAndTheStatusBarSaysWhichRange() throws Exception {
        assertTrue(statusTime().startsWith("Time: whole data"), statusTime());
        assertEquals(1200, cartRequests());
        selectCart();

        clickOn("#" + TimeRangePicker.ID_PRESET);
        clickOn(m.get("time.preset.last5"));

        app.waitUntil(() -> cartRequests() == 300);
        assertTrue(statusTime().startsWith("Time: last 5 min of the data"), statusTime());
        assertEquals(1, table.getItems().size(), "email had its requests at the start");
        app.waitUntil(() -> operations.getItems().size() == 2 && operations.getItems().get(0).requests() == 150);
        assertEquals("cart", table.getSelectionModel().getSelectedItem().name(), "the selection stays");
    }

    @Test
    void aCustomRangeTypedInTheFieldsAppliesOnEnterAndABadOneSaysWhy() throws Exception {
        clickOn("#" + TimeRangePicker.ID_PRESET);
        clickOn(m.get("time.preset.custom"));
        TextField from = app.node(TimeRangePicker.ID_FROM, TextField.class);
        app.waitUntil(from::isVisible);
        assertEquals("2025-10-09 08:53:20", from.getText());

        doubleClickOn(from);
        app.onFx(from::clear);
        clickOn(from).write("08:55:00");
        TextField to = app.node(TimeRangePicker.ID_TO, TextField.class);
        app.onFx(to::clear);
        clickOn(to).write("08:56:40").push(KeyCode.ENTER);

        app.waitUntil(() -> cartRequests() == 100);
        assertTrue(statusTime().startsWith("Time: 2025-10-09 08:55:00 \u2013 08:56:40 UTC"), statusTime());

        app.onFx(to::clear);
        clickOn(to).write("soon").push(KeyCode.ENTER);
        Label error = app.node(TimeRangePicker.ID_ERROR, Label.class);
        app.waitUntil(error::isVisible);
        assertEquals(m.format("time.custom.error.format", "To", "soon"), error.getText());
        assertEquals(100, cartRequests(), "the range stays as it was");
    }

    @Test
    void draggingAcrossTheChartSetsTheSessionRange() throws Exception {
        selectCart();
        ChartViewer viewer = app.node(ServicesView.ID_CHART + TimeChartPane.ID_VIEWER_SUFFIX, ChartViewer.class);
        var area = viewer.getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        Bounds screen = viewer.localToScreen(viewer.getBoundsInLocal());
        double y = screen.getMinY() + area.getCenterY();
        double x0 = screen.getMinX() + area.getMinX() + area.getWidth() * 0.25;
        double x1 = screen.getMinX() + area.getMinX() + area.getWidth() * 0.5;

        drag(x0, y, MouseButton.PRIMARY).moveTo(x1, y).release(MouseButton.PRIMARY);

        app.waitUntil(() -> app.servicesViewModel().timeRange().range().preset() == TimeRange.Preset.CUSTOM);
        TimeRange range = app.servicesViewModel().timeRange().range();
        double minutes = (range.toNs() - range.fromNs()) / 60e9;
        assertTrue(minutes > 4 && minutes < 6, "a quarter of the 20 minutes: " + minutes);
        @SuppressWarnings("unchecked")
        ComboBox<TimeRange.Preset> preset = app.node(TimeRangePicker.ID_PRESET, ComboBox.class);
        assertEquals(TimeRange.Preset.CUSTOM, preset.getValue());
        app.waitUntil(() -> cartRequests() > 240 && cartRequests() < 360);
        assertTrue(statusTime().startsWith("Time: 2025-10-09 08:5") || statusTime().startsWith("Time: 2025-10-09 09:0"),
                statusTime());
    }

    @Test
    void showTracesAppearsOnlyWhenSomethingOpensTracesAndHandsOverTheSelection() throws Exception {
        selectCart();
        Button traces = app.node(ServicesView.ID_SHOW_TRACES, Button.class);
        app.onFx(() -> app.servicesViewModel().setOnShowTraces(null));
        app.waitUntil(() -> !traces.isVisible());

        List<TracesRequest> asked = new ArrayList<>();
        app.onFx(() -> app.servicesViewModel().setOnShowTraces(asked::add));
        app.waitUntil(traces::isVisible);
        clickOn(traces);

        assertEquals(List.of(new TracesRequest("cart", null)), asked);
    }

    @Test
    void annotationsAreShadedAndADraggedWindowSnapsToTheirEnds() throws Exception {
        selectCart();
        var plot = (org.jfree.chart.plot.CombinedDomainXYPlot) chart.chartProperty().get().getPlot();
        var top = (org.jfree.chart.plot.XYPlot) plot.getSubplots().get(0);
        assertEquals(1, top.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size(), "the fault window");
        ChartViewer viewer = app.node(ServicesView.ID_CHART + TimeChartPane.ID_VIEWER_SUFFIX, ChartViewer.class);
        var area = viewer.getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        var axis = plot.getDomainAxis();
        long t0 = 1_760_000_000_000_000_000L;
        double faultStart = area.getMinX() + (t0 / 1e6 + 300_000 - axis.getLowerBound())
                / (axis.getUpperBound() - axis.getLowerBound()) * area.getWidth();
        Bounds screen = viewer.localToScreen(viewer.getBoundsInLocal());
        double y = screen.getMinY() + area.getCenterY();

        drag(screen.getMinX() + faultStart + 3, y, MouseButton.PRIMARY).moveTo(screen.getMinX() + faultStart + 80, y)
                .release(MouseButton.PRIMARY);

        app.waitUntil(() -> app.servicesViewModel().timeRange().range().preset() == TimeRange.Preset.CUSTOM);
        assertEquals(t0 + 300_000_000_000L, app.servicesViewModel().timeRange().range().fromNs(),
                "3 px from the fault's start: snapped to it");
    }
}
