package io.prodlab.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab map --png}: a real picture, headless, of a readable size, with content. */
class MapPngTest {
    @TempDir
    static Path dir;
    private static Path ws;

    @BeforeAll
    static void demoShop() {
        ws = CliRun.demoShop(dir);
    }

    @Test
    void writesAValidPngOfTheMapWithItsLegend() throws Exception {
        Path png = dir.resolve("map.png");
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--png", png.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().isEmpty(), "stdout carries nothing for a file output");
        assertTrue(r.err().contains("12 nodes, 18 edges"), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG ImageIO reads");
        assertTrue(img.getWidth() >= 1200 && img.getWidth() <= 8000, "width " + img.getWidth());
        assertTrue(img.getHeight() >= 600 && img.getHeight() <= 8000, "height " + img.getHeight());
        // Not blank: the background and many other colours (node fills, edge colours, text).
        Set<Integer> colours = new HashSet<>();
        int background = img.getRGB(0, 0);
        long painted = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int c = img.getRGB(x, y);
                colours.add(c);
                if (c != background) {
                    painted++;
                }
            }
        }
        assertTrue(colours.size() > 50, colours.size() + " colours");
        long sampled = (long) (img.getHeight() / 3 + 1) * (img.getWidth() / 3 + 1);
        assertTrue(painted > sampled / 20, "at least 5% painted: " + painted + " of " + sampled);
        assertEquals(0xffffffff, background, "the light background");
    }

    @Test
    void theDiffMapAsPng() throws Exception {
        Path png = dir.resolve("diff.png");
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--png", png.toString(), "--cohort",
                "base=service.version = \"1.4.0\"", "--cohort", "canary=service.version = \"1.5.0-canary\"");
        assertEquals(0, r.exit(), r.err());
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void aFolderThatDoesNotExistIsBadInputAndLeavesNothing() {
        Path png = dir.resolve("missing").resolve("map.png");
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--png", png.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--png"), r.err());
        assertFalse(Files.exists(png.getParent()));
    }
}
