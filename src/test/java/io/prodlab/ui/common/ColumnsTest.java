package io.prodlab.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared columns and cells, in a table of their own on the headless toolkit. */
class ColumnsTest extends FxRobot {
    record Row(String name, String status, long count, double rate, double errorRate, double p50Ms) {
    }

    private static Locale saved;
    private TableView<Row> table;

    @BeforeAll
    static void english() {
        saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    @AfterAll
    static void restore() {
        Locale.setDefault(Locale.Category.FORMAT, saved);
    }

    @BeforeEach
    void showTable() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            table = new TableView<>();
            table.getItems().setAll(
                    new Row("checkout", "imported", 2_000_012, 0.004, 0.0123, 1200),
                    new Row("cart", "refused", 0, 12.5, 0, Double.NaN));
            table.getColumns().add(Columns.text("name", "Service", Row::name, null));
            table.getColumns().add(Columns.status("status", "Status", Row::status, code -> "Said " + code,
                    "st-", (row, code) -> row.name() + " is " + code));
            table.getColumns().add(Columns.integer("count", "Spans", Row::count));
            table.getColumns().add(Columns.decimal("rate", "Requests (/s)", Row::rate, 2));
            table.getColumns().add(Columns.percentage("errors", "Error rate (%)", Row::errorRate, 2));
            table.getColumns().add(Columns.durationMs("p50", "p50 (ms)", Row::p50Ms, 1));
            table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
            StackPane root = new StackPane(table);
            root.setPrefSize(900, 300);
            return root;
        });
        FxToolkit.showStage();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void cleanUp() throws Exception {
        FxToolkit.cleanupStages();
    }

    private TableCell<?, ?> cell(String column, int row) {
        return lookup(".table-cell").match((TableCell<?, ?> c) -> c.getTableColumn() != null
                && column.equals(c.getTableColumn().getId()) && c.getIndex() == row && !c.isEmpty()).query();
    }

    @Test
    void numbersAreGroupedRightAlignedAndSmallOnesDoNotReadAsZero() {
        assertEquals("2,000,012", cell("count", 0).getText());
        assertEquals("0", cell("count", 1).getText());
        assertEquals("< 0.01", cell("rate", 0).getText());
        assertEquals("12.50", cell("rate", 1).getText());
        assertEquals("1.23", cell("errors", 0).getText(), "a fraction shown as a percentage figure");
        for (String id : List.of("count", "rate", "errors", "p50")) {
            assertEquals(Pos.CENTER_RIGHT, cell(id, 0).getAlignment(), id);
            assertTrue(cell(id, 0).getStyleClass().contains(Styles.NUMERIC), id);
        }
    }

    @Test
    void durationsKeepTheHeadersUnitAndSayItReadablyInTheTooltip() {
        assertEquals("1,200.0", cell("p50", 0).getText());
        assertEquals("1.20 s", cell("p50", 0).getTooltip().getText());
        assertEquals("\u2013", cell("p50", 1).getText(), "no figure is a dash");
    }

    @Test
    void statusShowsWordsAStyleClassPerCodeAndATooltipFromTheRow() {
        TableCell<?, ?> refused = cell("status", 1);
        assertEquals("Said refused", refused.getText());
        assertTrue(refused.getStyleClass().contains("st-refused"));
        assertFalse(refused.getStyleClass().contains("st-imported"));
        assertEquals("cart is refused", refused.getTooltip().getText());
    }

    @Test
    void aReusedCellDropsTheStyleOfItsLastValue() {
        interact(() -> table.getItems().set(1, new Row("cart", "imported", 1, 1, 0, 1)));
        WaitForAsyncUtils.waitForFxEvents();
        TableCell<?, ?> now = cell("status", 1);
        assertTrue(now.getStyleClass().contains("st-imported"));
        assertFalse(now.getStyleClass().contains("st-refused"));
    }

    @Test
    void textCellsCarryTheirTextAsTooltip() {
        assertEquals("checkout", cell("name", 0).getTooltip().getText());
        assertNull(lookup(".table-cell").match((TableCell<?, ?> c) -> c.isEmpty()
                && c.getTableColumn() != null && "name".equals(c.getTableColumn().getId())).tryQuery()
                .map(n -> ((TableCell<?, ?>) n).getTooltip()).orElse(null), "an empty cell has no tooltip");
    }

    @Test
    void headersPutTheUnitOnALineOfItsOwnAndNeverCutIt() {
        TableColumn<Row, ?> errors = table.getColumns().get(4);
        assertEquals("Error rate (%)", Columns.headerText(errors));
        assertEquals("Error rate\n(%)", errors.getText(), "the unit has a line of its own");
        assertEquals("Service", table.getColumns().get(0).getText(), "a header without a unit is one line");
        double least = errors.getMinWidth();
        assertTrue(least > 40, "at least as wide as \"Error rate\": " + least);
        interact(() -> errors.setMinWidth(1));
        assertEquals(least, errors.getMinWidth(), "the column never gets narrower than its header's lines");
    }

    @Test
    void copyGivesTheSelectedRowsAsShownTabSeparatedInTableOrder() {
        interact(() -> {
            table.getSelectionModel().select(1);
            table.getSelectionModel().select(0);
        });
        assertEquals("checkout\tSaid imported\t2,000,012\t< 0.01\t1.23\t1,200.0\n"
                        + "cart\tSaid refused\t0\t12.50\t0.00\t\u2013\n",
                TableCopy.selectedAsText(table, false));
        assertEquals("Service\tStatus\tSpans\tRequests (/s)\tError rate (%)\tp50 (ms)\n"
                        + "checkout\tSaid imported\t2,000,012\t< 0.01\t1.23\t1,200.0\n"
                        + "cart\tSaid refused\t0\t12.50\t0.00\t\u2013\n",
                TableCopy.selectedAsText(table, true));
    }

    @Test
    void nothingSelectedCopiesNothing() {
        assertEquals("", TableCopy.selectedAsText(table, true));
    }
}
