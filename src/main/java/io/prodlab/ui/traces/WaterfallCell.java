package io.prodlab.ui.traces;

import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the waterfall: indentation, the collapse toggle, the service's colour, the
 * {@code service: operation} text and the flags on the left; on the right the span's bar placed on
 * the trace's time line, its critical stretches marked, and its duration. The list reuses a few
 * dozen of these for any number of spans.
 */
final class WaterfallCell extends ListCell<WaterfallRow> {
    static final String STYLE_ROW = Styles.WATERFALL_ROW;
    static final String STYLE_TOGGLE = Styles.WATERFALL_TOGGLE;
    static final String STYLE_BAR = Styles.WATERFALL_BAR;
    static final String STYLE_BAR_ERROR = Styles.WATERFALL_BAR_ERROR;
    static final String STYLE_CRITICAL = Styles.WATERFALL_CRITICAL;
    static final String STYLE_CRITICAL_ROW = Styles.WATERFALL_CRITICAL_ROW;
    static final String STYLE_SWATCH = Styles.SERVICE_SWATCH;
    static final String STYLE_FLAG = Styles.WATERFALL_FLAG;
    static final double INDENT = 12;

    private final TraceViewModel vm;
    private final Messages m;
    private final Region indent = new Region();
    private final Label toggle = new Label();
    private final FontIcon expanded = new FontIcon(MaterialDesignC.CHEVRON_DOWN);
    private final FontIcon collapsedIcon = new FontIcon(MaterialDesignC.CHEVRON_RIGHT);
    private final Region swatch = new Region();
    private final Label name = new Label();
    private final Label orphan = flag(new FontIcon(MaterialDesignL.LINK_VARIANT_OFF));
    private final Label skew = flag(new FontIcon(MaterialDesignC.CLOCK_ALERT_OUTLINE));
    private final Label error = flag(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
    static final String STYLE_ERROR_FLAG = Styles.WATERFALL_ERROR_FLAG;
    private final HBox left;
    private final BarPane bar = new BarPane();
    private final HBox graphic;
    private String colorClass;

    WaterfallCell(TraceViewModel vm, Messages messages, DoubleProperty nameWidth) {
        this.vm = vm;
        this.m = messages;
        getStyleClass().add(STYLE_ROW);
        toggle.getStyleClass().add(STYLE_TOGGLE);
        toggle.setMinWidth(16);
        toggle.setPrefWidth(16);
        toggle.setOnMouseClicked(e -> {
            if (getItem() != null) {
                vm.toggle(getItem());
                e.consume();
            }
        });
        swatch.getStyleClass().add(STYLE_SWATCH);
        swatch.setMinSize(10, 10);
        swatch.setMaxSize(10, 10);
        name.setMinWidth(0);
        HBox.setHgrow(name, Priority.ALWAYS);
        name.setMaxWidth(Double.MAX_VALUE);
        orphan.setTooltip(new Tooltip(m.get("traces.trace.orphan.tip")));
        skew.setTooltip(new Tooltip(m.get("traces.trace.skew.tip")));
        error.setTooltip(new Tooltip(m.get("traces.trace.error.tip")));
        error.getStyleClass().add(STYLE_ERROR_FLAG);
        left = new HBox(indent, toggle, swatch, name, orphan, skew, error);
        left.setAlignment(Pos.CENTER_LEFT);
        left.setSpacing(4);
        left.minWidthProperty().bind(nameWidth);
        left.prefWidthProperty().bind(nameWidth);
        left.maxWidthProperty().bind(nameWidth);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.setMinWidth(0);
        // The bar takes the width the row has, never asks for more: no horizontal scrolling.
        bar.setPrefWidth(0);
        graphic = new HBox(left, bar);
        graphic.setMinWidth(0);
        setPrefWidth(0);
        graphic.setAlignment(Pos.CENTER_LEFT);
        setText(null);
        setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
    }

    private static Label flag(FontIcon icon) {
        Label l = new Label(null, icon);
        l.getStyleClass().add(STYLE_FLAG);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    @Override
    protected void updateItem(WaterfallRow row, boolean empty) {
        super.updateItem(row, empty);
        if (colorClass != null) {
            swatch.getStyleClass().remove(colorClass);
            bar.span.getStyleClass().remove(colorClass);
            colorClass = null;
        }
        if (empty || row == null) {
            setGraphic(null);
            setTooltip(null);
            bar.row = null;
            return;
        }
        WaterfallModel w = vm.modelProperty().get();
        indent.setMinWidth(row.depth() * INDENT);
        indent.setPrefWidth(row.depth() * INDENT);
        toggle.setGraphic(row.hasChildren() ? (vm.isCollapsed(row) ? collapsedIcon : expanded) : null);
        colorClass = ServiceColors.styleClass(row.color());
        swatch.getStyleClass().add(colorClass);
        bar.span.getStyleClass().add(colorClass);
        String text = row.span().serviceName() + ": " + row.span().name();
        if (row.hasChildren() && vm.isCollapsed(row)) {
            text += "  (+" + Formats.integer(row.descendants()) + ")";
        }
        name.setText(text);
        show(orphan, row.orphan());
        show(skew, row.clockSkew());
        boolean isError = TraceViewModel.isError(row);
        show(error, isError);
        Styles.toggle(bar.span, STYLE_BAR_ERROR, isError);
        Styles.toggle(this, STYLE_CRITICAL_ROW, row.critical());
        bar.row = row;
        bar.traceNs = w == null ? 0 : w.durationNs();
        bar.traceStart = w == null ? 0 : w.startNs();
        bar.duration.setText(Formats.duration(row.span().durationNs() / 1e6));
        bar.requestLayout();
        setGraphic(graphic);
    }

    private static void show(Label l, boolean on) {
        l.setVisible(on);
        l.setManaged(on);
    }

    /** The time line: the span's bar, its critical stretches and its duration, placed in layoutChildren. */
    private static final class BarPane extends Pane {
        final Region span = new Region();
        final Label duration = new Label();
        final List<Region> critical = new ArrayList<>();
        WaterfallRow row;
        long traceNs;
        long traceStart;

        BarPane() {
            span.getStyleClass().add(STYLE_BAR);
            duration.getStyleClass().addAll(Styles.MUTED, Styles.WATERFALL_DURATION);
            getChildren().addAll(span, duration);
            setMinHeight(0);
        }

        @Override
        protected void layoutChildren() {
            double w = getWidth() - 70;
            double h = getHeight();
            if (row == null || w <= 0) {
                span.resize(0, 0);
                duration.resize(0, 0);
                critical.forEach(r -> r.setVisible(false));
                return;
            }
            double scale = traceNs <= 0 ? 0 : w / traceNs;
            double x0 = (row.span().startNs() - traceStart) * scale;
            double bw = Math.max(1, row.span().durationNs() * scale);
            double barH = Math.max(4, h * 0.5);
            double y = (h - barH) / 2;
            span.resizeRelocate(snapPositionX(x0), snapPositionY(y), Math.max(1, snapSizeX(bw)), snapSizeY(barH));
            long[] sec = row.criticalSections();
            int n = sec.length / 2;
            while (critical.size() < n) {
                Region r = new Region();
                r.getStyleClass().add(STYLE_CRITICAL);
                r.setMouseTransparent(true);
                critical.add(r);
                getChildren().add(r);
            }
            double lineH = Math.max(2, barH / 3);
            for (int i = 0; i < critical.size(); i++) {
                Region r = critical.get(i);
                if (i < n) {
                    double cx = sec[2 * i] * scale;
                    double cw = Math.max(1, (sec[2 * i + 1] - sec[2 * i]) * scale);
                    r.setVisible(true);
                    r.resizeRelocate(snapPositionX(cx), snapPositionY(y + (barH - lineH) / 2), snapSizeX(cw),
                            snapSizeY(lineH));
                } else {
                    r.setVisible(false);
                }
            }
            double dw = duration.prefWidth(-1);
            double dh = duration.prefHeight(-1);
            double dx = x0 + bw + 4;
            if (dx + dw > getWidth()) {
                dx = Math.max(0, x0 - dw - 4);
            }
            duration.resizeRelocate(snapPositionX(dx), snapPositionY((h - dh) / 2), dw, dh);
        }
    }
}
