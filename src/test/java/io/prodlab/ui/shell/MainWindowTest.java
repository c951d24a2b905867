package io.prodlab.ui.shell;

import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.ErrorDialog;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window around the screens: start page, recent workspaces, navigation, theme, errors. */
class MainWindowTest extends FxRobot {
    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private boolean visible(String id) {
        return lookup("#" + id).query().isVisible();
    }

    @Test
    void withNothingRecentTheStartPageShowsAndTheScreensAreLocked() throws Exception {
        app.start(null, dir.resolve("data"), new FakeImporter("x"));

        app.waitUntil(() -> visible(StartPage.ID));
        assertTrue(lookup("#" + DesktopAppHarness.NAV_IMPORT).query().isDisabled());
        assertTrue(lookup("#" + DesktopAppHarness.NAV_SERVICES).query().isDisabled());
        assertTrue(lookup("#" + StartPage.ID_DEMO).query().isDisabled(), "no demo workspace was built");
    }

    @Test
    void theLastWorkspaceReopensAndTheStatusBarNamesIt() throws Exception {
        Path ws = aWorkspace().service("cart", 5, 0, 1, 9).writeTo(dir.resolve("last.prodlab"));
        new DesktopSettings(dir.resolve("data")).saveRecent(List.of(ws.toAbsolutePath()));

        app.start(null, dir.resolve("data"), new FakeImporter("x"));

        app.waitUntil(() -> visible(ServicesView.ID));
        Label path = app.node(StatusBar.ID_WORKSPACE, Label.class);
        Label spans = app.node(StatusBar.ID_SPANS, Label.class);
        assertEquals(ws.toAbsolutePath().toString(), path.getText());
        assertTrue(spans.getText().contains("10"), spans.getText());
    }

    @Test
    void keyboardMovesBetweenScreensAndTogglesTheTheme() throws Exception {
        Path ws = aWorkspace().service("cart", 5, 0, 1, 9).writeTo(dir.resolve("k.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(ServicesView.ID));

        press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        app.waitUntil(() -> visible(ImportView.ID) && !visible(ServicesView.ID));
        press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        app.waitUntil(() -> visible(ServicesView.ID));

        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        app.waitUntil(() -> lookup("#" + MainWindow.ID).query().getStyleClass().contains(Styles.THEME_DARK));
    }

    @Test
    void mnemonicsOfAHiddenScreenDoNothing() throws Exception {
        Path ws = aWorkspace().service("cart", 5, 0, 1, 9).writeTo(dir.resolve("m.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(ServicesView.ID));
        ImportViewModel vm = app.importViewModel();
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("a.json"))));

        press(KeyCode.ALT, KeyCode.L).release(KeyCode.L, KeyCode.ALT);
        press(KeyCode.ALT, KeyCode.I).release(KeyCode.I, KeyCode.ALT);

        app.waitUntil(() -> visible(ServicesView.ID));
        assertEquals(1, vm.pendingFiles().size(), "Clear on the hidden Import screen must not fire");
        assertTrue(!vm.isRunning() && vm.summary().stream().noneMatch(r -> r.fileName().equals("a.json")));
    }

    @Test
    void anUnexpectedFailureShowsTheErrorDialogWithACopyableCode() throws Exception {
        Path ws = aWorkspace().service("cart", 1, 0, 1, 1).writeTo(dir.resolve("e.prodlab"));
        app.start(ws, dir.resolve("data"), (w, paths, listener, cancelled) -> {
            throw new IllegalStateException("importer bug");
        });
        app.waitUntil(() -> visible(ServicesView.ID));
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        ImportViewModel vm = app.importViewModel();
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("a.json"))));

        clickOn("#" + ImportView.ID_START);

        app.waitUntil(() -> lookup("#" + ErrorDialog.ID_CODE).tryQuery().isPresent());
        TextField code = lookup("#" + ErrorDialog.ID_CODE).queryAs(TextField.class);
        assertTrue(code.getText().matches("[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}"), code.getText());
        assertTrue(!code.isEditable());
        app.waitUntil(() -> !vm.isRunning());
        push(KeyCode.ESCAPE);
    }
}
