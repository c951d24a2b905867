package io.prodlab.ui.imports;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.testing.RealFixtures;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.Snapshots;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Import view's screenshots, only when asked:
 * {@code mvn -o test -Dtest=ImportScreenshotTest -Dprodlab.screenshots=DIR}: the confirmations (a CSV
 * whose columns no name maps, a Chaos Mesh manifest without time) as {@code import-confirm-WxH-THEME.png},
 * and the summary after the confirmed files landed as {@code import-files-WxH-THEME.png}, at 1024×700
 * and 1600×1000, light and dark.
 */
@EnabledIfSystemProperty(named = "prodlab.screenshots", matches = ".+")
class ImportScreenshotTest extends FxRobot {
    private static final int[][] SIZES = {{1024, 700}, {1600, 1000}};

    static {
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
    void confirmationsAndTheSummaryAtTwoSizesInBothThemes() throws Exception {
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
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.onFx(() -> vm.addFiles(List.of(RealFixtures.path("otlp-json-traces/otlp2parquet_traces.jsonl"),
                RealFixtures.path("otlp-json-metrics/opentelemetry-proto_examples_metrics.json"), csv,
                RealFixtures.path("chaos-mesh/chaos-mesh_pod-kill-example.yaml"))));
        app.onFx(vm::start);
        app.waitUntil(() -> !vm.isRunning() && vm.confirmations().size() == 2);
        app.waitUntil(() -> lookup("." + Styles.IMPORT_CONFIRM).queryAll().size() == 2);
        ImportConfirmation c = vm.confirmations().get(0);
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

    private void everySize(String view) throws Exception {
        Files.createDirectories(outputDir());
        for (int[] size : SIZES) {
            app.resize(scene, size[0], size[1]);
            for (String theme : List.of("light", "dark")) {
                app.setTheme(scene, "dark".equals(theme));
                Snapshots.write(this, scene, outputDir().resolve(view + "-" + size[0] + "x" + size[1] + "-" + theme
                        + ".png"));
            }
        }
        app.setTheme(scene, false);
    }
}
