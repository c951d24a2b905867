package io.prodlab.ui.experiment;

import io.prodlab.experiment.Lessons;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guided flow's shared draft, without a window: steps open in order, no result before registration. */
class ExperimentDraftTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final DirectTaskRunner runner = new DirectTaskRunner(new StatusBarModel());
    private final Messages messages = Messages.load();
    private final ExperimentDraft draft = new ExperimentDraft(session, runner, messages, Clock.systemUTC());

    @AfterEach
    void close() {
        session.close().executeWith(runner);
    }

    private void openLesson(String name) throws Exception {
        Lessons.Lesson l = Lessons.all().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Path d = Lessons.write(l, dir);
        Path ws = dir.resolve("w.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            new ImportService().importPaths(w, List.of(d.resolve("traces.otlp.jsonl.gz")), null, null);
        }
        session.open(ws, false).executeWith(runner);
    }

    @Test
    void aLessonPlanLoadedIntoTheFormGivesTheLessonsVerdictOnlyAfterRegistration() throws Exception {
        openLesson("srm-redirect");
        draft.loadPlan(Files.readString(dir.resolve("srm-redirect/plan.yaml")));
        assertEquals("", draft.messageProperty().get());
        assertTrue(draft.problems().isEmpty(), draft.problems().toString());
        assertNotNull(draft.planProperty().get());
        assertTrue(draft.sentenceProperty().get().startsWith("Changing search v2 behind the flag search-v2 for "
                + "service.name = \"gateway\" and name = \"GET /search\" will raise mean latency by at least 5%"),
                draft.sentenceProperty().get());

        draft.next();
        assertEquals(ExperimentDraft.Step.HYPOTHESIS, draft.currentStep());
        assertTrue(draft.powerTextProperty().get().contains("this data can answer the question"),
                draft.powerTextProperty().get());
        draft.next();
        assertEquals(ExperimentDraft.Step.REGISTER, draft.currentStep());
        draft.runChecks();
        assertNull(draft.result(), "no result before the plan is registered");
        draft.next();
        assertEquals(ExperimentDraft.Step.REGISTER, draft.currentStep(), "the flow waits for the registration");

        draft.register();
        assertTrue(draft.registrationTextProperty().get().startsWith("Registered at"));
        draft.next();
        draft.runChecks();
        assertEquals("invalid", draft.result().verdict());
        assertEquals(List.of("srm"), draft.checks().stream().filter(c -> c.status().code().equals("fail"))
                .map(c -> c.id()).toList());
        assertTrue(runner.unexpected().isEmpty(), runner.unexpected().toString());
    }

    @Test
    void theFormNamesWhatStopsItFromBeingAPlan() {
        draft.name.set("x");
        draft.question.set("why?");
        draft.scope.set("name = ");
        draft.minimumEffect.set("lots");
        assertNull(draft.planProperty().get());
        String all = String.join("\n", draft.problems());
        assertTrue(all.contains("scope: is not a valid filter: at column 7"), all);
        assertTrue(all.contains("primary_metric.minimum_effect: expected a size such as 5%"), all);
        draft.next();
        draft.next();
        assertEquals(ExperimentDraft.Step.HYPOTHESIS, draft.currentStep(), "a broken plan goes no further");
        assertFalse(draft.canNextProperty().get());
    }

    @Test
    void typedValuesCannotChangeTheYamlsStructure() {
        draft.name.set("a'b: c\n- x");
        draft.question.set("q");
        assertNotNull(draft.planProperty().get(), draft.problems().toString());
        assertEquals("a'b: c - x", draft.planProperty().get().name());
    }
}
