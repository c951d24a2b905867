package io.prodlab.ui.common;

import io.prodlab.model.RedSeries;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.TimeZone;
import java.util.function.ToDoubleFunction;

/**
 * The chart of rate, errors and duration over time (RED): three plots over one time axis (UTC) —
 * requests per second, error rate in %, and p50/p95/p99 in ms — with a legend, axis labels and
 * units, and shaded windows (fault injections, deploys) behind the lines. Each point is a bucket,
 * drawn at its middle; a bucket without requests leaves a gap in the error and duration lines. The
 * chart is built from immutable data, so a background task can build its own copy to export.
 */
public final class RedChart {
    /** A window to shade behind the lines, with the label shown at its top; an instant (from = to) is a line. */
    public record Shade(long fromNs, long toNs, String label) {
        /** The shades of annotations; an open window runs to {@code endNs}, the chart's end. */
        public static List<Shade> of(List<io.prodlab.model.Annotation> annotations, long endNs) {
            return annotations.stream().map(a -> new Shade(a.startNs(),
                    a.endNs() == null ? Math.max(a.startNs(), endNs) : Math.max(a.startNs(), a.endNs()),
                    a.kind() + ": " + a.name() + (a.target() == null || a.target().isEmpty() ? "" : " (" + a.target() + ")")))
                    .toList();
        }
    }

    /** Colours of the chart's frame and text for one theme (the lines keep theirs). */
    private record Palette(Color background, Color plot, Color text, Color grid, Color shade) {
    }

    private static final Palette LIGHT = new Palette(Color.WHITE, Color.WHITE, new Color(0x1f, 0x23, 0x28),
            new Color(0xd0, 0xd7, 0xde), new Color(0xbf, 0x87, 0x00, 60));
    private static final Palette DARK = new Palette(new Color(0x0d, 0x11, 0x17), new Color(0x0d, 0x11, 0x17),
            new Color(0xe6, 0xed, 0xf3), new Color(0x30, 0x36, 0x3d), new Color(0xd2, 0x99, 0x22, 70));
    private static final Color RATE = new Color(0x21, 0x88, 0xff);
    private static final Color ERRORS = new Color(0xd1, 0x24, 0x2f);
    private static final Color P50 = new Color(0x1a, 0x7f, 0x37);
    private static final Color P95 = new Color(0xbf, 0x87, 0x00);
    private static final Color P99 = new Color(0x82, 0x50, 0xdf);

    private RedChart() {
    }

    /**
     * Keeps {@code pane} showing the RED chart of {@code series} with {@code annotations} shaded (their
     * ends are the pane's snap points), or {@code text} as its placeholder while that is not empty or
     * there is no series — the way the Services screen and the map's side panel show a selection's
     * requests over time.
     */
    public static void follow(TimeChartPane pane, javafx.beans.value.ObservableValue<RedSeries> series,
                              javafx.beans.value.ObservableValue<List<io.prodlab.model.Annotation>> annotations,
                              javafx.beans.value.ObservableStringValue text, Messages m) {
        Runnable show = () -> {
            RedSeries s = series.getValue();
            String placeholder = text.get() == null ? "" : text.get();
            boolean drawable = s != null && !s.buckets().isEmpty() && placeholder.isEmpty();
            List<Shade> shades = s == null ? List.of() : Shade.of(annotations.getValue(), s.toNs());
            pane.setSnapPoints(shades.stream().flatMap(x -> java.util.stream.Stream.of(x.fromNs(), x.toNs()))
                    .distinct().toList());
            pane.show(drawable ? dark -> create(s, null, shades, dark, m) : null, placeholder);
        };
        series.addListener((obs, old, now) -> show.run());
        text.addListener((obs, old, now) -> show.run());
        show.run();
    }

