package io.prodlab.ui.shell;

import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A screen added to the registry gets its navigation entry, View menu item and shortcut — nothing else to wire. */
class ScreenRegistryTest extends FxRobot {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);

    @AfterEach
    void cleanUp() throws Exception {
        interact(() -> session.close().executeWith(runner));
        FxToolkit.cleanupStages();
    }

    @Test
    void aNewScreenIsOneEntryInTheList() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        Messages m = Messages.load();
        Label first = new Label("first");
        first.setId("first-screen");
        Label compare = new Label("compare");
        compare.setId("compare-screen");
        List<Screen> screens = List.of(
                Screen.of("first", "_First", MaterialDesignD.DATABASE, "Shortcut+1", first),
                Screen.of("compare", "_Compare", MaterialDesignC.COMPARE, "Shortcut+3", compare));
        MainViewModel[] vm = new MainViewModel[1];
        interact(() -> {
            vm[0] = new MainViewModel(session, runner, status, m, new DesktopSettings(dir.resolve("data")), List.of(),
                    Theme.LIGHT, null, spans -> new Page("first"));
            new MainWindow(stage, vm[0], status, m, screens,
                    new FileTarget(new Page("first"), () -> { }, () -> { }, files -> { }, files -> { }),
                    new DialogFolders(dir.toFile()));
            stage.show();
            vm[0].create(dir.resolve("w.prodlab"));
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> first.isVisible());

        ListView<?> nav = lookup("#" + MainWindow.ID_NAV).queryAs(ListView.class);
        assertEquals(screens, List.copyOf(nav.getItems()));
        assertTrue(lookup("#" + MainWindow.navId(new Page("compare"))).tryQuery().isPresent());
        Menu view = lookup(".menu-bar").queryAs(MenuBar.class).getMenus().get(1);
        MenuItem item = view.getItems().stream().filter(i -> "menu-compare".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("_Compare", item.getText());
        assertEquals(KeyCombination.keyCombination("Shortcut+3"), item.getAccelerator());

        press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> compare.isVisible() && !first.isVisible());
        assertEquals(new Page("compare"), vm[0].pageProperty().get());
    }
}
