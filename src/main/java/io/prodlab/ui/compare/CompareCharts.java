package io.prodlab.ui.compare;

import io.prodlab.ui.common.Messages;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Compare screen's charts from {@link ChartData} (STYLE.md: charts come from a factory
 * fed with view-model data). Every chart has a title, axis labels with their unit and a legend.
 * Pure: no toolkit, no I/O, so export can build its own copy off the UI thread.
 */
public final class CompareCharts {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final Messages m;

    public CompareCharts(Messages messages) {
        this.m = messages;
    }

    public JFreeChart chart(ChartKind kind, ChartData data, ChartPalette palette) {
        return switch (kind) {
            case HISTOGRAM -> histogram(data, palette);
            case ECDF -> ecdf(data, palette);
            case SHIFT -> shift(data, palette);
            case ERROR_RATES -> errorRates(data, palette);
        };
    }

    /** Overlaid histograms of latency on a log axis: each cohort's share of observations per bin. */
    JFreeChart histogram(ChartData d, ChartPalette p) {
        XYSeriesCollection set = new XYSeriesCollection();
        double[] edges = d.histogram().edges();
        for (int c = 0; c < d.cohorts().size(); c++) {
            XYSeries s = new XYSeries(d.cohorts().get(c), false, true);
            double[] shares = d.histogram().shares()[c];
            for (int b = 0; b < shares.length; b++) {
                s.add(edges[b], 100 * shares[b]);
            }
            if (shares.length > 0) {
                s.add(edges[shares.length], 100 * shares[shares.length - 1]);
            }
            set.addSeries(s);
        }
        XYStepRenderer r = new XYStepRenderer();
        XYPlot plot = new XYPlot(set, logLatencyAxis(), new NumberAxis(m.format("compare.chart.axis.share",
                unitWord(d))), r);
        lines(r, d.cohorts().size(), p);
        return styled(new JFreeChart(m.get("compare.chart.histogram"), TITLE, plot, true), p);
    }

    /** Empirical distribution functions on a log latency axis. */
    JFreeChart ecdf(ChartData d, ChartPalette p) {
        XYSeriesCollection set = new XYSeriesCollection();
        for (ChartData.Ecdf e : d.ecdfs()) {
            XYSeries s = new XYSeries(e.cohort(), false, true);
            for (int i = 0; i < e.latencyMs().length; i++) {
                if (e.latencyMs()[i] > 0) {
                    s.add(e.latencyMs()[i], 100 * e.share()[i]);
                }
            }
            set.addSeries(s);
        }
        XYStepRenderer r = new XYStepRenderer();
        NumberAxis y = new NumberAxis(m.format("compare.chart.axis.cumulative",
                m.get("compare.unit.title." + d.unit())));
        y.setRange(0, 100);
        XYPlot plot = new XYPlot(set, logLatencyAxis(), y, r);
        lines(r, d.cohorts().size(), p);
        return styled(new JFreeChart(m.get("compare.chart.ecdf"), TITLE, plot, true), p);
    }

    /** The shift function: per quantile the candidate's latency minus the baseline's, with the bootstrap band. */
    JFreeChart shift(ChartData d, ChartPalette p) {
        YIntervalSeriesCollection set = new YIntervalSeriesCollection();
        boolean banded = d.shifts().stream().anyMatch(s -> java.util.Arrays.stream(s.low()).anyMatch(Double::isFinite));
        for (ChartData.Shift s : d.shifts()) {
            YIntervalSeries series = new YIntervalSeries(banded
                    ? m.format("compare.chart.shift.series.banded", s.candidate(), d.cohorts().get(0),
                    Math.round(100 * d.confidence()))
                    : m.format("compare.chart.shift.series", s.candidate(), d.cohorts().get(0)));
            for (int i = 0; i < s.q().length; i++) {
                if (Double.isFinite(s.diff()[i])) {
                    double low = Double.isFinite(s.low()[i]) ? s.low()[i] : s.diff()[i];
                    double high = Double.isFinite(s.high()[i]) ? s.high()[i] : s.diff()[i];
                    series.add(100 * s.q()[i], s.diff()[i], low, high);
                }
            }
            set.addSeries(series);
        }
        DeviationRenderer r = new DeviationRenderer(true, true);
        r.setAlpha(0.25f);
        NumberAxis x = new NumberAxis(m.get("compare.chart.axis.quantile"));
        x.setRange(0, 100);
        NumberAxis y = new NumberAxis(m.get("compare.chart.axis.difference"));
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(set, x, y, r);
        for (int i = 0; i < d.shifts().size(); i++) {
            Color c = p.seriesColor(i + 1);
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        }
        ValueMarker zero = new ValueMarker(0, p.muted(), new BasicStroke(1f));
        plot.addRangeMarker(zero);
        return styled(new JFreeChart(m.get("compare.chart.shift"), TITLE, plot, true), p);
    }

