package io.prodlab.graph;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dependency map as a PNG, drawn headless with Java2D into a {@link BufferedImage} by
 * {@link MapPicture}: the whole map, with the legend under it, at twice its size where that stays
 * within {@link #MAX_SIDE} pixels (sharp on a high-density screen), smaller only when it must.
 */
public final class PngWriter {
    /** The longest side an image gets (a 1,000-node map is scaled down to fit). */
    public static final int MAX_SIDE = 8000;
    private static final double MIN_WIDTH = 640;

    private PngWriter() {
    }

    /** The picture of {@code picture} drawn in {@code style} (its scale and visible part are ignored). */
    public static BufferedImage render(MapPicture picture, MapPicture.Style style) {
        MapPicture.Style full = new MapPicture.Style(style.palette(), style.colouring(), style.selectedNode(),
                style.selectedEdge(), style.highlighted(), null, 1, style.words());
        double[] legend = picture.legendSize(full);
        double worldWidth = Math.max(Math.max(picture.width(), legend[0] + 48), MIN_WIDTH);
        double worldHeight = picture.height() + legend[1] + 24;
        double scale = Math.min(2, MAX_SIDE / Math.max(worldWidth, worldHeight));
        int w = (int) Math.ceil(worldWidth * scale);
        int h = (int) Math.ceil(worldHeight * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(style.palette().background());
            g.fillRect(0, 0, w, h);
            g.transform(AffineTransform.getScaleInstance(scale, scale));
            // Centre a map narrower than the legend or the minimum width.
            AffineTransform base = g.getTransform();
            g.translate((worldWidth - picture.width()) / 2, 0);
            MapPicture.Style drawn = new MapPicture.Style(full.palette(), full.colouring(), full.selectedNode(),
                    full.selectedEdge(), full.highlighted(), null, scale, full.words());
            picture.paint(g, drawn);
            g.setTransform(base);
            picture.paintLegend(g, drawn, 24, picture.height() + 8);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the map as a PNG to {@code file}. */
    public static void write(MapPicture picture, MapPicture.Style style, Path file) throws IOException {
        BufferedImage image = render(picture, style);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".map-", ".png.tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The map in the light palette, coloured by error rate, as {@code prodlab map --png} writes it. */
    public static void write(DependencyMap map, Path file) throws IOException {
        write(MapPicture.of(map), MapPicture.Style.of(MapPicture.Palette.light(), MapPicture.Colouring.ERROR_RATE), file);
    }
}
