package io.prodlab.ui;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.Snapshots;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
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
 * Writes the README's screenshots, only when asked:
 * {@code mvn -o test -Dtest=ScreenshotTest -Dprodlab.screenshots=assets}. Imports the committed
 * sample data and the real OTLP fixtures through the Import screen, then shows Services.
 */
@EnabledIfSystemProperty(named = "prodlab.screenshots", matches = ".+")
class ScreenshotTest extends FxRobot {
    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);

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
    void importAndServicesViews() throws Exception {
        Path ws = dir.resolve("shop.prodlab");
        Workspace.openOrCreate(ws).close();
        Path sample = Path.of("sample-data/traces.otlp.jsonl.gz");
        Path fixtures = io.prodlab.testing.RealFixtures.path("otlp-json-traces");
        ImportService service = new ImportService();
        app.start(ws, dir.resolve("data"), service::importPaths);
        ImportViewModel vm = app.importViewModel();
        Scene scene = lookup("#" + MainWindow.ID).query().getScene();

        // Services first, on the sample data alone: the fixtures' timestamps lie years apart and
        // would turn every rate into "< 0.01".
        importThroughTheScreen(vm, List.of(sample));
        clickOn("#" + DesktopAppHarness.NAV_SERVICES);
        TableView<?> table = app.node(ServicesView.ID_TABLE, TableView.class);
        app.waitUntil(() -> table.isVisible() && !table.getItems().isEmpty());
        Snapshots.write(this, scene, outputDir().resolve("services-view.png"));

        // Then the real OTLP fixtures, whose summary has a file with a rejected record.
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        importThroughTheScreen(vm, List.of(fixtures));
        app.onFx(() -> vm.summary().stream().filter(r -> r.rejected() > 0 && r.importId().isPresent()).findFirst()
                .ifPresent(vm.selectedProperty()::set));
        app.waitUntil(() -> vm.selectedProperty().get() == null
                || vm.rejected().size() == vm.selectedProperty().get().rejected());
        Snapshots.write(this, scene, outputDir().resolve("import-view.png"));
        assertTrue(Files.size(outputDir().resolve("import-view.png")) > 10_000);
    }

    private void importThroughTheScreen(ImportViewModel vm, List<Path> files) throws Exception {
        app.waitUntil(() -> vm.canEditFilesProperty().get());
        app.onFx(() -> vm.addFiles(files));
        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning());
        assertFalse(vm.summary().isEmpty(), vm.resultTextProperty().get());
    }
}
