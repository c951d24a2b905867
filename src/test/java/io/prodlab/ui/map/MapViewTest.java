package io.prodlab.ui.map;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.MapPicture;
import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Map screen as a user drives it, on the demo shop: zoom, click, side panel, search, keyboard. */
public class MapViewTest extends FxRobot {
    public static final String NAV_MAP = MainWindow.navId(new Page(ProdlabApp.MAP));

    @TempDir
    static Path shared;
    private static Path ws;
    private static DependencyMap expected;

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private MapView view;
    private MapCanvas canvas;

    @BeforeAll
    static void demoShop() throws Exception {
        DemoShop shop = DemoShop.in(shared);
        ws = shop.workspace();
        expected = shop.map();
    }

    @BeforeEach
    void openTheMap() throws Exception {
        app.start(ws, dir.resolve("data"), new FakeImporter("unused"));
        clickOn("#" + NAV_MAP);
        view = app.node(MapView.ID, MapView.class);
        canvas = view.canvas();
        app.waitUntil(() -> view.isVisible() && view.viewModel().picture() != null && canvas.getWidth() > 100);
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** Where a node's centre is on the screen. */
    private Point2D onScreen(String id) {
        MapPicture.DrawnNode n = view.viewModel().picture().nodes().get(id);
        Point2D local = canvas.toScreen(n.centreX(), n.centreY());
        return canvas.localToScreen(local);
    }

    @Test
    void theButtonsTheKeysAndTheWheelZoomAndFitShowsItAll() throws Exception {
        double s0 = canvas.scaleProperty().get();
        clickOn("#" + MapView.ID_ZOOM_IN);
        app.waitUntil(() -> Math.abs(canvas.scaleProperty().get() - s0 * 1.25) < 1e-9);

        clickOn(canvas);
        push(KeyCode.MINUS);
        app.waitUntil(() -> Math.abs(canvas.scaleProperty().get() - s0) < 1e-9);
        push(KeyCode.ADD);
        app.waitUntil(() -> canvas.scaleProperty().get() > s0 * 1.2);

        double before = canvas.scaleProperty().get();
        moveTo(canvas);
        scroll(3, javafx.geometry.VerticalDirection.UP);
        app.waitUntil(() -> canvas.scaleProperty().get() != before);

        clickOn("#" + MapView.ID_FIT);
        app.waitUntil(() -> {
            java.awt.geom.Rectangle2D v = canvas.visibleWorld();
            MapPicture p = view.viewModel().picture();
            return v.getMinX() <= 0 && v.getMinY() <= 0 && v.getMaxX() >= p.width() && v.getMaxY() >= p.height();
        });
    }

    @Test
    void draggingPansTheMap() throws Exception {
        double x0 = canvas.panXProperty().get();
        Point2D from = canvas.localToScreen(canvas.getWidth() / 2, 12);
        drag(from, javafx.scene.input.MouseButton.PRIMARY).moveBy(-120, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        app.waitUntil(() -> Math.abs(canvas.panXProperty().get() - (x0 - 120)) < 2);
    }

    @Test
    void clickingANodeOpensTheSidePanelWithTheMapsFigures() throws Exception {
        DependencyMap.Node payment = expected.nodes().stream().filter(n -> n.id().equals("payment")).findFirst()
                .orElseThrow();
        Node panel = lookup("#" + MapView.ID_PANEL).query();
        assertTrue(!panel.isVisible());

        clickOn(onScreen("payment"));

        app.waitUntil(panel::isVisible);
        assertEquals("payment", view.viewModel().selectedNodeProperty().get());
        assertEquals("payment", app.node(MapView.ID_PANEL_TITLE, Label.class).getText());
        Messages m = Messages.load();
        GridPane figures = app.node(MapView.ID_PANEL_FIGURES, GridPane.class);
        assertEquals(Formats.integer(payment.requests()), shown(figures, m.get("map.fig.requests")));
        assertEquals(Formats.integer(payment.errors()), shown(figures, m.get("map.fig.errors")));
        assertEquals(Formats.duration(payment.p99Ms()), shown(figures, m.get("map.fig.p99")));
        assertEquals(Formats.percent(payment.errorRate(), 2) + " %", shown(figures, m.get("map.fig.error-rate")));
        app.waitUntil(() -> !app.node(MapView.ID_PANEL_TRACES, javafx.scene.layout.VBox.class).getChildren().isEmpty());
        app.waitUntil(() -> !app.node(MapView.ID_PANEL_OPERATIONS, javafx.scene.layout.VBox.class).getChildren()
                .isEmpty());

        // A sample trace's link hands its id on.
        List<String> opened = new ArrayList<>();
        app.onFx(() -> view.viewModel().setOnOpenTrace(opened::add));
        // The panel scrolls: the requests-over-time chart sits above the lists.
        app.onFx(() -> app.node(MapView.ID_PANEL, javafx.scene.control.ScrollPane.class).setVvalue(1));
        clickOn(app.node(MapView.ID_PANEL_TRACES, javafx.scene.layout.VBox.class).getChildren().get(0));
        app.waitUntil(() -> opened.size() == 1);
        assertEquals(view.viewModel().traces().get(0).traceId(), opened.get(0));

        clickOn(canvas);
        push(KeyCode.ESCAPE);
        app.waitUntil(() -> !panel.isVisible() && view.viewModel().selectedNodeProperty().get() == null);
    }

    private static String shown(GridPane grid, String label) {
        for (int i = 0; i + 1 < grid.getChildren().size(); i += 2) {
            if (((Label) grid.getChildren().get(i)).getText().equals(label)) {
                return ((Label) grid.getChildren().get(i + 1)).getText();
            }
        }
        return "(no " + label + ")";
    }

    @Test
    void hoveringANodeShowsItsFigures() throws Exception {
        moveTo(onScreen("checkout"));
        Label hover = app.node(MapView.ID_HOVER, Label.class);
        app.waitUntil(hover::isVisible);
        assertTrue(hover.getText().startsWith("checkout"), hover.getText());
    }

    @Test
    void searchingSelectsTheServiceAndCentresIt() throws Exception {
        clickOn("#" + MapView.ID_SEARCH).write("shipping");

        app.waitUntil(() -> "shipping".equals(view.viewModel().selectedNodeProperty().get()));
        app.waitUntil(() -> {
            Point2D at = canvas.screenToLocal(onScreen("shipping"));
            return Math.abs(at.getX() - canvas.getWidth() / 2) < 2 && Math.abs(at.getY() - canvas.getHeight() / 2) < 2;
        });
        push(KeyCode.ENTER);
        app.waitUntil(() -> lookup("#" + MapView.ID_PANEL).query().isVisible());
    }

    @Test
    void theKeyboardMovesBetweenNodesAndEnterOpensTheDetails() throws Exception {
        clickOn(canvas.localToScreen(canvas.getWidth() - 5, 5));
        app.waitUntil(canvas::isFocused);
        push(KeyCode.TAB);
        app.waitUntil(() -> "frontend".equals(view.viewModel().selectedNodeProperty().get()));
        assertTrue(canvas.isFocused(), "Tab stays in the map");
        push(KeyCode.RIGHT);
        app.waitUntil(() -> {
            String id = view.viewModel().selectedNodeProperty().get();
            return id != null && view.viewModel().picture().nodes().get(id).box().layer() == 1;
        });
        push(KeyCode.ENTER);
        app.waitUntil(() -> lookup("#" + MapView.ID_PANEL).query().isVisible());
        push(KeyCode.ESCAPE);
        app.waitUntil(() -> !lookup("#" + MapView.ID_PANEL).query().isVisible());
    }
}
