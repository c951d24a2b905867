package io.prodlab.ui.shell;

import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainViewModelTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    static final Page IMPORT = new Page("import");
    static final Page SERVICES = new Page("services");
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
                dir.resolve("data/demo.prodlab"), spans -> spans == 0 ? IMPORT : SERVICES);
    }

    @Test
    void newWorkspaceGetsTheExtensionOpensOnImportAndIsRemembered() {
        MainViewModel vm = viewModel(List.of());

        vm.create(dir.resolve("analysis"));

        Path created = dir.resolve("analysis.prodlab").toAbsolutePath();
        assertTrue(Files.isRegularFile(created));
        assertEquals(created, session.path());
        assertEquals(IMPORT, vm.pageProperty().get(), "an empty workspace starts on Import");
        assertEquals(List.of(created), List.copyOf(vm.recent()));
        assertEquals(List.of(created), settings().loadRecent(), "recent.txt is written");
        assertEquals(messages.format("app.title.workspace", "analysis.prodlab"), vm.titleProperty().get());
    }

    @Test
    void theStartPageBuildsAMissingDemoFromTheSampleDataThenOpensIt() throws Exception {
        Path demo = dir.resolve("data/demo.prodlab");
        List<String> calls = new ArrayList<>();
        MainViewModel vm = viewModel(List.of()).withDemoBuilder(new DemoBuilder() {
            @Override
            public boolean canBuild() {
                return true;
            }

            @Override
            public long build(java.util.function.BooleanSupplier cancelled) throws Exception {
                calls.add("build");
                Files.createDirectories(demo.getParent());
                aWorkspace().service("shop", 3, 0, 1, 1).writeTo(demo);
                return 6;
            }
        });
        vm.start(null);
        assertTrue(vm.demoAvailableProperty().get(), "buildable counts as available");
        assertFalse(vm.demoBuiltProperty().get());

        vm.openDemo();

        assertEquals(List.of("build"), calls);
        assertTrue(vm.demoBuiltProperty().get());
        assertEquals(demo.toAbsolutePath(), session.path());
        assertEquals(SERVICES, vm.pageProperty().get());

        session.close().executeWith(runner);
        vm.openDemo();
        assertEquals(List.of("build"), calls, "a built demo is opened, not built again");
        assertEquals(demo.toAbsolutePath(), session.path());
    }

    @Test
    void withoutSampleDataTheDemoStaysUnavailable() {
        MainViewModel vm = viewModel(List.of()).withDemoBuilder(new DemoBuilder() {
            @Override
            public boolean canBuild() {
                return false;
            }

            @Override
            public long build(java.util.function.BooleanSupplier cancelled) {
                throw new AssertionError("never asked");
            }
        });
        vm.start(null);
        assertFalse(vm.demoAvailableProperty().get());
    }

    @Test
    void aWorkspaceWithSpansOpensOnServices() throws Exception {
        Path ws = aWorkspace().service("a", 2, 0, 1, 1).writeTo(dir.resolve("full.prodlab"));
        MainViewModel vm = viewModel(List.of());

        vm.open(ws);

        assertEquals(SERVICES, vm.pageProperty().get());
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
        assertEquals(messages.format("shell.open.not-workspace", "notes.prodlab"), status.messageProperty().get());
        assertEquals("hello", Files.readString(notAWorkspace), "a file that is not a workspace is not touched");
        assertTrue(runner.unexpected().isEmpty(), "a bad file is expected, not a bug");
    }

    @Test
    void otherScreensNeedAWorkspace() {
        MainViewModel vm = viewModel(List.of());

        vm.show(SERVICES);

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

    @Test
    void theRecentListIsOneListThatListenersSeeChange() throws Exception {
        MainViewModel vm = viewModel(List.of());
        List<List<Path>> changes = new ArrayList<>();
        // As the File menu and the start page do: listen, without keeping the list.
        vm.recent().addListener((ListChangeListener<Path>) c -> changes.add(List.copyOf(c.getList())));
        System.gc(); // a listener on a throw-away wrapper would be collected with it

        vm.create(dir.resolve("a.prodlab"));
        vm.create(dir.resolve("b.prodlab"));

        Path a = dir.resolve("a.prodlab").toAbsolutePath();
        Path b = dir.resolve("b.prodlab").toAbsolutePath();
        assertEquals(List.of(List.of(a), List.of(b, a)), changes);
        assertSame(vm.recent(), vm.recent());
    }

    @Test
    void aTraceExportPickedAsAWorkspaceIsOfferedForImportIntoANewOne() throws Exception {
        Path export = Files.writeString(dir.resolve("x.json"), "{\"resourceSpans\": []}");
        MainViewModel vm = viewModel(List.of());

        vm.open(export);

        assertNull(session.path(), "nothing was opened");
        assertEquals(new MainViewModel.ExportOffer(export.toAbsolutePath(), dir.resolve("x.prodlab").toAbsolutePath()),
                vm.exportOfferProperty().get());
        assertFalse(Files.exists(dir.resolve("x.prodlab")), "nothing is created before the user says yes");

        List<List<Path>> handedToImport = new ArrayList<>();
        vm.acceptExportOffer(handedToImport::add);

        assertEquals(dir.resolve("x.prodlab").toAbsolutePath(), session.path());
        assertEquals(List.of(List.of(export.toAbsolutePath())), handedToImport);
        assertNull(vm.exportOfferProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void decliningTheOfferLeavesEverythingAsItWas() throws Exception {
        Path export = Files.writeString(dir.resolve("y.jsonl"), "{\"resourceSpans\": []}\n");
        MainViewModel vm = viewModel(List.of());
        vm.open(export);

        vm.declineExportOffer();

        assertNull(vm.exportOfferProperty().get());
        assertNull(session.path());
        assertEquals(List.of(export), Files.list(dir).toList());
    }

    @Test
    void theNewWorkspaceForAnExportDoesNotOverwriteOne() throws Exception {
        Files.writeString(dir.resolve("x.prodlab"), "taken");
        assertEquals(dir.resolve("x-2.prodlab"), MainViewModel.workspaceBeside(dir.resolve("x.json.gz")));
    }

    @Test
    void aDuckDbFileIsOpenedAsAWorkspace() throws Exception {
        Path ws = aWorkspace().service("a", 1, 0, 1, 1).writeTo(dir.resolve("named-oddly.db"));
        assertEquals(MainViewModel.FileKind.DUCKDB, MainViewModel.kindOf(ws));
        assertEquals(MainViewModel.FileKind.OTHER, MainViewModel.kindOf(Files.writeString(dir.resolve("t.txt"), "")));
        assertEquals(MainViewModel.FileKind.MISSING, MainViewModel.kindOf(dir.resolve("gone.prodlab")));
    }

    @Test
    void openingHoldsTheSessionBusyUntilItEnds() throws Exception {
        Path ws = aWorkspace().service("a", 1, 0, 1, 1).writeTo(dir.resolve("w.prodlab"));
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        MainViewModel vm = new MainViewModel(session, queued, status, messages, settings(), List.of(), Theme.LIGHT,
                null, spans -> SERVICES);

        vm.open(ws);
        assertTrue(session.busyProperty().get(), "looking at the file");
        queued.runNext();
        assertTrue(session.busyProperty().get(), "opening it");
        queued.runAll();

        assertFalse(session.busyProperty().get());
        assertEquals(SERVICES, vm.pageProperty().get());
    }

    @Test
    void theOpenWorkspaceIsNotReadAgainWhenPickedAgain() throws Exception {
        Path ws = aWorkspace().service("a", 1, 0, 1, 1).writeTo(dir.resolve("open.prodlab"));
        MainViewModel vm = viewModel(List.of());
        List<Path> probed = new ArrayList<>();
        vm.prober = f -> {
            probed.add(f);
            return MainViewModel.kindOf(f);
        };
        vm.open(ws);
        assertEquals(List.of(ws.toAbsolutePath()), probed);

        vm.open(ws); // from the recent list, say

        assertEquals(List.of(ws.toAbsolutePath()), probed, "a stream closed on the open file would drop its lock");
        assertEquals(ws.toAbsolutePath(), session.path());
    }
}
