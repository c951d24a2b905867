package io.prodlab.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one place table cells are written: what a cell shows of its value, its tooltip, a style
 * class that depends on the value (a status colour) and its alignment. {@link Columns} builds the
 * usual columns with it; a table with an unusual column uses it directly:
 *
 * <pre>{@code
 * column.setCellFactory(new ValueCellFactory<Row, String>()
 *         .withText(code -> messages.get("status." + code))
 *         .withTooltip((row, code) -> row.message())
 *         .withStyleClass(code -> "status-" + code));
 * }</pre>
 *
 * @param <S> the row type
 * @param <T> the column's value type
 */
public final class ValueCellFactory<S, T> implements Callback<TableColumn<S, T>, TableCell<S, T>> {
    private Function<? super T, String> text = v -> v == null ? null : v.toString();
    private BiFunction<? super S, ? super T, String> tooltip;
    private Function<? super T, String> styleClass;
    private Pos alignment;

    public ValueCellFactory<S, T> withText(Function<? super T, String> text) {
        this.text = Objects.requireNonNull(text);
        return this;
    }

    /** A tooltip from the row and the value; none where it returns null or blank. */
    public ValueCellFactory<S, T> withTooltip(BiFunction<? super S, ? super T, String> tooltip) {
        this.tooltip = Objects.requireNonNull(tooltip);
        return this;
    }

    /** The cell's whole text as its tooltip, for text that may be cut off. */
    public ValueCellFactory<S, T> withTextAsTooltip() {
        return withTooltip((row, value) -> text.apply(value));
    }

    /** A style class for the value (added to the cell, removed again when the cell is reused). */
    public ValueCellFactory<S, T> withStyleClass(Function<? super T, String> styleClass) {
        this.styleClass = Objects.requireNonNull(styleClass);
        return this;
    }

    /** Right-aligned, in tabular figures: for numbers. */
    public ValueCellFactory<S, T> numeric() {
        this.alignment = Pos.CENTER_RIGHT;
        return this;
    }

    /** The text a cell shows for {@code value}: what Copy puts on the clipboard. */
    public String textOf(T value) {
        return value == null ? null : text.apply(value);
    }

    @Override
    public TableCell<S, T> call(TableColumn<S, T> column) {
        return new TableCell<>() {
            private String addedClass;

            {
                if (alignment != null) {
                    setAlignment(alignment);
                    getStyleClass().add(Styles.NUMERIC);
                }
            }

            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                if (addedClass != null) {
                    getStyleClass().remove(addedClass);
                    addedClass = null;
                }
                if (empty) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(text.apply(item));
                S row = getTableRow() == null ? null : getTableRow().getItem();
                if (row == null && getTableView() != null && getIndex() >= 0
                        && getIndex() < getTableView().getItems().size()) {
                    row = getTableView().getItems().get(getIndex());
                }
                String tip = tooltip == null ? null : tooltip.apply(row, item);
                setTooltip(tip == null || tip.isBlank() ? null : new Tooltip(tip));
                if (styleClass != null) {
                    String c = styleClass.apply(item);
                    if (c != null && !c.isBlank()) {
                        getStyleClass().add(c);
                        addedClass = c;
                    }
                }
            }
        };
    }
}