    /** Each cohort's error rate as a bar, with its Wilson interval as a whisker. */
    JFreeChart errorRates(ChartData d, ChartPalette p) {
        XYSeriesCollection bars = new XYSeriesCollection();
        YIntervalSeriesCollection whiskers = new YIntervalSeriesCollection();
        YIntervalSeries ci = new YIntervalSeries(m.format("compare.chart.errors.ci", Math.round(100 * d.confidence())));
        for (int c = 0; c < d.errorRates().size(); c++) {
            ChartData.Bar b = d.errorRates().get(c);
            XYSeries s = new XYSeries(b.cohort());
            if (Double.isFinite(b.rate())) {
                s.add(c, 100 * b.rate());
                ci.add(c, 100 * b.rate(), 100 * b.low(), 100 * b.high());
            }
            bars.addSeries(s);
        }
        whiskers.addSeries(ci);
        bars.setIntervalWidth(0.6);
        SymbolAxis x = new SymbolAxis(m.get("compare.chart.axis.cohort"), d.cohorts().toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(m.get("compare.chart.axis.error-rate"));
        y.setAutoRangeIncludesZero(true);
        XYBarRenderer barRenderer = new XYBarRenderer();
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setDrawBarOutline(false);
        for (int c = 0; c < d.cohorts().size(); c++) {
            barRenderer.setSeriesPaint(c, p.seriesColor(c));
        }
        XYErrorRenderer whiskerRenderer = new XYErrorRenderer();
        whiskerRenderer.setDrawXError(false);
        whiskerRenderer.setErrorPaint(p.foreground());
        whiskerRenderer.setErrorStroke(new BasicStroke(1.5f));
        whiskerRenderer.setCapLength(10);
        whiskerRenderer.setSeriesPaint(0, p.foreground());
        whiskerRenderer.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-2, -2, 4, 4));
        XYPlot plot = new XYPlot(bars, x, y, barRenderer);
        plot.setDataset(1, whiskers);
        plot.setRenderer(1, whiskerRenderer);
        return styled(new JFreeChart(m.get("compare.chart.errors"), TITLE, plot, true), p);
    }

    private LatencyAxis logLatencyAxis() {
        return new LatencyAxis(m.get("compare.chart.axis.latency"));
    }

    /**
     * A base-10 log axis with ticks at 1, 2 and 5 times the powers of ten (20, 50, 100, 200 ms):
     * JFreeChart's own log axes tick at fractional exponents (39.811, 63.096) or label only 1 and 2.
     */
    static final class LatencyAxis extends LogAxis {
        private static final long serialVersionUID = 1L;
        private static final double[] STEPS = {1, 2, 5};

        LatencyAxis(String label) {
            super(label);
            setBase(10);
            setSmallestValue(1e-3);
            setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<ValueTick> ticks = new ArrayList<>();
            double lo = getLowerBound();
            double hi = getUpperBound();
            if (!(lo > 0 && hi > lo)) {
                return super.refreshTicksHorizontal(g2, dataArea, edge);
            }
            DecimalFormat f = new DecimalFormat("#,##0.###");
            for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
                for (double step : STEPS) {
                    double v = step * Math.pow(10, e);
                    if (v >= lo && v <= hi) {
                        ticks.add(new NumberTick(TickType.MAJOR, v, f.format(v), TextAnchor.TOP_CENTER,
                                TextAnchor.CENTER, 0.0));
                    }
                }
            }
            return ticks.size() >= 2 ? ticks : super.refreshTicksHorizontal(g2, dataArea, edge);
        }
    }

    private String unitWord(ChartData d) {
        return m.get("compare.unit.plural." + d.unit());
    }

    private static void lines(XYStepRenderer r, int n, ChartPalette p) {
        for (int c = 0; c < n; c++) {
            r.setSeriesPaint(c, p.seriesColor(c));
            r.setSeriesStroke(c, new BasicStroke(c == 0 ? 2.5f : 2f));
        }
    }

    private static JFreeChart styled(JFreeChart chart, ChartPalette p) {
        chart.setBackgroundPaint(p.background());
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getTitle().setPaint(p.foreground());
        chart.getTitle().setFont(TITLE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 10));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(p.background());
            legend.setItemPaint(p.foreground());
            legend.setItemFont(LABEL);
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(p.background());
        plot.setOutlinePaint(p.grid());
        plot.setDomainGridlinePaint(p.grid());
        plot.setRangeGridlinePaint(p.grid());
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        axis(plot.getDomainAxis(), p);
        axis(plot.getRangeAxis(), p);
        return chart;
    }

    private static void axis(ValueAxis a, ChartPalette p) {
        a.setLabelFont(LABEL);
        a.setLabelPaint(p.foreground());
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(p.muted());
        a.setAxisLinePaint(p.grid());
        a.setTickMarkPaint(p.grid());
    }
}
