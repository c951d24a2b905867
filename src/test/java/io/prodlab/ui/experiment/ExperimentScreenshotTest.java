package io.prodlab.ui.experiment;

import io.prodlab.experiment.Check;
import io.prodlab.experiment.Lessons;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
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

/**
 * Screenshots of the guided experiment on the Simpson's lesson (opt-in, like ScreenshotTest):
 * {@code mvn -o test -Dtest=ExperimentScreenshotTest -Dprodlab.screenshots=assets}.
 */
@EnabledIfSystemProperty(named = "prodlab.screenshots", matches = ".+")
class ExperimentScreenshotTest extends FxRobot {
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

    @Test
    @SuppressWarnings("unchecked")
    void everyStepOfTheSimpsonsLesson() throws Exception {
        Lessons.Lesson l = Lessons.all().stream().filter(x -> x.name().equals("simpsons")).findFirst().orElseThrow();
        Path d = Lessons.write(l, dir);
        Path ws = dir.resolve("simpsons.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            new ImportService().importPaths(w, List.of(d.resolve("traces.otlp.jsonl.gz")), null, null);
        }
        app.start(ws, dir.resolve("data"), new FakeImporter("unused"));
        scene = lookup("#" + MainWindow.ID).query().getScene();
        clickOn("#" + MainWindow.navId(new Page(ProdlabApp.EXPERIMENT)));
        ExperimentView view = app.node(ExperimentView.ID, ExperimentView.class);
        ExperimentDraft draft = view.draft();
        String plan = Files.readString(d.resolve("plan.yaml"));
        app.onFx(() -> draft.loadPlan(plan));
        Path out = Path.of(System.getProperty("prodlab.screenshots"));
        shoot(out, "experiment-question");
        app.onFx(draft::next);
        app.waitUntil(() -> draft.powerTextProperty().get().contains("units"));
        shoot(out, "experiment-hypothesis");
        app.onFx(draft::next);
        app.onFx(draft::register);
        app.waitUntil(() -> draft.registrationProperty().get() != null);
        shoot(out, "experiment-register");
        app.onFx(draft::next);
        app.onFx(draft::runChecks);
        TableView<Check> checks = app.node(ExperimentView.ID_CHECKS, TableView.class);
        app.waitUntil(() -> checks.getItems().size() == 13);
        app.onFx(() -> checks.getSelectionModel().select(2));
        shoot(out, "experiment-checks");
        app.onFx(draft::next);
        shoot(out, "experiment-result");
    }

    private void shoot(Path out, String name) throws Exception {
        for (int[] size : new int[][] {{1024, 700}, {1600, 1000}}) {
            resize(size[0], size[1]);
            for (boolean dark : new boolean[] {false, true}) {
                setTheme(dark);
                Snapshots.write(this, scene, out.resolve(name + "-" + size[0] + "x" + size[1] + "-"
                        + (dark ? "dark" : "light") + ".png"));
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
}
