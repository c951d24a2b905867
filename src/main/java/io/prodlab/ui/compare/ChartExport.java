package io.prodlab.ui.compare;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a chart to a PNG or an SVG file (SVG through JFreeSVG); run it off the UI thread. */
public final class ChartExport {
    /** The size an exported chart is drawn at, in pixels (SVG: user units). */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;

    /** The two formats, by file extension. */
    public enum Format {
        PNG, SVG;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ChartExport() {
    }

    public static void write(JFreeChart chart, Format format, Path file) throws IOException {
        switch (format) {
            case PNG -> ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
            case SVG -> {
                SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
                chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
                SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
            }
            default -> throw new IllegalArgumentException("format " + format);
        }
    }
}
