package io.prodlab.ui.shell;

import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.ErrorDialog;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import io.prodlab.store.Version;
import io.prodlab.testing.RealFixtures;
import io.prodlab.ui.common.Messages;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.VBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
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
        assertEquals(Messages.load().format("status.spans", 10), spans.getText());
        assertEquals("10 spans", spans.getText());
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
        app.start(ws, dir.resolve("data"), (w, paths, listener, cancelled, hints) -> {
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

        clickOn("#" + ErrorDialog.ID_COPY);
        String[] copied = new String[1];
        app.onFx(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        List<String> lines = copied[0].lines().toList();
        assertEquals("Prodlab error " + code.getText(), lines.get(0));
        assertTrue(lines.get(1).startsWith("Prodlab " + Version.current() + ", Java "), lines.get(1));
        assertEquals("java.lang.IllegalStateException: importer bug", lines.get(3), "then the stack trace");
        assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("at io.prodlab.")), copied[0]);
        push(KeyCode.ESCAPE);
    }

    private MainViewModel mainViewModel() {
        return lookup("#" + StartPage.ID).queryAs(StartPage.class).viewModel();
    }

    @Test
    void arrowKeysInTheNavigationSwitchTheScreenAndTheFocusIsVisible() throws Exception {
        Path ws = aWorkspace().service("cart", 5, 0, 1, 9).writeTo(dir.resolve("nav.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(ServicesView.ID));
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> visible(ImportView.ID));

        push(KeyCode.DOWN);
        app.waitUntil(() -> visible(ServicesView.ID) && !visible(ImportView.ID));
        push(KeyCode.UP);
        app.waitUntil(() -> visible(ImportView.ID) && !visible(ServicesView.ID));

        ListCell<?> focused = lookup("#" + DesktopAppHarness.NAV_IMPORT).queryAs(ListCell.class);
        assertTrue(focused.isFocused() && lookup("#" + MainWindow.ID_NAV).query().isFocused());
        // the focused entry has a visible ring
        app.waitUntil(() -> focused.getBorder() != null && !focused.getBorder().getStrokes().isEmpty()
                && focused.getBorder().getStrokes().get(0).getWidths().getTop() >= 2);
    }

    @Test
    void theStartPageAndOpenRecentFollowTheWorkspacesOpenedInThisSession() throws Exception {
        app.start(null, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(StartPage.ID));
        Path ws = dir.resolve("first.prodlab");

        app.onFx(() -> mainViewModel().create(ws));
        app.waitUntil(() -> visible(ImportView.ID));
        press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        app.waitUntil(() -> visible(StartPage.ID));

        VBox recent = lookup("#" + StartPage.ID_RECENT).queryAs(VBox.class);
        List<String> links = recent.lookupAll(".hyperlink").stream().map(n -> ((Hyperlink) n).getText()).toList();
        assertEquals(List.of("first.prodlab"), links);
        MenuBar bar = lookup(".menu-bar").queryAs(MenuBar.class);
        Menu recentMenu = (Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> MainWindow.ID_MENU_RECENT.equals(i.getId())).findFirst().orElseThrow();
        assertEquals("_1  first.prodlab", recentMenu.getItems().get(0).getText());
    }

    @Test
    void f1OpensTheUserGuide() throws Exception {
        app.start(null, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(StartPage.ID));

        push(KeyCode.F1);

        app.waitUntil(() -> lookup("#" + HelpWindow.ID).tryQuery().isPresent());
        String shown = HelpWindow.plainText(lookup("#" + HelpWindow.ID).query());
        assertTrue(shown.startsWith("The desktop app\n"), shown.substring(0, Math.min(80, shown.length())));
        assertTrue(shown.contains("Ctrl+O"), "the keyboard tables are there");
    }

    @Test
    void aTraceExportPickedInOpenIsImportedIntoANewWorkspaceOnceTheUserAgrees() throws Exception {
        Path export = Files.copy(RealFixtures.path("otlp-json-traces/otlp2parquet_traces.jsonl"),
                dir.resolve("x.jsonl"));
        FakeImporter importer = new FakeImporter("from-export").spansPerFile(4);
        app.start(null, dir.resolve("data"), importer);
        app.waitUntil(() -> visible(StartPage.ID));

        app.onFx(() -> mainViewModel().open(export));

        app.waitUntil(() -> lookup("#" + MainWindow.ID_EXPORT_OFFER).tryQuery().isPresent());
        DialogPane offer = lookup("#" + MainWindow.ID_EXPORT_OFFER).queryAs(DialogPane.class);
        assertEquals(Messages.load().format("shell.export-offer.header", "x.jsonl"), offer.getHeaderText());
        ButtonType create = offer.getButtonTypes().stream()
                .filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst().orElseThrow();
        clickOn(offer.lookupButton(create));

        ImportViewModel vm = app.importViewModel();
        app.waitUntil(() -> visible(ImportView.ID) && !vm.isRunning() && vm.summary().size() == 1);
        assertEquals("x.jsonl", vm.summary().get(0).fileName());
        assertEquals("imported", vm.summary().get(0).status());
        assertEquals(dir.resolve("x.prodlab").toAbsolutePath(),
                lookup("#" + StartPage.ID).queryAs(StartPage.class).viewModel().session().path());
    }

    @Test
    void aFileThatIsNeitherGetsAPlainMessage() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        app.start(null, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> visible(StartPage.ID));

        app.onFx(() -> mainViewModel().open(notes));

        Label message = app.node(StatusBar.ID_MESSAGE, Label.class);
        app.waitUntil(() -> !message.getText().isEmpty());
        assertEquals(Messages.load().format("shell.open.not-workspace", "notes.txt"), message.getText());
        assertTrue(message.getStyleClass().contains(Styles.STATUS_ERROR));
        assertTrue(lookup("#" + MainWindow.ID_EXPORT_OFFER).tryQuery().isEmpty());
    }
}
