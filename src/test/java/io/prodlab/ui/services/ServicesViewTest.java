package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

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
        assertTrue(summary.contains("2") && summary.contains("4"), summary);

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

    @Test
    void numbersAreRightAlignedAndTheUnitIsInTheHeader() {
        assertTrue(table.getColumns().get(5).getText().contains("ms"), table.getColumns().get(5).getText());
        assertTrue(table.getColumns().get(5).getStyleClass().contains("numeric"));
        Node firstP50 = lookup("#" + ServicesView.ID_TABLE + " .table-cell.numeric").query();
        assertEquals(javafx.geometry.Pos.CENTER_RIGHT, ((javafx.scene.control.Labeled) firstP50).getAlignment());
    }

    @Test
    void ctrlFPutsTheCursorInTheFilter() throws Exception {
        clickOn(table);
        press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);

        TextField filter = app.node(ServicesView.ID_FILTER, TextField.class);
        app.waitUntil(filter::isFocused);
    }
}
