package io.prodlab.ui.map;

import io.prodlab.graph.MapPicture;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canvas's raster of a large map: moved as an image, drawn afresh when still or restyled. */
class MapCanvasTest extends FxRobot {
    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void aLargeMapMovesAsOneImageAndIsDrawnAfreshOnceStill() throws Exception {
        MapPicture picture = MapPicture.of(MapFrameBenchmarkTest.generated(250, 450, 3));
        assertTrue(picture.nodes().size() + picture.edges().size() > MapCanvas.CACHE_ABOVE_ITEMS);
        FxToolkit.registerPrimaryStage();
        MapCanvas canvas = new MapCanvas();
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(canvas), 800, 500));
            stage.show();
        });
        MapPicture.Style style = MapPicture.Style.of(MapPicture.Palette.light(), MapPicture.Colouring.ERROR_RATE);
        interact(() -> {
            canvas.pictureProperty().set(picture);
            canvas.drawStyleProperty().set(style);
            canvas.centreOn(picture.width() / 2, picture.height() / 2);
            canvas.scaleProperty().set(1);
            canvas.paintNow();
        });
        long first = canvas.cacheRenders();
        assertTrue(first >= 1, "drawn once into the raster");

        // A small pan stays inside the raster: no new drawing of the map.
        interact(() -> {
            canvas.panBy(30, 10);
            canvas.paintNow();
        });
        assertEquals(first, canvas.cacheRenders());

        // A zoom blows the raster up at once and draws it afresh once the view is still.
        long[] during = new long[1];
        interact(() -> {
            canvas.zoom(1.5);
            canvas.paintNow();
            during[0] = canvas.cacheRenders(); // in the same frame: the settle timer cannot have fired
        });
        assertEquals(first, during[0], "not while it moves");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> canvas.cacheRenders() > first);

        // A new style (a selection) is drawn at once.
        long before = canvas.cacheRenders();
        interact(() -> {
            canvas.drawStyleProperty().set(new MapPicture.Style(style.palette(), style.colouring(), "svc-0001", null,
                    java.util.Set.of(), null, 1, style.words()));
            canvas.paintNow();
        });
        assertEquals(before + 1, canvas.cacheRenders());
    }
}
