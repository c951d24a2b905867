package io.prodlab.ui.common;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The usual table columns, built the same way in every table: a header whose unit has a line of
 * its own ("Error rate" over "(%)"), so it is never cut off; and
 * cells from {@link ValueCellFactory} — right-aligned, grouped numbers; a dash where there is no
 * figure.
 */
public final class Columns {
    private Columns() {
    }

    /** A text column; the text is its own tooltip when {@code tooltip} is null. */
    public static <S> TableColumn<S, String> text(String id, String header, Function<S, String> value,
                                                 BiFunction<? super S, ? super String, String> tooltip) {
        TableColumn<S, String> c = column(id, header, value, false);
        ValueCellFactory<S, String> cells = new ValueCellFactory<>();
        c.setCellFactory(tooltip == null ? cells.withTextAsTooltip() : cells.withTooltip(tooltip));
        return c;
    }

    /** A count: "2,000,012". */
    public static <S> TableColumn<S, Long> integer(String id, String header, Function<S, Long> value) {
        TableColumn<S, Long> c = column(id, header, value, true);
        c.setCellFactory(new ValueCellFactory<S, Long>().numeric().withText(Columns::integerText));
        return c;
    }

    /** A figure with fixed decimals; a positive one too small for them reads "&lt; 0.01". */
    public static <S> TableColumn<S, Double> decimal(String id, String header, Function<S, Double> value,
                                                    int digits) {
        TableColumn<S, Double> c = column(id, header, value, true);
        c.setCellFactory(new ValueCellFactory<S, Double>().numeric().withText(v -> decimalText(v, digits)));
        return c;
    }

    /** A fraction (0.0123) shown as a percentage figure (1.23); the % sign is in the header. */
    public static <S> TableColumn<S, Double> percentage(String id, String header, Function<S, Double> fraction,
                                                       int digits) {
        TableColumn<S, Double> c = column(id, header, fraction, true);
        c.setCellFactory(new ValueCellFactory<S, Double>().numeric()
                .withText(v -> v == null ? null : Formats.percent(v, digits)));
        return c;
    }

    /** A duration in milliseconds (the unit is in the header); the tooltip gives it in a readable unit. */
    public static <S> TableColumn<S, Double> durationMs(String id, String header, Function<S, Double> ms,
                                                       int digits) {
        TableColumn<S, Double> c = column(id, header, ms, true);
        c.setCellFactory(new ValueCellFactory<S, Double>().numeric()
                .withText(v -> v == null ? null : Formats.decimal(v, digits))
                .withTooltip((row, v) -> v == null ? null : Formats.duration(v)));
        return c;
    }

    /**
     * A status code shown as words ({@code label}), coloured by the style class {@code prefix + code},
     * with a tooltip from the row.
     */
    public static <S> TableColumn<S, String> status(String id, String header, Function<S, String> code,
                                                   Function<String, String> label, String prefix,
                                                   BiFunction<? super S, ? super String, String> tooltip) {
        TableColumn<S, String> c = column(id, header, code, false);
        c.setCellFactory(new ValueCellFactory<S, String>()
                .withText(v -> v == null ? null : label.apply(v))
                .withStyleClass(v -> v == null ? null : prefix + v)
                .withTooltip(tooltip));
        return c;
    }

    static String integerText(Long v) {
        return v == null ? null : Formats.integer(v);
    }

    static String decimalText(Double v, int digits) {
        return v == null ? null : Formats.small(v, digits);
    }

    private static <S, T> TableColumn<S, T> column(String id, String header, Function<S, T> value, boolean numeric) {
        TableColumn<S, T> c = new TableColumn<>();
        if (id != null) {
            c.setId(id);
        }
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        setHeader(c, header, numeric);
        if (numeric) {
            c.getStyleClass().add(Styles.NUMERIC);
        }
        return c;
    }

    /**
     * Shows {@code header} with its unit on a line of its own — "Error rate" over "(%)" — so a
     * narrow column keeps its unit, and never gets narrower than the longer of the two lines (so
     * neither is cut to "Requ…"). {@link #headerText} gives the header back in one line.
     */
    public static void setHeader(TableColumn<?, ?> c, String header, boolean numeric) {
        int open = header.lastIndexOf(" (");
        boolean hasUnit = open > 0 && header.endsWith(")");
        String shown = hasUnit ? header.substring(0, open) + "\n" + header.substring(open + 1) : header;
        double needed = 0;
        for (String line : shown.split("\n")) {
            needed = Math.max(needed, textWidth(line));
        }
        double least = needed + HEADER_PADDING;
        c.minWidthProperty().addListener((obs, old, min) -> {
            if (min.doubleValue() < least) {
                c.setMinWidth(least);
            }
        });
        c.setMinWidth(Math.max(c.getMinWidth(), least));
        c.setText(shown);
        c.setUserData(header);
    }

    /** What a column header's padding and sort arrow take of its width. */
    private static final double HEADER_PADDING = 22;

    private static double textWidth(String s) {
        Text t = new Text(s);
        t.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 13.5));
        return Math.ceil(t.getLayoutBounds().getWidth());
    }

    /** The header a column was given with {@link #setHeader} (in one line), else its text. */
    public static String headerText(TableColumn<?, ?> c) {
        return c.getUserData() instanceof String s ? s : c.getText();
    }
}