    /**
     * @param title  what the chart shows ("checkout — requests over time"), or null for none
     * @param shades windows to shade; may be empty
     * @param dark   whether to draw for the dark theme
     */
    public static JFreeChart create(RedSeries series, String title, List<Shade> shades, boolean dark, Messages m) {
        Palette p = dark ? DARK : LIGHT;
        DateAxis time = new DateAxis(m.get("chart.axis.time"));
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        if (series.toNs() > series.fromNs()) {
            time.setRange(series.fromNs() / 1e6, series.toNs() / 1e6);
        }
        style(time, p);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        plot.add(subplot(m.get("chart.axis.rate"), p, List.of(
                line(m.get("chart.series.rate"), series, RedSeries.Bucket::ratePerS, false)), List.of(RATE), shades, true), 2);
        plot.add(subplot(m.get("chart.axis.errors"), p, List.of(
                line(m.get("chart.series.errors"), series, b -> b.errorRate() * 100, true)), List.of(ERRORS), shades, false), 2);
        plot.add(subplot(m.get("chart.axis.duration"), p, List.of(
                        line(m.get("chart.series.p50"), series, RedSeries.Bucket::p50Ms, true),
                        line(m.get("chart.series.p95"), series, RedSeries.Bucket::p95Ms, true),
                        line(m.get("chart.series.p99"), series, RedSeries.Bucket::p99Ms, true)),
                List.of(P50, P95, P99), shades, false), 3);
        plot.setBackgroundPaint(p.background());
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(p.background());
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(p.text());
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setBackgroundPaint(p.background());
        legend.setItemPaint(p.text());
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        legend.setFrame(BlockBorder.NONE);
        legend.setItemLabelPadding(new RectangleInsets(2, 2, 2, 10));
        return chart;
    }

    private static XYSeries line(String name, RedSeries series, ToDoubleFunction<RedSeries.Bucket> value,
                                 boolean gapWhenEmpty) {
        XYSeries s = new XYSeries(name, false, true);
        for (RedSeries.Bucket b : series.buckets()) {
            double x = (b.startNs() + (b.endNs() - b.startNs()) / 2.0) / 1e6;
            double y = value.applyAsDouble(b);
            s.add(x, gapWhenEmpty && (b.requests() == 0 || Double.isNaN(y)) ? null : (Number) y);
        }
        return s;
    }

    private static XYPlot subplot(String axisLabel, Palette p, List<XYSeries> lines, List<Color> colours,
                                  List<Shade> shades, boolean labelled) {
        XYSeriesCollection data = new XYSeriesCollection();
        lines.forEach(data::addSeries);
        NumberAxis values = new NumberAxis(axisLabel);
        values.setAutoRangeIncludesZero(true);
        values.setRangeType(org.jfree.data.RangeType.POSITIVE);
        values.setAutoRangeMinimumSize(1.0); // a flat line at zero gets a readable 0..1 axis, not ±5E-9
        style(values, p);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colours.size(); i++) {
            renderer.setSeriesPaint(i, colours.get(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        // A lone bucket between gaps would draw nothing as a line: show its point.
        renderer.setDrawSeriesLineAsPath(false);
        XYPlot plot = new XYPlot(data, null, values, renderer);
        plot.setBackgroundPaint(p.plot());
        plot.setDomainGridlinePaint(p.grid());
        plot.setRangeGridlinePaint(p.grid());
        plot.setOutlinePaint(p.grid());
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (Shade s : shades) {
            org.jfree.chart.plot.Marker marker = s.fromNs() == s.toNs()
                    ? instant(s, p) : new IntervalMarker(s.fromNs() / 1e6, s.toNs() / 1e6, p.shade());
            if (labelled) { // the labels go on the top plot only
                marker.setLabel(s.label());
                marker.setLabelPaint(p.text());
            }
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
        return plot;
    }

    private static org.jfree.chart.plot.ValueMarker instant(Shade s, Palette p) {
        Color c = p.shade();
        return new org.jfree.chart.plot.ValueMarker(s.fromNs() / 1e6, new Color(c.getRed(), c.getGreen(), c.getBlue()),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
    }

    private static void style(org.jfree.chart.axis.ValueAxis axis, Palette p) {
        Paint text = p.text();
        axis.setLabelPaint(text);
        axis.setTickLabelPaint(text);
        axis.setAxisLinePaint(p.grid());
        axis.setTickMarkPaint(p.grid());
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    }
}
