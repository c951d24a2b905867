package io.prodlab.ui.map;

import io.prodlab.graph.MapPicture;
import io.prodlab.model.RedSeries;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.store.Workspace;
import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TimeChartPane;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangePicker;
import io.prodlab.ui.compare.CompareView;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.shell.StatusBar;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import io.prodlab.ui.traces.TracesView;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's one time range across the screens, on the demo shop: a preset picked on the map is
 * the range of Traces, Compare and Services too, and the figures are those of the range; a node and an
 * edge selected on the map show their requests over it; a bad map filter says where it is wrong.
 */
class MapTimeViewTest extends FxRobot {
    private static final String NAV_TRACES = "#" + MainWindow.navId(new Page(ProdlabApp.TRACES));

    @TempDir
    static Path shared;
    private static Path ws;
    private static TimeExtentQuery.Extent extent;

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private final Messages m = Messages.load();
    private MapView view;

    @BeforeAll
    static void demoShop() throws Exception {
        ws = DemoShop.in(shared).workspace();
        try (Workspace w = Workspace.openReadOnly(ws)) {
            extent = new TimeExtentQuery(w).spans().orElseThrow();
        }
    }

    @BeforeEach
    void openTheMap() throws Exception {
        app.start(ws, dir.resolve("data"), new FakeImporter("unused"));
        clickOn("#" + MapViewTest.NAV_MAP);
        view = app.node(MapView.ID, MapView.class);
        app.waitUntil(() -> view.isVisible() && view.viewModel().picture() != null && view.canvas().getWidth() > 100);
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** The preset picker of one screen (every screen has one, with the same ids). */
    @SuppressWarnings("unchecked")
    private ComboBox<TimeRange.Preset> preset(String screenId) {
        return from(lookup("#" + screenId).queryAs(Node.class)).lookup("#" + TimeRangePicker.ID_PRESET)
                .queryAs(ComboBox.class);
    }

    private static long sql(String query) throws Exception {
        try (Workspace w = Workspace.openReadOnly(ws)) {
            return ((Number) new SqlConsole(w).query(query, 1).rows().get(0).get(0)).longValue();
        }
    }

    private static long serverSpans(String service, TimeRange r) throws Exception {
        return sql("select count(*) from spans where service_name = '" + service + "' and kind = 'server'"
                + " and start_ns >= " + r.fromNs() + " and start_ns < " + r.toNs());
    }

    private long mapRequests(String node) {
        return view.viewModel().builtMap().nodes().stream().filter(n -> n.id().equals(node)).findFirst()
                .orElseThrow().requests();
    }

    private static long sum(RedSeries s) {
        return s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum();
    }

    @Test
    void aPresetPickedOnTheMapIsTheRangeOfEveryScreenWithTheRangesCounts() throws Exception {
        long wholePayment = mapRequests("payment");
        clickOn(preset(MapView.ID));
        clickOn(m.get("time.preset.last5"));

        TimeRange last5 = TimeRange.last(TimeRange.Preset.LAST_5_MIN, extent.lastEndNs());
        long expected = serverSpans("payment", last5);
        assertTrue(expected > 0 && expected < wholePayment, "the last 5 minutes hold part of the data: " + expected);
        app.waitUntil(() -> !view.viewModel().loadingProperty().get() && mapRequests("payment") == expected);
        assertEquals(TimeRange.Preset.LAST_5_MIN, preset(TracesView.ID).getValue());
        assertEquals(TimeRange.Preset.LAST_5_MIN, preset(CompareView.ID).getValue());
        assertEquals(TimeRange.Preset.LAST_5_MIN, preset(ServicesView.ID).getValue());
        String status = app.node(StatusBar.ID_TIME_RANGE, Label.class).getText();
        assertTrue(status.startsWith("Time: last 5 min of the data"), status);
        app.waitUntil(() -> app.servicesViewModel().rows().stream().filter(s -> s.name().equals("payment"))
                .findFirst().map(s -> s.requests() == expected).orElse(false));

        // Back to the whole data from the Traces screen: the map follows, and a search there is of it.
        clickOn(NAV_TRACES);
        clickOn(preset(TracesView.ID));
        clickOn(m.get("time.preset.whole"));
        app.waitUntil(() -> preset(MapView.ID).getValue() == TimeRange.Preset.WHOLE
                && !view.viewModel().loadingProperty().get() && mapRequests("payment") == wholePayment);
        assertEquals(TimeRange.WHOLE, view.viewModel().timeRange().range());
    }

    @Test
    void aSelectedNodeAndEdgeShowTheirRequestsOverTheRangeAsSqlCountsThem() throws Exception {
        TimeRange half = TimeRange.custom(extent.firstStartNs(),
                extent.firstStartNs() + (extent.lastEndNs() - extent.firstStartNs()) / 2);
        app.onFx(() -> view.viewModel().timeRange().select(half.fromNs(), half.toNs()));
        app.waitUntil(() -> !view.viewModel().loadingProperty().get()
                && mapRequests("payment") == serverSpans("payment", half));

        MapPicture.DrawnNode n = view.viewModel().picture().nodes().get("payment");
        Point2D at = view.canvas().localToScreen(view.canvas().toScreen(n.centreX(), n.centreY()));
        clickOn(at);
        TimeChartPane chart = app.node(MapView.ID_PANEL_CHART, TimeChartPane.class);
        app.waitUntil(() -> chart.chartProperty().get() != null && view.viewModel().seriesProperty().get() != null);
        assertTrue(app.node(MapView.ID_PANEL_CHART + TimeChartPane.ID_VIEWER_SUFFIX, ChartViewer.class).isVisible());
        RedSeries payment = view.viewModel().seriesProperty().get();
        assertEquals(serverSpans("payment", half), sum(payment));
        assertEquals(half.fromNs(), payment.fromNs());
        assertEquals(half.toNs(), payment.toNs());
        assertEquals(m.format("map.series.service", "payment"),
                app.node(MapView.ID_PANEL_CHART_TITLE, Label.class).getText());
        assertEquals(3, ((org.jfree.chart.plot.CombinedDomainXYPlot) chart.chartProperty().get().getPlot())
                .getSubplots().size(), "rate, errors, duration");

        String key = MapPicture.edgeKey("checkout", "payment");
        app.onFx(() -> view.viewModel().click(null, key));
        app.waitUntil(() -> m.format("map.series.edge", key).equals(
                app.node(MapView.ID_PANEL_CHART_TITLE, Label.class).getText())
                && view.viewModel().seriesProperty().get() != null && chart.chartProperty().get() != null);
        // checkout's client calls whose server child is payment's, started in the range.
        long calls = sql("select count(*) from spans p join spans c on c.trace_id = p.trace_id"
                + " and c.parent_span_id = p.span_id where p.service_name = 'checkout' and c.service_name = 'payment'"
                + " and p.start_ns >= " + half.fromNs() + " and p.start_ns < " + half.toNs());
        assertEquals(calls, sum(view.viewModel().seriesProperty().get()));
        assertEquals(view.viewModel().picture().edge(key).edge().calls(), calls);
    }

    @Test
    void aBadMapFilterShowsWhereItIsWrongAsYouType() throws Exception {
        String input = "#" + FilterExpressionField.inputId(MapView.ID_FILTER);
        clickOn(input).write("kind = ");
        Label status = app.node(FilterExpressionField.statusId(MapView.ID_FILTER), Label.class);
        app.waitUntil(() -> status.getText().startsWith("At column 8"));
        assertTrue(status.getStyleClass().contains(Styles.FILTER_ERROR));
        assertTrue(lookup(input).queryAs(TextField.class).getStyleClass().contains(Styles.FILTER_INVALID));
        MapPicture before = view.viewModel().picture();
        clickOn("#" + MapView.ID_APPLY);
        assertEquals(before, view.viewModel().picture(), "a filter that does not read builds nothing");

        app.onFx(() -> lookup(input).queryAs(TextField.class).setText("service.name = \"payment\""));
        app.waitUntil(() -> status.getText().endsWith("matching spans"));
        clickOn("#" + MapView.ID_APPLY);
        app.waitUntil(() -> view.viewModel().picture() != before && view.viewModel().picture().nodes().size() == 3);
    }
}
