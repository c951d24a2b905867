package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Services screen as a user drives it: filter, sort by a column, keyboard. */
class ServicesViewTest extends FxRobot {
    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private TableView<ServiceStats> table;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void openAWorkspaceWithFourServices() throws Exception {
        Path ws = aWorkspace()
                .service("frontend", 12, 1, 20, 240)
                .service("cart", 5, 0, 4, 30)
                .service("cart-cache", 9, 0, 1, 3)
                .service("checkout", 2, 1, 50, 90)
                .writeTo(dir.resolve("shop.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("unused"));
        table = app.node(ServicesView.ID_TABLE, TableView.class);
        app.waitUntil(() -> table.getItems().size() == 4 && table.isVisible());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private List<String> shownNames() {
        return table.getItems().stream().map(ServiceStats::name).toList();
    }

    @Test
    void typingInTheFilterNarrowsTheRows() throws Exception {
        clickOn("#" + ServicesView.ID_FILTER).write("cart");

        app.waitUntil(() -> table.getItems().size() == 2);
        assertEquals(List.of("cart", "cart-cache"), shownNames());
        String summary = app.node(ServicesView.ID_SUMMARY, javafx.scene.control.Label.class).getText();
        assertEquals(Messages.load().format("services.summary", 2, 4), summary);
        assertEquals("2 of 4 services", summary);

        push(KeyCode.ESCAPE);
        app.waitUntil(() -> table.getItems().size() == 4);
    }

    @Test
    void clickingAColumnHeaderSortsByItAndAgainReverses() throws Exception {
        Node spansHeader = lookup("#" + ServicesView.ID_COL_SPANS).match(n -> n != null).query();

        clickOn(spansHeader);
        app.waitUntil(() -> shownNames().equals(List.of("checkout", "cart", "cart-cache", "frontend")));

        clickOn(spansHeader);
        app.waitUntil(() -> shownNames().equals(List.of("frontend", "cart-cache", "cart", "checkout")));
    }

    private TableColumn<ServiceStats, ?> column(String id) {
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    /** The cell of column {@code id} in the row showing {@code service}. */
    private TableCell<?, ?> cell(String id, String service) {
        // The table lays its cells out on a later pulse than the rows arrive: wait for the cell.
        java.util.function.Supplier<java.util.Optional<TableCell<?, ?>>> find = () ->
                lookup("#" + ServicesView.ID_TABLE + " .table-cell").match((TableCell<?, ?> c) ->
                        c.getTableColumn() != null && id.equals(c.getTableColumn().getId()) && c.getTableRow() != null
                                && c.getTableRow().getItem() instanceof ServiceStats s && s.name().equals(service))
                        .tryQuery();
        try {
            app.waitUntil(() -> find.get().isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no cell " + id + " for " + service + " appeared", e);
        }
        return find.get().orElseThrow();
    }

    @Test
    void numbersAreRightAlignedAndTheUnitIsInTheHeader() {
        Messages m = Messages.load();
        assertEquals("p50 (ms)", m.get("services.col.p50"));
        assertEquals(m.get("services.col.p50"), Columns.headerText(column(ServicesView.ID_COL_P50)));
        assertTrue(column(ServicesView.ID_COL_P50).getStyleClass().contains(Styles.NUMERIC));
        assertEquals(Pos.CENTER_RIGHT, cell(ServicesView.ID_COL_P50, "cart").getAlignment());
        assertEquals(HPos.LEFT, cell(ServicesView.ID_COL_NAME, "cart").getAlignment().getHpos());
    }

    @Test
    void requestsAreCountedBesideTheRate() {
        assertEquals(List.of(ServicesView.ID_COL_NAME, ServicesView.ID_COL_SPANS, ServicesView.ID_COL_REQUESTS,
                        ServicesView.ID_COL_RATE),
                table.getColumns().stream().limit(4).map(TableColumn::getId).toList());
        assertEquals("12", cell(ServicesView.ID_COL_REQUESTS, "frontend").getText(), "its 12 server spans");
        assertEquals("24", cell(ServicesView.ID_COL_SPANS, "frontend").getText());
    }

    @Test
    void ctrlCCopiesTheSelectedRowsAsTabSeparatedText() throws Exception {
        clickOn(cell(ServicesView.ID_COL_NAME, "cart"));
        press(KeyCode.CONTROL).clickOn(cell(ServicesView.ID_COL_NAME, "checkout")).release(KeyCode.CONTROL);
        app.waitUntil(() -> table.getSelectionModel().getSelectedItems().size() == 2);

        press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);

        String[] copied = new String[1];
        app.onFx(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        List<String> lines = copied[0].lines().toList();
        assertEquals(2, lines.size(), copied[0]);
        assertEquals(List.of("cart", "10", "5"), List.of(lines.get(0).split("\t")).subList(0, 3));
        assertEquals(List.of("checkout", "4", "2"), List.of(lines.get(1).split("\t")).subList(0, 3));
        assertEquals(9, lines.get(0).split("\t").length, "one field per column");
    }

    @Test
    void theTableShowsWhereTheKeyboardFocusIs() throws Exception {
        clickOn(cell(ServicesView.ID_COL_NAME, "cart"));
        app.waitUntil(table::isFocused);
        Region focused = (Region) table;
        assertTrue(focused.getBorder() != null && !focused.getBorder().getStrokes().isEmpty()
                        && focused.getBorder().getStrokes().get(0).getWidths().getTop() >= 2,
                "a focused table draws a 2px ring");
    }

    @Test
    void atTheMinimumSizeEveryColumnStaysInViewAndGrowingWidensThemAgain() throws Exception {
        Stage stage = (Stage) table.getScene().getWindow();
        app.onFx(() -> {
            stage.setWidth(stage.getMinWidth());
            stage.setHeight(stage.getMinHeight());
        });
        try {
            app.waitUntil(() -> stage.getWidth() == stage.getMinWidth() && totalWidth() <= contentWidth() + 1);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("columns " + totalWidth() + " in " + contentWidth() + ", minimum "
                    + table.getColumns().stream().mapToDouble(TableColumn::getMinWidth).sum() + " "
                    + table.getColumns().stream().map(c -> c.getId() + "=" + c.getMinWidth() + "/" + c.getWidth())
                    .toList(), e);
        }
        assertTrue(column(ServicesView.ID_COL_NAME).getWidth() >= column(ServicesView.ID_COL_NAME).getMinWidth());
        assertTrue(horizontalScrollBarHidden(), "nothing scrolls away, the Service column least of all");

        app.onFx(() -> stage.setWidth(1270)); // Monocle's headless screen is 1280 wide
        app.waitUntil(() -> contentWidth() > 1050);
        WaitForAsyncUtils.waitForFxEvents();
        for (TableColumn<ServiceStats, ?> c : table.getColumns()) {
            assertTrue(c.getWidth() >= c.getPrefWidth() - 1, c.getId() + " grew back to " + c.getWidth());
        }
    }

    private double totalWidth() {
        return table.getColumns().stream().mapToDouble(TableColumn::getWidth).sum();
    }

    private double contentWidth() {
        Node flow = table.lookup(".clipped-container");
        return flow == null ? 0 : flow.getLayoutBounds().getWidth();
    }

    private boolean horizontalScrollBarHidden() {
        return table.lookupAll(".scroll-bar").stream()
                .filter(n -> n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL)
                .noneMatch(Node::isVisible);
    }

    @Test
    void ctrlFPutsTheCursorInTheFilter() throws Exception {
        clickOn(table);
        press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);

        TextField filter = app.node(ServicesView.ID_FILTER, TextField.class);
        app.waitUntil(filter::isFocused);
    }

    @Test
    void theContextMenuCopiesWithTheHeaders() throws Exception {
        clickOn(cell(ServicesView.ID_COL_NAME, "frontend"));
        // Monocle sends no context-menu request for a right click: fire the table's menu item itself.
        app.onFx(() -> table.getContextMenu().getItems().stream()
                .filter(i -> TableCopy.ID_COPY_WITH_HEADERS.equals(i.getId())).findFirst().orElseThrow().fire());

        String[] copied = new String[1];
        app.onFx(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        List<String> lines = copied[0].lines().toList();
        assertEquals("Service\tSpans\tRequests\tRequests (/s)\tErrors\tError rate (%)\tp50 (ms)\tp95 (ms)\tp99 (ms)",
                lines.get(0));
        assertEquals("frontend", lines.get(1).split("\t")[0]);
        assertEquals(2, lines.size());
    }
}
