package io.prodlab.ui.traces;

import io.prodlab.ui.common.Styles;

import io.prodlab.model.TraceSummary;
import io.prodlab.ui.common.Messages;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.fx.interaction.MouseHandlerFX;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Consumer;

/**
 * The duration-over-time scatter of a trace search (JFreeChart in its JavaFX viewer): one point
 * per trace, errors apart, durations on a log axis. Dragging a rectangle selects the traces inside
 * it (as in Jaeger's search), a click without a drag clears the selection, a double-click on a point
 * opens its trace. The chart's zoom and pan are off: the drag belongs to the selection. Colours
 * come from prodlab.css (hidden labels carry the tokens), so the chart follows the theme.
 */
final class TraceScatterChart extends StackPane {
    static final String STYLE_TEXT = Styles.TRACE_CHART_TEXT;
    static final String STYLE_GRID = Styles.TRACE_CHART_GRID;
    static final String STYLE_OK = Styles.TRACE_CHART_OK;
    static final String STYLE_ERROR = Styles.TRACE_CHART_ERROR;

    private final String okName;
    private final String errorName;
    private final List<TraceSummary> okTraces = new ArrayList<>();
    private final List<TraceSummary> errorTraces = new ArrayList<>();
    private final JFreeChart chart;
    private final XYPlot plot;
    private final ChartViewer viewer;
    private final Consumer<TraceSearchViewModel.Brush> onBrush;
    private final Consumer<TraceSummary> onOpen;
    private Point2D dragStart;
    private boolean dragged;

    TraceScatterChart(Messages m, ObservableList<TraceSummary> traces, Consumer<TraceSearchViewModel.Brush> onBrush,
                      Consumer<TraceSummary> onOpen) {
        this.onBrush = onBrush;
        this.onOpen = onOpen;
        okName = m.get("traces.search.chart.ok");
        errorName = m.get("traces.search.chart.errors");
        XYSeriesCollection data = new XYSeriesCollection();
        DateAxis x = new DateAxis(m.get("traces.search.chart.x"));
        x.setTimeZone(TimeZone.getTimeZone("UTC"));
        x.setDateFormatOverride(utc("HH:mm:ss"));
        LogAxis y = new LogAxis(m.get("traces.search.chart.y"));
        y.setSmallestValue(1e-3);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        // Ticks at the powers of ten only (the unit is in log10 space): 1, 10, 100, 1,000 ms.
        y.setAutoTickUnitSelection(false);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-3, -3, 6, 6);
        renderer.setSeriesShape(0, dot);
        renderer.setSeriesShape(1, dot);
        plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlineStroke(new BasicStroke(0.5f));
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setOutlineVisible(false);
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        legend.setItemFont(font);
        x.setLabelFont(font);
        y.setLabelFont(font);
        chart.setAntiAlias(true);

