package io.prodlab.ui.testing;

import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Reads exported images back, to check they are what their extension says. */
public final class ExportedFiles {
    private ExportedFiles() {
    }

    /** The PNG decoded; throws when it is not one. */
    public static BufferedImage png(Path file) throws Exception {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new AssertionError(file + " is no image");
        }
        return img;
    }

    /** The SVG parsed as XML, without fetching its DTD (no network here, nor needed). */
    public static Document svg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }
}
