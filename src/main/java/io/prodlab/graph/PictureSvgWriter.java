package io.prodlab.graph;

import org.jfree.svg.SVGGraphics2D;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The map as it is drawn — {@link MapPicture} with its colouring, diff marks and selection — as SVG
 * through JFreeSVG, so that the desktop map's SVG export is what its PNG export and the screen show.
 * ({@link SvgWriter} is the hand-written SVG of {@code prodlab map --svg}, with hover titles.)
 */
public final class PictureSvgWriter {
    private PictureSvgWriter() {
    }

    public static String write(MapPicture picture, MapPicture.Style style) {
        MapPicture.Style full = new MapPicture.Style(style.palette(), style.colouring(), style.selectedNode(),
                style.selectedEdge(), style.highlighted(), null, 1, style.words());
        double[] legend = picture.legendSize(full);
        double width = Math.max(Math.max(picture.width(), legend[0] + 48), 640);
        double height = picture.height() + legend[1] + 24;
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setColor(style.palette().background());
        g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        java.awt.geom.AffineTransform base = g.getTransform();
        g.translate((width - picture.width()) / 2, 0);
        picture.paint(g, full);
        g.setTransform(base);
        picture.paintLegend(g, full, 24, picture.height() + 8);
        return g.getSVGDocument();
    }

    public static void write(MapPicture picture, MapPicture.Style style, Path file) throws IOException {
        Files.writeString(file, write(picture, style));
    }
}
