package io.prodlab.ui;

import io.prodlab.ingest.DemoWorkspaceService;
import io.prodlab.ingest.ImportException;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.AppPaths;
import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.ErrorDialog;
import io.prodlab.ui.common.Failures;
import io.prodlab.ui.common.FxTaskRunner;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.compare.CompareView;
import io.prodlab.ui.compare.CompareViewModel;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.imports.Importer;
import io.prodlab.ui.map.MapView;
import io.prodlab.ui.map.MapViewModel;
import io.prodlab.ui.experiment.ExperimentDraft;
import io.prodlab.ui.experiment.ExperimentView;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.services.ServicesViewModel;
import io.prodlab.ui.shell.FileTarget;
import io.prodlab.ui.shell.DemoBuilder;
import io.prodlab.ui.shell.MainViewModel;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.shell.Screen;
import io.prodlab.ui.traces.TraceSearchViewModel;
import io.prodlab.ui.traces.TracesView;
import io.prodlab.ui.traces.TracesViewModel;
import javafx.application.Application;
import javafx.stage.Stage;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignG;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The desktop application and its composition root: builds the services once and hands them to
 * the view models and views by constructor. Started by {@link DesktopLauncher}; tests construct
 * it with a {@link Config} of their own.
 */
public final class ProdlabApp extends Application {
    private static final Logger LOG = Logger.getLogger(ProdlabApp.class.getName());
    /** How long closing waits for running work (an import rolling back) before it gives up. */
    private static final long SHUTDOWN_WAIT_MS = 15_000;
    /** Screen ids: also the ids of their navigation entries ({@code nav-import}). */
    public static final String IMPORT = "import";
    public static final String SERVICES = "services";
    public static final String TRACES = "traces";
    public static final String MAP = "map";
    public static final String COMPARE = "compare";
    public static final String EXPERIMENT = "experiment";

    /**
     * What the app is built from.
     *
     * @param workspace the workspace to open, or {@code null} for the last one used / the start page
     * @param dataDir where the recent list and settings live
     * @param demoWorkspace the workspace "Open demo" opens
     */
    public record Config(Path workspace, Path dataDir, Path demoWorkspace, Importer importer, DemoBuilder demoBuilder) {
        /** Without a demo builder: "Open the demo" opens it only once {@code prodlab demo} built it. */
        public Config(Path workspace, Path dataDir, Path demoWorkspace, Importer importer) {
            this(workspace, dataDir, demoWorkspace, importer, null);
        }

        public static Config defaults(Path workspace) {
            ImportService service = new ImportService();
            DemoWorkspaceService demo = new DemoWorkspaceService(service);
            DemoBuilder builder = new DemoBuilder() {
                @Override
                public boolean canBuild() {
                    try {
                        return !DemoWorkspaceService.sampleTraceFiles(AppPaths.sampleDataDir()).isEmpty();
                    } catch (ImportException e) {
                        return false;
                    }
                }

                @Override
                public long build(java.util.function.BooleanSupplier cancelled) throws Exception {
                    return demo.build(AppPaths.demoWorkspace(), AppPaths.sampleDataDir(), null, cancelled).spans();
                }
            };
            return new Config(workspace, AppPaths.dataDir(), AppPaths.demoWorkspace(), service::importPaths, builder);
        }
    }

    private final Config preset;
    private Config config;
    private List<Path> initialRecent;
    private Optional<Theme> chosenTheme;
    private FxTaskRunner runner;
    private WorkspaceSession session;

    /** Used by {@link Application#launch}: the workspace comes as the first raw parameter. */
    public ProdlabApp() {
        this(null);
    }

    public ProdlabApp(Config config) {
        this.preset = config;
    }

    /** Reads the settings files on the launcher thread, before the window exists. */
    @Override
    public void init() {
        if (preset != null) {
            config = preset;
        } else {
            List<String> raw = getParameters() == null ? List.of() : getParameters().getRaw();
            config = Config.defaults(raw.isEmpty() ? null : Path.of(raw.get(0)));
        }
        DesktopSettings settings = new DesktopSettings(config.dataDir());
        initialRecent = settings.loadRecent();
        chosenTheme = settings.loadTheme();
    }

    @Override
    public void start(Stage stage) {
        Messages messages = Messages.load();
        StatusBarModel status = new StatusBarModel();
        Failures failures = new Failures(status, new ErrorDialog(() -> stage, messages));
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> failures.unexpected(e));
        runner = new FxTaskRunner(failures, status, messages.get("status.cancelling"));
        session = new WorkspaceSession();
        DesktopSettings settings = new DesktopSettings(config.dataDir());
        DialogFolders folders = new DialogFolders();

