package io.prodlab.ui;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.compare.CompareView;
import io.prodlab.ui.compare.CompareViewModel;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.Snapshots;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes the screenshots, only when asked:
 * {@code mvn -o test -Dtest=ScreenshotTest -Dprodlab.screenshots=assets}. Each view (start page,
 * Import after an import, Services) at 1024×700 and 1600×1000, light and dark, as
 * {@code VIEW-WxH-THEME.png} (traces-search and traces-trace for the Traces screen); plus the README's {@code services-view.png} and {@code import-view.png}.
 * Imports the committed sample data and the real OTLP fixtures through the Import screen.
 */
@EnabledIfSystemProperty(named = "prodlab.screenshots", matches = ".+")
class ScreenshotTest extends FxRobot {
    private static final int[][] SIZES = {{1024, 700}, {1600, 1000}};

    static {
        // Monocle's headless screen is 1280×800 unless told otherwise; a bigger window overflows it.
        // Takes effect when this test starts the toolkit (it runs on its own, opt-in).
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "1920x1200-32");
        }
    }

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private Scene scene;

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private static Path outputDir() {
        String value = System.getProperty("prodlab.screenshots");
        return "true".equalsIgnoreCase(value) ? Path.of("assets") : Path.of(value);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyViewAtTwoSizesInBothThemes() throws Exception {
        Path ws = dir.resolve("shop.prodlab");
        Workspace.openOrCreate(ws).close();
        Path older = dir.resolve("checkout-incident-2024-03.prodlab");
        Workspace.openOrCreate(older).close();
        new DesktopSettings(dir.resolve("data")).saveRecent(List.of(ws.toAbsolutePath(), older.toAbsolutePath()));
        Path sample = Path.of("sample-data/traces.otlp.jsonl.gz");
        Path fixtures = io.prodlab.testing.RealFixtures.path("otlp-json-traces");
        ImportService service = new ImportService();

        // The start page: no workspace asked for, and the last one gone for the moment.
        Path parked = dir.resolve("parked.prodlab");
        Files.move(ws, parked);
        app.start(null, dir.resolve("data"), service::importPaths);
        scene = lookup("#" + MainWindow.ID).query().getScene();
        app.waitUntil(() -> lookup("#start-page").query().isVisible());
        everySize("start");
        push(KeyCode.F1);
        app.waitUntil(() -> lookup("#help-window").tryQuery().isPresent());
        Snapshots.write(this, lookup("#help-window").query().getScene(), outputDir().resolve("help-window.png"));
        app.stop();
        Files.move(parked, ws);

        app.start(ws, dir.resolve("data"), service::importPaths);
        ImportViewModel vm = app.importViewModel();
        scene = lookup("#" + MainWindow.ID).query().getScene();
        // Services on the sample data alone: the fixtures' timestamps lie years apart.
        importThroughTheScreen(vm, List.of(sample));
        clickOn("#" + DesktopAppHarness.NAV_SERVICES);
        TableView<?> table = app.node(ServicesView.ID_TABLE, TableView.class);
        app.waitUntil(() -> table.isVisible() && !table.getItems().isEmpty());
        // Time: the busiest service selected, so its operations and its requests over time show.
        io.prodlab.ui.services.ServicesViewModel services = app.servicesViewModel();
        app.onFx(() -> ((TableView<io.prodlab.model.ServiceStats>) table).getSelectionModel().select(
                services.rows().stream().max(java.util.Comparator.comparingLong(
                        io.prodlab.model.ServiceStats::requests)).orElseThrow()));
        io.prodlab.ui.common.TimeChartPane chart = app.node(ServicesView.ID_CHART,
                io.prodlab.ui.common.TimeChartPane.class);
        app.waitUntil(() -> chart.chartProperty().get() != null && !services.operations().isEmpty());
        resize(1200, 760);
        Snapshots.write(this, scene, outputDir().resolve("services-view.png"));
        everySize("services");

        // Traces: the search with its chart, then the waterfall of the largest trace found.
        clickOn("#" + io.prodlab.ui.shell.MainWindow.navId(new io.prodlab.ui.shell.Page(ProdlabApp.TRACES)));
        io.prodlab.ui.traces.TracesViewModel traces = lookup("#" + io.prodlab.ui.traces.TracesView.ID)
                .queryAs(io.prodlab.ui.traces.TracesView.class).viewModel();
        app.waitUntil(() -> !traces.search().services().isEmpty());
        app.onFx(() -> traces.search().search());
        app.waitUntil(() -> !traces.search().runningProperty().get() && !traces.search().results().isEmpty());
        everySize("traces-search");
        String largest = traces.search().results().stream()
                .max(java.util.Comparator.comparingLong(io.prodlab.model.TraceSummary::spans)).orElseThrow().traceId();
        app.onFx(() -> traces.openTrace(largest));
        app.waitUntil(() -> traces.trace().modelProperty().get() != null && !traces.trace().loadingProperty().get());
        app.onFx(() -> traces.trace().selectedProperty().set(traces.trace().visibleRows().get(2)));
        everySize("traces-trace");
        // The dependency map of the same data, with checkout's details open (issue 7).
        clickOn("#" + io.prodlab.ui.map.MapViewTest.NAV_MAP);
        io.prodlab.ui.map.MapView map = app.node(io.prodlab.ui.map.MapView.ID, io.prodlab.ui.map.MapView.class);
        app.waitUntil(() -> map.isVisible() && map.viewModel().picture() != null);
        app.onFx(() -> map.viewModel().click("checkout", null));
        app.waitUntil(() -> !map.viewModel().traces().isEmpty() && map.viewModel().seriesProperty().get() != null);
        resize(1200, 760);
        app.onFx(() -> map.canvas().fit());
        Snapshots.write(this, scene, outputDir().resolve("map-view.png"));
        everySizeFitted("map", map);
        compareTheCanary();

        // Then the real OTLP fixtures, whose summary has a file with a rejected record.
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        importThroughTheScreen(vm, List.of(fixtures));
        app.onFx(() -> vm.summary().stream().filter(r -> r.rejected() > 0 && r.importId().isPresent()).findFirst()
                .ifPresent(vm.selectedProperty()::set));
        app.waitUntil(() -> vm.selectedProperty().get() == null
                || vm.rejected().size() == vm.selectedProperty().get().rejected());
        resize(1200, 760);
        Snapshots.write(this, scene, outputDir().resolve("import-view.png"));
        everySize("import");
        assertTrue(Files.size(outputDir().resolve("import-view.png")) > 10_000);
    }

    // --- Import: the confirmations and the summary after them (issue 9) ---------------------

    /**
     * The files that wait for the user's word (a CSV whose columns no name maps, a Chaos Mesh manifest
     * without time) as {@code import-confirm-WxH-THEME.png}, then the summary once they landed as
     * {@code import-files-WxH-THEME.png}. Runs alone: {@code -Dtest=ScreenshotTest#importConfirmationsAndTheirSummary}.
     */
    @Test
    void importConfirmationsAndTheirSummary() throws Exception {
        Path ws = dir.resolve("shop.prodlab");
        Workspace.openOrCreate(ws).close();
        Path csv = Files.writeString(dir.resolve("node-metrics.csv"), """
                when,what,v,host
                1760737464000,cpu_usage,0.42,node-a
                1760737474000,cpu_usage,0.57,node-b
                1760737484000,cpu_usage,x,node-a
                """);
        ImportService service = new ImportService();
        app.start(ws, dir.resolve("data"), service::importPaths);
        scene = lookup("#" + MainWindow.ID).query().getScene();
        Files.createDirectories(outputDir());
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.onFx(() -> vm.addFiles(List.of(io.prodlab.testing.RealFixtures.path("otlp-json-traces/otlp2parquet_traces.jsonl"),
                io.prodlab.testing.RealFixtures.path("otlp-json-metrics/opentelemetry-proto_examples_metrics.json"), csv,
                io.prodlab.testing.RealFixtures.path("chaos-mesh/chaos-mesh_pod-kill-example.yaml"))));
        app.onFx(vm::start);
        app.waitUntil(() -> !vm.isRunning() && vm.confirmations().size() == 2);
        app.waitUntil(() -> lookup("." + io.prodlab.ui.common.Styles.IMPORT_CONFIRM).queryAll().size() == 2);
        io.prodlab.ui.imports.ImportConfirmation c = vm.confirmations().get(0);
        app.onFx(() -> {
            c.columns().get(0).fieldProperty().set("time");
            c.columns().get(1).fieldProperty().set("metric");
        });
        everySize("import-confirm");
        app.onFx(() -> c.columns().get(2).fieldProperty().set("value"));
        app.onFx(vm::confirm);
        app.waitUntil(() -> !vm.isRunning() && vm.confirmations().isEmpty() && vm.summary().size() == 4);
        app.onFx(() -> vm.selectedProperty().set(vm.summary().get(2)));
        app.waitUntil(() -> !vm.rejected().isEmpty());
        everySize("import-files");
        assertTrue(Files.size(outputDir().resolve("import-files-1024x700-light.png")) > 10_000);
    }

    /** The Compare screen on the sample data's planted checkout canary: tests, then charts. */
    private void compareTheCanary() throws Exception {
        clickOn("#" + DesktopAppHarness.NAV_COMPARE);
        CompareViewModel compare = app.compareViewModel();
        app.onFx(() -> {
            compare.cohorts().get(0).filter().textProperty().set("service.name = \"checkout\" and service.version = \"1.4.0\"");
            compare.cohorts().get(1).nameProperty().set("canary");
            compare.cohorts().get(1).filter().textProperty().set(
                    "service.name = \"checkout\" and service.version = \"1.5.0-canary\"");
            compare.scope().textProperty().set("kind = server");
        });
        app.waitUntil(() -> compare.canCompareProperty().get()
                && compare.cohorts().get(1).filter().stateProperty().get() == FilterCheck.State.VALID);
        clickOn("#" + CompareView.ID_RUN);
        app.waitUntil(() -> compare.computedProperty().get() != null);
        // select the figure with a low-power or problem note, so its full text shows under the table
        TableView<?> results = app.node(CompareView.ID_RESULT_TABLE, TableView.class);
        app.onFx(() -> results.getSelectionModel().select(2));
        resize(1200, 760);
        Snapshots.write(this, scene, outputDir().resolve("compare-view.png"));
        everySize("compare");
        clickOn("#compare-tab-attributes");
        everySize("compare-attributes");
        clickOn("#compare-tab-charts");
        resize(1200, 760);
        Snapshots.write(this, scene, outputDir().resolve("compare-charts.png"));
        everySize("compare-charts");
        clickOn("#compare-tab-tests");
    }

    private void everySize(String view) throws Exception {
        for (int[] size : SIZES) {
            resize(size[0], size[1]);
            for (String theme : List.of("light", "dark")) {
                setTheme("dark".equals(theme));
                Snapshots.write(this, scene, outputDir().resolve(view + "-" + size[0] + "x" + size[1] + "-" + theme
                        + ".png"));
            }
        }
        setTheme(false);
    }

    private void everySizeFitted(String view, io.prodlab.ui.map.MapView map) throws Exception {
        for (int[] size : SIZES) {
            resize(size[0], size[1]);
            app.onFx(() -> map.canvas().fit());
            for (String theme : List.of("light", "dark")) {
                setTheme("dark".equals(theme));
                app.onFx(() -> map.canvas().paintNow());
                Snapshots.write(this, scene, outputDir().resolve(view + "-" + size[0] + "x" + size[1] + "-" + theme
                        + ".png"));
            }
        }
        setTheme(false);
    }

    private void resize(int width, int height) throws Exception {
        app.resize(scene, width, height);
    }

    private void setTheme(boolean dark) throws Exception {
        app.setTheme(scene, dark);
    }

    private void importThroughTheScreen(ImportViewModel vm, List<Path> files) throws Exception {
        app.waitUntil(() -> vm.canEditFilesProperty().get());
        app.onFx(() -> vm.addFiles(files));
        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning());
        assertFalse(vm.summary().isEmpty(), vm.resultTextProperty().get());
    }
}
