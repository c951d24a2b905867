package io.prodlab.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.MouseHandlerFX;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A time chart in the window: a JFreeChart viewer on which dragging across the time axis chooses a
 * window (handed to {@link #setOnWindow}, in ns; the session's time range takes it). The window's
 * ends snap to the nearest snap point (an annotation's start or end) within {@value #SNAP_PX} px.
 * The chart is rebuilt for the theme whenever the window switches between light and dark. With no
 * chart it shows a placeholder text. Zooming with the mouse is off: the range is the session's.
 */
public final class TimeChartPane extends StackPane {
    public static final String ID_VIEWER_SUFFIX = "-viewer";
    public static final String ID_PLACEHOLDER_SUFFIX = "-placeholder";
    static final double SNAP_PX = 8;
    private static final double MIN_DRAG_PX = 4;

    private final ChartViewer viewer = new ChartViewer(null, false);
    private final Label placeholder = new Label();
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>(this, "chart");
    private Function<Boolean, JFreeChart> builder;
    private BiConsumer<Long, Long> onWindow;
    private List<Long> snapNs = List.of();
    private boolean dark;
    private double dragStartX = Double.NaN;
    private final ListChangeListener<String> themeListener = c -> themeChanged();
    private Parent themedRoot;

    public TimeChartPane(String id) {
        setId(id);
        getStyleClass().add(Styles.TIME_CHART);
        viewer.setId(id + ID_VIEWER_SUFFIX);
        placeholder.setId(id + ID_PLACEHOLDER_SUFFIX);
        placeholder.getStyleClass().add(Styles.MUTED);
        placeholder.setWrapText(true);
        ChartCanvas canvas = viewer.getCanvas();
        canvas.setDomainZoomable(false);
        canvas.setRangeZoomable(false);
        for (String handler : new String[] {"zoom", "pan", "scroll"}) {
            MouseHandlerFX h = canvas.getMouseHandler(handler);
            if (h != null) {
                canvas.removeMouseHandler(h);
            }
        }
        viewer.addEventFilter(MouseEvent.MOUSE_PRESSED, this::pressed);
        viewer.addEventFilter(MouseEvent.MOUSE_DRAGGED, this::dragged);
        viewer.addEventFilter(MouseEvent.MOUSE_RELEASED, this::released);
        viewer.setVisible(false);
        getChildren().addAll(viewer, placeholder);
        sceneProperty().addListener((obs, old, scene) -> {
            if (themedRoot != null) {
                themedRoot.getStyleClass().removeListener(themeListener);
            }
            themedRoot = scene == null ? null : scene.getRoot();
            if (themedRoot != null) {
                themedRoot.getStyleClass().addListener(themeListener);
            }
            themeChanged();
        });
    }

    /**
     * Shows the chart {@code build} makes for a theme (true: dark), or the placeholder {@code text}
     * when {@code build} is null.
     */
    public void show(Function<Boolean, JFreeChart> build, String text) {
        builder = build;
        placeholder.setText(text == null ? "" : text);
        rebuild();
    }

    private void themeChanged() {
        boolean now = themedRoot != null && themedRoot.getStyleClass().contains(Styles.THEME_DARK);
        if (now != dark) {
            dark = now;
            rebuild();
        }
    }

    private void rebuild() {
        JFreeChart c = builder == null ? null : builder.apply(dark);
        if (c != null) {
            viewer.setChart(c); // the viewer takes no null chart: without one it is hidden instead
        }
        viewer.setVisible(c != null);
        placeholder.setVisible(c == null);
        chart.set(c);
    }

    /** Called with [fromNs, toNs) when the user drags a window across the chart. */
    public void setOnWindow(BiConsumer<Long, Long> handler) {
        this.onWindow = handler;
    }

    /** Times (ns) that a dragged window's ends snap to, such as the starts and ends of annotations. */
    public void setSnapPoints(List<Long> ns) {
        snapNs = List.copyOf(ns);
    }

    /** The chart shown now (null while the placeholder shows); for tests and export. */
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    private Rectangle2D dataArea() {
        var info = viewer.getCanvas().getRenderingInfo();
        return info == null ? null : info.getPlotInfo().getDataArea();
    }

    private void pressed(MouseEvent e) {
        Rectangle2D area = dataArea();
        if (e.getButton() != MouseButton.PRIMARY || area == null || chart.get() == null || area.getWidth() <= 0
                || e.getX() < area.getMinX() || e.getX() > area.getMaxX()) {
            dragStartX = Double.NaN;
            return;
        }
        dragStartX = e.getX();
    }

    private void dragged(MouseEvent e) {
        Rectangle2D area = dataArea();
        if (Double.isNaN(dragStartX) || area == null || chart.get() == null) {
            return;
        }
        double x = clamp(e.getX(), area);
        viewer.showZoomRectangle(Math.min(dragStartX, x), area.getMinY(), Math.abs(x - dragStartX), area.getHeight());
        e.consume();
    }

    private void released(MouseEvent e) {
        Rectangle2D area = dataArea();
        double start = dragStartX;
        dragStartX = Double.NaN;
        viewer.hideZoomRectangle();
        if (Double.isNaN(start) || area == null || Math.abs(e.getX() - start) < MIN_DRAG_PX || onWindow == null) {
            return;
        }
        long a = toNs(start, area);
        long b = toNs(clamp(e.getX(), area), area);
        onWindow.accept(Math.min(a, b), Math.max(a, b));
        e.consume();
    }

    private long toNs(double x, Rectangle2D area) {
        XYPlot plot = (XYPlot) viewer.getChart().getPlot();
        var axis = plot.getDomainAxis();
        double ms = axis.java2DToValue(x, area, RectangleEdge.BOTTOM);
        double perPx = (axis.getUpperBound() - axis.getLowerBound()) / area.getWidth();
        long ns = Math.round(ms * 1e6);
        long best = ns;
        double bestPx = SNAP_PX;
        for (long s : snapNs) {
            double px = Math.abs(s / 1e6 - ms) / perPx;
            if (px <= bestPx) {
                best = s;
                bestPx = px;
            }
        }
        return best;
    }

    private static double clamp(double x, Rectangle2D area) {
        return Math.max(area.getMinX(), Math.min(area.getMaxX(), x));
    }
}
