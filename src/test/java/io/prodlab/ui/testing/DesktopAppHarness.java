package io.prodlab.ui.testing;

import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.imports.Importer;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.services.ServicesViewModel;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import javafx.scene.Node;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the real application (composition root and all) on the headless toolkit for a TestFX
 * test, and stops it again, which closes the workspace so the test can read it afterwards.
 */
public final class DesktopAppHarness {
    /** Long enough for a cold DuckDB and the first CSS pass on a loaded 2-core machine. */
    public static final long TIMEOUT_SECONDS = 60;
    /** The ids of the navigation entries. */
    public static final String NAV_IMPORT = MainWindow.navId(new Page(ProdlabApp.IMPORT));
    public static final String NAV_SERVICES = MainWindow.navId(new Page(ProdlabApp.SERVICES));
    public static final String NAV_COMPARE = MainWindow.navId(new Page(ProdlabApp.COMPARE));

    private final FxRobot robot;
    private ProdlabApp app;

    public DesktopAppHarness(FxRobot robot) {
        this.robot = robot;
    }

    public ProdlabApp start(Path workspace, Path dataDir, Importer importer) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        // The primary stage is shared by all tests: undo what an earlier test did to its size.
        FxToolkit.setupStage(s -> {
            s.setMinWidth(0);
            s.setMinHeight(0);
            s.setWidth(1200);
            s.setHeight(760);
            s.setX(0);
            s.setY(0);
        });
        app = (ProdlabApp) FxToolkit.setupApplication(() -> new ProdlabApp(
                new ProdlabApp.Config(workspace, dataDir, dataDir.resolve("demo.prodlab"), importer)));
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }

    /** Stops the app: cancels an import, closes the workspace, ends the worker. */
    public void stop() throws TimeoutException {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            app = null;
        }
    }

    public void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    /** Resizes the scene's window and waits until the scene has that size and is laid out. */
    public void resize(javafx.scene.Scene scene, int width, int height) throws TimeoutException {
        javafx.stage.Stage stage = (javafx.stage.Stage) scene.getWindow();
        onFx(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        waitUntil(() -> scene.getWidth() == width && scene.getHeight() == height);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Switches the theme as a user does (Ctrl+Shift+D) when it is not the one asked for. */
    public void setTheme(javafx.scene.Scene scene, boolean dark) throws TimeoutException {
        Node root = scene.getRoot();
        if (root.getStyleClass().contains(io.prodlab.ui.common.Styles.THEME_DARK) != dark) {
            robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT,
                    javafx.scene.input.KeyCode.D).release(javafx.scene.input.KeyCode.D,
                    javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.CONTROL);
            waitUntil(() -> root.getStyleClass().contains(io.prodlab.ui.common.Styles.THEME_DARK) == dark);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    public <T extends Node> T node(String id, Class<T> type) {
        return robot.lookup("#" + id).queryAs(type);
    }

    public ImportViewModel importViewModel() {
        return node(ImportView.ID, ImportView.class).viewModel();
    }

    public ServicesViewModel servicesViewModel() {
        return node(ServicesView.ID, ServicesView.class).viewModel();
    }

    public io.prodlab.ui.compare.CompareViewModel compareViewModel() {
        return node(io.prodlab.ui.compare.CompareView.ID, io.prodlab.ui.compare.CompareView.class).viewModel();
    }

    /** Runs {@code action} on the FX thread and waits for it and the events it caused. */
    public void onFx(Runnable action) {
        robot.interact(action);
    }
}