        ImportViewModel importViewModel = new ImportViewModel(session, runner, config.importer(), status, messages,
                System::nanoTime);
        ImportView importView = new ImportView(importViewModel, messages, folders);
        // Time: one time range for the session, shown in the status bar and applied by the views.
        TimeRangeModel timeRange = new TimeRangeModel(session, runner, messages);
        status.showTimeRange(timeRange.descriptionProperty());
        ServicesViewModel servicesViewModel = new ServicesViewModel(session, runner, messages, timeRange, status);
        ServicesView servicesView = new ServicesView(servicesViewModel, messages, folders);
        // Map screen (issue 7): built over the session's time range.
        MapView mapView = new MapView(new MapViewModel(session, runner, messages, timeRange), messages, folders, status);
        // compare view: cohorts compared over the session's time range
        CompareView compareView = new CompareView(new CompareViewModel(session, runner, status, messages, timeRange),
                messages, folders);
        ExperimentDraft experimentDraft = new ExperimentDraft(session, runner, messages, java.time.Clock.systemUTC());
        ExperimentView experimentView = new ExperimentView(experimentDraft, messages, folders);
        Theme theme = Theme.initial(chosenTheme, System.getProperty("prodlab.theme"), System.getenv());
        MainViewModel main = new MainViewModel(session, runner, status, messages, settings, initialRecent, theme,
                config.demoWorkspace(), spans -> new Page(spans == 0 ? IMPORT : SERVICES))
                .withDemoBuilder(config.demoBuilder());
        // Traces: other screens open a trace with tracesView.viewModel().openTrace(id).
        TracesView tracesView = new TracesView(new TracesViewModel(session, runner, messages, timeRange,
                () -> main.show(new Page(TRACES))), messages);
        // A sample trace picked on the map opens in the trace view.
        mapView.viewModel().setOnOpenTrace(id -> tracesView.viewModel().openTrace(id));
        // Show traces on a service or operation searches them in the trace view (which follows the session's range).
        servicesViewModel.setOnShowTraces(request -> {
            TraceSearchViewModel search = tracesView.viewModel().search();
            search.filterProperty().set("");
            search.serviceProperty().set(request.service());
            search.operationProperty().set(request.operation() == null ? "" : request.operation());
            main.show(new Page(TRACES));
            search.search();
        });

        // The screen registry: a new screen is one line here.
        List<Screen> screens = List.of(
                Screen.of(IMPORT, messages.get("nav.import"), MaterialDesignD.DATABASE_IMPORT, "Shortcut+1", importView),
                Screen.of(SERVICES, messages.get("nav.services"), MaterialDesignS.SERVER_NETWORK, "Shortcut+2",
                        servicesView).withFind(servicesView::focusFilter),
                Screen.of(MAP, messages.get("nav.map"), MaterialDesignG.GRAPH_OUTLINE, "Shortcut+3", mapView)
                        .withFind(mapView::focusSearch),
                Screen.of(TRACES, messages.get("nav.traces"), MaterialDesignT.TIMELINE_TEXT_OUTLINE, "Shortcut+4",
                        tracesView).withFind(tracesView::focusFilter),
                Screen.of(COMPARE, messages.get("nav.compare"), MaterialDesignC.COMPARE_HORIZONTAL, "Shortcut+5",
                        compareView).withFind(compareView::focusFilter),
                Screen.of(EXPERIMENT, messages.get("nav.experiment"), MaterialDesignF.FLASK_OUTLINE, "Shortcut+6",
                        experimentView));
        FileTarget files = new FileTarget(new Page(IMPORT), importView::chooseFiles, importView::chooseFolder,
                importViewModel::addFiles, importViewModel::importNow);

        new MainWindow(stage, main, status, messages, screens, files, folders);
        stage.show();
        main.start(config.workspace());
    }

    /**
     * Cancels every running task (an import rolls its file back), closes the workspace on the
     * worker (after whatever is still queued) and waits for it, so that the DuckDB file is closed
     * cleanly.
     */
    @Override
    public void stop() {
        if (runner == null) {
            return;
        }
        runner.cancelAll();
        session.close().executeWith(runner);
        try {
            if (!runner.shutdownAndWait(SHUTDOWN_WAIT_MS)) {
                LOG.warning("Background work did not end within " + SHUTDOWN_WAIT_MS + " ms; exiting anyway.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Interrupted while closing the workspace", e);
        }
        runner.close();
    }
}
