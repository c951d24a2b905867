package io.prodlab.ui.compare;

import io.prodlab.stats.ErrorRate;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.Quantiles;
import io.prodlab.stats.StatProblem;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.testing.ExportedFiles;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the charts draw, and that every chart exports to a readable PNG and SVG with its labels. */
class ChartDataTest {
    @TempDir
    Path dir;

    private static double[] lognormal(int n, double mu, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            v[i] = Math.exp(mu + 0.5 * z);
        }
        return v;
    }

    private static ChartData data(boolean bootstrap) {
        double[] b = lognormal(900, 4, 1);
        double[] c = lognormal(700, 4.3, 2);
        b[0] = 0; // a 0 ms span: no place on a log axis, but it still counts
        Outcome<QuantileBootstrap.BootstrapResult> shift = bootstrap
                ? QuantileBootstrap.differenceOfQuantiles(b, c, ChartData.SHIFT_QUANTILES, 200, 0.95, 7)
                : Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no bootstrap");
        return ChartData.of("span", List.of("base", "cand"), List.of(b, c), List.of(9L, 0L), List.of(shift), 0.95);
    }

    @Test
    void histogramSharesOfEachCohortAddUpToOne() {
        ChartData d = data(false);
        double[][] shares = d.histogram().shares();
        for (double[] s : shares) {
            assertEquals(1.0, Arrays.stream(s).sum(), 1e-9);
        }
        double[] edges = d.histogram().edges();
        assertEquals(ChartData.BINS + 1, edges.length);
        for (int i = 1; i < edges.length; i++) {
            assertTrue(edges[i] > edges[i - 1]);
            assertEquals(edges[1] / edges[0], edges[i] / edges[i - 1], 1e-6, "log-spaced");
        }
    }

    @Test
    void theEcdfRisesToOneAndIsThinned() {
        ChartData.Ecdf e = data(false).ecdfs().get(0);
        assertEquals(ChartData.ECDF_POINTS, e.latencyMs().length);
        assertEquals(1.0, e.share()[e.share().length - 1], 0.0);
        for (int i = 1; i < e.share().length; i++) {
            assertTrue(e.share()[i] > e.share()[i - 1]);
            assertTrue(e.latencyMs()[i] >= e.latencyMs()[i - 1]);
        }
    }

    @Test
    void theShiftFunctionIsTheQuantileDifferenceInsideItsBand() {
        double[] b = lognormal(900, 4, 1);
        double[] c = lognormal(700, 4.3, 2);
        b[0] = 0;
        ChartData.Shift s = data(true).shifts().get(0);
        for (int i = 0; i < s.q().length; i++) {
            assertEquals(Quantiles.of(c, s.q()[i]) - Quantiles.of(b, s.q()[i]), s.diff()[i], 1e-9);
            assertTrue(s.low()[i] <= s.high()[i]);
        }
        assertFalse(Double.isFinite(data(false).shifts().get(0).low()[0]), "no bootstrap, no band");
    }

    @Test
    void errorBarsAreWilsonIntervals() {
        ChartData.Bar bar = data(false).errorRates().get(0);
        ErrorRate w = ErrorRate.of(9, 900, 0.95).value();
        assertEquals(w.rate(), bar.rate(), 0.0);
        assertEquals(w.ciLow(), bar.low(), 0.0);
        assertEquals(w.ciHigh(), bar.high(), 0.0);
        assertEquals(0.0, data(false).errorRates().get(1).low(), 0.0);
    }

    @Test
    void everyChartExportsToPngAndSvgWithItsLabelsAndLegend() throws Exception {
        Messages m = Messages.load();
        CompareCharts charts = new CompareCharts(m);
        ChartData d = data(true);
        for (ChartKind kind : ChartKind.values()) {
            for (ChartPalette palette : List.of(ChartPalette.LIGHT, ChartPalette.DARK)) {
                JFreeChart chart = charts.chart(kind, d, palette);
                assertNotNull(chart.getLegend(), kind + " has a legend");
                String x = chart.getXYPlot().getDomainAxis().getLabel();
                String y = chart.getXYPlot().getRangeAxis().getLabel();
                assertFalse(x.isBlank() || y.isBlank(), kind + " has axis labels");
                assertTrue((x + y).contains("(ms") || (x + y).contains("(%)"), kind + " names a unit: " + x + " / " + y);
            }
            Path png = dir.resolve(kind.code() + ".png");
            ChartExport.write(charts.chart(kind, d, ChartPalette.LIGHT), ChartExport.Format.PNG, png);
            BufferedImage img = ExportedFiles.png(png);
            assertEquals(ChartExport.WIDTH, img.getWidth());
            assertEquals(ChartExport.HEIGHT, img.getHeight());
            Path svg = dir.resolve(kind.code() + ".svg");
            ChartExport.write(charts.chart(kind, d, ChartPalette.LIGHT), ChartExport.Format.SVG, svg);
            Document doc = ExportedFiles.svg(svg);
            assertEquals("svg", doc.getDocumentElement().getNodeName());
            String text = Files.readString(svg);
            assertTrue(text.contains("base") && text.contains("cand"), "the legend names the cohorts");
        }
    }
}
