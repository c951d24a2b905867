package io.prodlab.ui.testing;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import org.testfx.api.FxRobot;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what a scene shows to a PNG (Scene.snapshot works headless on Monocle). */
public final class Snapshots {
    private Snapshots() {
    }

    public static void write(FxRobot robot, Scene scene, Path png) {
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
