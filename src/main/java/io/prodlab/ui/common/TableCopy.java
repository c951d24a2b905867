package io.prodlab.ui.common;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies a table's selected rows as tab-separated text, as the cells show them (a spreadsheet
 * takes it as rows and columns): Ctrl+C, or the table's context menu, which also offers the copy
 * with the column headers as the first line.
 */
public final class TableCopy {
    public static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    public static final String ID_COPY_ROWS = "copy-rows";
    public static final String ID_COPY_WITH_HEADERS = "copy-rows-with-headers";

    private TableCopy() {
    }

    /** Lets several rows be selected and copied. */
    public static void install(TableView<?> table, Messages m) {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getStyleClass().add(Styles.COPYABLE_TABLE);
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                toClipboard(table, false);
                e.consume();
            }
        });
        MenuItem copy = new MenuItem(m.get("table.copy"), new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.setId(ID_COPY_ROWS);
        copy.setAccelerator(COPY);
        copy.setOnAction(e -> toClipboard(table, false));
        MenuItem withHeaders = new MenuItem(m.get("table.copy.headers"));
        withHeaders.setId(ID_COPY_WITH_HEADERS);
        withHeaders.setOnAction(e -> toClipboard(table, true));
        copy.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        withHeaders.disableProperty().bind(copy.disableProperty());
        table.setContextMenu(new ContextMenu(copy, withHeaders));
    }

    private static void toClipboard(TableView<?> table, boolean headers) {
        String text = selectedAsText(table, headers);
        if (text.isEmpty()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The selected rows in table order, one line each, cells separated by tabs. */
    public static <S> String selectedAsText(TableView<S> table, boolean headers) {
        List<TableColumn<S, ?>> columns = new ArrayList<>();
        for (TableColumn<S, ?> c : table.getVisibleLeafColumns()) {
            columns.add(c);
        }
        List<Integer> rows = new ArrayList<>(table.getSelectionModel().getSelectedIndices());
        rows.removeIf(i -> i == null || i < 0 || i >= table.getItems().size());
        rows.sort(Integer::compare);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (headers) {
            List<String> names = new ArrayList<>();
            for (TableColumn<S, ?> c : columns) {
                names.add(clean(Columns.headerText(c)));
            }
            sb.append(String.join("\t", names)).append('\n');
        }
        for (int i : rows) {
            List<String> cells = new ArrayList<>();
            for (TableColumn<S, ?> c : columns) {
                cells.add(clean(shown(c, i)));
            }
            sb.append(String.join("\t", cells)).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <S> String shown(TableColumn<S, ?> c, int row) {
        Object value = c.getCellData(row);
        if (c.getCellFactory() instanceof ValueCellFactory f) {
            return f.textOf(value);
        }
        return value == null ? "" : value.toString();
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