        viewer = new ChartViewer(chart, false);
        ChartCanvas canvas = viewer.getCanvas();
        canvas.setDomainZoomable(false);
        canvas.setRangeZoomable(false);
        for (String id : List.of("zoom", "pan", "scroll")) {
            MouseHandlerFX h = canvas.getMouseHandler(id);
            if (h != null) {
                canvas.removeMouseHandler(h);
            }
        }
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                if (e.getTrigger().getClickCount() == 2) {
                    TraceSummary t = traceAt(e.getEntity());
                    if (t != null) {
                        onOpen.accept(t);
                    }
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {
                // tooltips come from the canvas
            }
        });

        // Hidden labels that carry the theme's colours for the chart.
        Label text = token(STYLE_TEXT);
        Label grid = token(STYLE_GRID);
        Label okColor = token(STYLE_OK);
        Label errorColor = token(STYLE_ERROR);
        Runnable recolor = () -> {
            java.awt.Color fg = awt(text.getTextFill());
            java.awt.Color lines = awt(grid.getTextFill());
            chart.setBackgroundPaint(new java.awt.Color(0, 0, 0, 0));
            plot.setBackgroundPaint(new java.awt.Color(0, 0, 0, 0));
            plot.setDomainGridlinePaint(lines);
            plot.setRangeGridlinePaint(lines);
            for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
                axis.setLabelPaint(fg);
                axis.setTickLabelPaint(fg);
                axis.setAxisLinePaint(lines);
                axis.setTickMarkPaint(lines);
            }
            legend.setItemPaint(fg);
            legend.setBackgroundPaint(new java.awt.Color(0, 0, 0, 0));
            renderer.setSeriesPaint(0, translucent(awt(okColor.getTextFill())));
            renderer.setSeriesPaint(1, translucent(awt(errorColor.getTextFill())));
            Color sel = okColor.getTextFill() instanceof Color c ? c : Color.GRAY;
            viewer.setZoomFillPaint(new Color(sel.getRed(), sel.getGreen(), sel.getBlue(), 0.18));
        };
        for (Label l : List.of(text, grid, okColor, errorColor)) {
            l.textFillProperty().addListener((obs, o, n) -> recolor.run());
        }
        recolor.run();
        getChildren().addAll(text, grid, okColor, errorColor, viewer);
        getStyleClass().add(Styles.TRACE_CHART);

        traces.addListener((ListChangeListener<TraceSummary>) c -> refill(traces));
        refill(traces);
    }

    private static SimpleDateFormat utc(String pattern) {
        SimpleDateFormat f = new SimpleDateFormat(pattern);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f;
    }

    private static Label token(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setManaged(false);
        l.setVisible(false);
        return l;
    }

    private static java.awt.Color awt(Paint p) {
        Color c = p instanceof Color col ? col : Color.GRAY;
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }

    private static java.awt.Color translucent(java.awt.Color c) {
        return new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), 190);
    }

    /** Fills the series anew; a new dataset makes the plot range its axes over it. */
    private void refill(List<TraceSummary> traces) {
        okTraces.clear();
        errorTraces.clear();
        XYSeries ok = new XYSeries(okName, false, true);
        XYSeries errors = new XYSeries(errorName, false, true);
        for (TraceSummary t : traces) {
            double y = Math.max(t.durationMs(), 1e-3);
            if (t.errors() > 0) {
                errors.add(t.startNs() / 1e6, y, false);
                errorTraces.add(t);
            } else {
                ok.add(t.startNs() / 1e6, y, false);
                okTraces.add(t);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ok);
        data.addSeries(errors);
        plot.setDataset(data);
    }

    private TraceSummary traceAt(ChartEntity entity) {
        if (entity instanceof XYItemEntity item) {
            List<TraceSummary> list = item.getSeriesIndex() == 0 ? okTraces : errorTraces;
            if (item.getItem() >= 0 && item.getItem() < list.size()) {
                return list.get(item.getItem());
            }
        }
        return null;
    }

    private Rectangle2D dataArea() {
        var info = viewer.getCanvas().getRenderingInfo();
        return info == null ? null : info.getPlotInfo().getDataArea();
    }

    private void pressed(MouseEvent e) {
        Rectangle2D area = dataArea();
        dragged = false;
        dragStart = e.getButton() == MouseButton.PRIMARY && area != null && area.contains(e.getX(), e.getY())
                ? new Point2D(e.getX(), e.getY()) : null;
    }

    private void dragged(MouseEvent e) {
        Rectangle2D area = dataArea();
        if (dragStart == null || area == null) {
            return;
        }
        double x = clamp(e.getX(), area.getMinX(), area.getMaxX());
        double y = clamp(e.getY(), area.getMinY(), area.getMaxY());
        dragged = Math.abs(x - dragStart.getX()) > 3 || Math.abs(y - dragStart.getY()) > 3;
        viewer.showZoomRectangle(Math.min(x, dragStart.getX()), Math.min(y, dragStart.getY()),
                Math.abs(x - dragStart.getX()), Math.abs(y - dragStart.getY()));
    }

    private void released(MouseEvent e) {
        Rectangle2D area = dataArea();
        if (dragStart == null || area == null) {
            return;
        }
        if (!dragged) {
            dragStart = null;
            viewer.hideZoomRectangle();
            if (e.getClickCount() == 1) {
                onBrush.accept(null);
            }
            return;
        }
        double x = clamp(e.getX(), area.getMinX(), area.getMaxX());
        double y = clamp(e.getY(), area.getMinY(), area.getMaxY());
        select(Math.min(x, dragStart.getX()), Math.max(x, dragStart.getX()), Math.min(y, dragStart.getY()),
                Math.max(y, dragStart.getY()));
        dragStart = null;
    }

    /** Selects the traces inside a rectangle given in the chart's pixels (left, right, top, bottom). */
    void select(double x0, double x1, double y0, double y1) {
        Rectangle2D area = dataArea();
        if (area == null) {
            return;
        }
        double fromMs = plot.getDomainAxis().java2DToValue(x0, area, plot.getDomainAxisEdge());
        double toMs = plot.getDomainAxis().java2DToValue(x1, area, plot.getDomainAxisEdge());
        double maxMs = plot.getRangeAxis().java2DToValue(y0, area, plot.getRangeAxisEdge());
        double minMs = plot.getRangeAxis().java2DToValue(y1, area, plot.getRangeAxisEdge());
        onBrush.accept(new TraceSearchViewModel.Brush((long) Math.floor(fromMs * 1e6), (long) Math.ceil(toMs * 1e6),
                minMs, maxMs));
    }

    /** Shows the selection rectangle again for a brush (or hides it). */
    void showBrush(TraceSearchViewModel.Brush b) {
        Rectangle2D area = dataArea();
        if (b == null || area == null) {
            viewer.hideZoomRectangle();
            return;
        }
        double x0 = plot.getDomainAxis().valueToJava2D(b.fromNs() / 1e6, area, plot.getDomainAxisEdge());
        double x1 = plot.getDomainAxis().valueToJava2D(b.toNs() / 1e6, area, plot.getDomainAxisEdge());
        double y0 = plot.getRangeAxis().valueToJava2D(b.maxMs(), area, plot.getRangeAxisEdge());
        double y1 = plot.getRangeAxis().valueToJava2D(b.minMs(), area, plot.getRangeAxisEdge());
        viewer.showZoomRectangle(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    }

    /** The plot's data area in this node's coordinates, for tests that drag on it. */
    Rectangle2D plotArea() {
        return dataArea();
    }

    ChartViewer viewer() {
        return viewer;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
