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
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole guided flow on a lesson, as a user walks it: question to report. */
class ExperimentViewTest extends FxRobot {
    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private Path lessonWorkspace(String lesson) throws Exception {
        Lessons.Lesson l = Lessons.all().stream().filter(x -> x.name().equals(lesson)).findFirst().orElseThrow();
        Path d = Lessons.write(l, dir);
        Path ws = dir.resolve("lesson.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            new ImportService().importPaths(w, List.of(d.resolve("traces.otlp.jsonl.gz")), null, null);
        }
        return ws;
    }

    private void next() throws Exception {
        Button next = app.node(ExperimentView.ID_NEXT, Button.class);
        app.waitUntil(() -> !next.isDisabled());
        clickOn(next);
    }

    @Test
    void walksTheWholeFlowOnTheCleanLessonToASupportedVerdictAndAReport() throws Exception {
        app.start(lessonWorkspace("clean-ab"), dir.resolve("data"), new FakeImporter("unused"));
        clickOn("#" + MainWindow.navId(new Page(ProdlabApp.EXPERIMENT)));
        ExperimentView view = app.node(ExperimentView.ID, ExperimentView.class);
        app.waitUntil(view::isVisible);
        Label title = app.node(ExperimentView.ID_STEP_TITLE, Label.class);
        assertEquals("1. Question", title.getText());

        // 1. Question: the feature-flag template proposes control and treatment; the user names the study.
        Button next = app.node(ExperimentView.ID_NEXT, Button.class);
        assertTrue(next.isDisabled(), "no next step before the question is asked");
        clickOn("#" + ExperimentView.ID_NAME).write("clean-ab");
        clickOn("#" + ExperimentView.ID_QUESTION).write("Does v2 slow down search?");
        assertEquals("feature_flag.result.variant = \"treatment\"",
                app.node("experiment-cohort-where-1", TextField.class).getText());
        next();

        // 2. Hypothesis: the scope and a covariate; the sentence and the power check follow.
        assertEquals("2. Hypothesis", title.getText());
        clickOn("#" + ExperimentView.ID_SCOPE).write("name = \"GET /search\"");
        // The covariates field may be below the fold: focus it as Tab would, then type.
        TextField covariates = app.node(ExperimentView.ID_COVARIATES, TextField.class);
        app.onFx(covariates::requestFocus);
        app.waitUntil(covariates::isFocused);
        write("app.region");
        Label sentence = app.node(ExperimentView.ID_SENTENCE, Label.class);
        assertEquals("name = \"GET /search\"", app.node(ExperimentView.ID_SCOPE, TextField.class).getText());
        assertEquals("", app.node(ExperimentView.ID_PROBLEMS, Label.class).getText());
        app.waitUntil(() -> sentence.getText().startsWith("Changing treatment for name = \"GET /search\" will raise "
                + "mean latency by at least 5%"));
        clickOn("Check power");
        Label power = app.node(ExperimentView.ID_POWER, Label.class);
        app.waitUntil(() -> power.getText().contains("this data can answer the question"));
        next();

        // 3. Pre-register: the plan as YAML, frozen with its hash; no result before this.
        assertEquals("3. Pre-register", title.getText());
        assertTrue(app.node(ExperimentView.ID_NEXT, Button.class).isDisabled(), "no result before registration");
        String yaml = app.node(ExperimentView.ID_PLAN_TEXT, TextArea.class).getText();
        assertTrue(yaml.contains("covariates: ['app.region']"), yaml);
        clickOn("#" + ExperimentView.ID_REGISTER);
        Label registered = app.node(ExperimentView.ID_REGISTERED, Label.class);
        app.waitUntil(() -> registered.getText().startsWith("Registered at"));
        next();

        // 4. Bias checks: every check with its finding.
        assertEquals("4. Bias checks", title.getText());
        clickOn("#" + ExperimentView.ID_RUN);
        @SuppressWarnings("unchecked")
        TableView<Check> checks = app.node(ExperimentView.ID_CHECKS, TableView.class);
        app.waitUntil(() -> checks.getItems().size() == 13);
        assertTrue(checks.getItems().stream().noneMatch(c -> c.status() == Check.Status.FAIL),
                checks.getItems().toString());
        clickOn(checks.lookup(".table-row-cell"));
        next();

        // 5. Result: the planted effect is found.
        assertEquals("5. Result", title.getText());
        assertEquals("Verdict: supported", app.node(ExperimentView.ID_VERDICT, Label.class).getText());
        assertTrue(app.node(ExperimentView.ID_SUMMARY, Label.class).getText().startsWith("Mean latency rose by"));
        next();

        // 6. Report: the self-contained page (the file dialog is the only step acted on directly).
        assertEquals("6. Report", title.getText());
        Path html = dir.resolve("report.html");
        app.onFx(() -> view.draft().saveReport(html));
        app.waitUntil(() -> Files.exists(html));
        String page = Files.readString(html);
        assertTrue(page.contains("Verdict: <b>supported</b>"), "the report's verdict");
        assertFalse(page.contains("https://"), "the page needs no network");
    }

    @Test
    void aBrokenPlanNamesItsProblemsAndCannotBeRegistered() throws Exception {
        app.start(lessonWorkspace("aa"), dir.resolve("data"), new FakeImporter("unused"));
        clickOn("#" + MainWindow.navId(new Page(ProdlabApp.EXPERIMENT)));
        clickOn("#" + ExperimentView.ID_NAME).write("aa");
        clickOn("#" + ExperimentView.ID_QUESTION).write("Is there any effect?");
        next();
        clickOn("#" + ExperimentView.ID_SCOPE).write("name = ");
        Label problems = app.node(ExperimentView.ID_PROBLEMS, Label.class);
        app.waitUntil(() -> problems.getText().contains("scope: is not a valid filter: at column 7"));
        assertTrue(app.node(ExperimentView.ID_NEXT, Button.class).isDisabled(), "a broken plan goes no further");
    }
}
