package io.prodlab.ui.shell;

import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainViewModelTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final DirectTaskRunner runner = new DirectTaskRunner();
    private final StatusBarModel status = new StatusBarModel();
    private final Messages messages = Messages.load();

    @AfterEach
    void closeWorkspace() {
        session.close().executeWith(runner);
    }

    private DesktopSettings settings() {
        return new DesktopSettings(dir.resolve("data"));
    }

    private MainViewModel viewModel(List<Path> recent) {
        return new MainViewModel(session, runner, status, messages, settings(), recent, Theme.LIGHT,
                dir.resolve("data/demo.prodlab"));
    }

    @Test
    void newWorkspaceGetsTheExtensionOpensOnImportAndIsRemembered() {
        MainViewModel vm = viewModel(List.of());

        vm.create(dir.resolve("analysis"));

        Path created = dir.resolve("analysis.prodlab").toAbsolutePath();
        assertTrue(Files.isRegularFile(created));
        assertEquals(created, session.path());
        assertEquals(Page.IMPORT, vm.pageProperty().get(), "an empty workspace starts on Import");
        assertEquals(List.of(created), List.copyOf(vm.recent()));
        assertEquals(List.of(created), settings().loadRecent(), "recent.txt is written");
        assertEquals(messages.format("app.title.workspace", "analysis.prodlab"), vm.titleProperty().get());
    }

    @Test
    void aWorkspaceWithSpansOpensOnServices() throws Exception {
        Path ws = aWorkspace().service("a", 2, 0, 1, 1).writeTo(dir.resolve("full.prodlab"));
        MainViewModel vm = viewModel(List.of());

        vm.open(ws);

        assertEquals(Page.SERVICES, vm.pageProperty().get());
        assertEquals(4, session.spanCountProperty().get());
    }

    @Test
    void startWithoutAWorkspaceReopensTheLastOne() throws Exception {
        Path last = aWorkspace().service("a", 1, 0, 1, 1).writeTo(dir.resolve("last.prodlab"));
        MainViewModel vm = viewModel(List.of(last.toAbsolutePath(), dir.resolve("older.prodlab")));

        vm.start(null);

        assertEquals(last.toAbsolutePath(), session.path());
    }

    @Test
    void startStaysOnTheStartPageWhenTheLastWorkspaceIsGone() {
        MainViewModel vm = viewModel(List.of(dir.resolve("gone.prodlab")));

        vm.start(null);

        assertNull(session.path());
        assertEquals(Page.START, vm.pageProperty().get());
        assertFalse(status.errorProperty().get(), "a vanished recent file is not an error");
    }

    @Test
    void aFileThatCannotBeOpenedIsReportedInTheStatusBar() throws Exception {
        Path notAWorkspace = Files.writeString(dir.resolve("notes.prodlab"), "hello");
        MainViewModel vm = viewModel(List.of());

        vm.open(notAWorkspace);

        assertNull(session.path());
        assertEquals(Page.START, vm.pageProperty().get());
        assertTrue(status.errorProperty().get());
        assertTrue(status.messageProperty().get().contains("notes.prodlab"), status.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty(), "a bad file is expected, not a bug");
    }

    @Test
    void otherScreensNeedAWorkspace() {
        MainViewModel vm = viewModel(List.of());

        vm.show(Page.SERVICES);

        assertEquals(Page.START, vm.pageProperty().get());
    }

    @Test
    void themeToggleIsSaved() {
        MainViewModel vm = viewModel(List.of());

        vm.toggleTheme();

        assertEquals(Theme.DARK, vm.themeProperty().get());
        assertEquals(Optional.of(Theme.DARK), settings().loadTheme());
    }

    @Test
    void demoIsOfferedOnlyWhenItsWorkspaceExists() throws Exception {
        MainViewModel vm = viewModel(List.of());
        vm.start(null);
        assertFalse(vm.demoAvailableProperty().get());

        aWorkspace().service("a", 1, 0, 1, 1).writeTo(Files.createDirectories(dir.resolve("data"))
                .resolve("demo.prodlab"));
        MainViewModel again = viewModel(List.of());
        again.start(null);
        assertTrue(again.demoAvailableProperty().get());
        again.openDemo();
        assertEquals(dir.resolve("data/demo.prodlab").toAbsolutePath(), session.path());
    }

    @Test
    void closingGoesBackToTheStartPage() {
        MainViewModel vm = viewModel(List.of());
        vm.create(dir.resolve("a.prodlab"));

        vm.closeWorkspace();

        assertNull(session.path());
        assertEquals(Page.START, vm.pageProperty().get());
    }
}
