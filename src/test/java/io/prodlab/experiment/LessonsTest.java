package io.prodlab.experiment;

import io.prodlab.experiment.Check.Status;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each lesson's planted truth is what the workbench concludes from its data. */
class LessonsTest {
    static List<Lessons.Lesson> lessons() {
        return Lessons.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void theWorkbenchConcludesWhatTheLessonPlanted(Lessons.Lesson lesson, @TempDir Path dir) throws Exception {
        Path d = Lessons.write(lesson, dir);
        Path ws = dir.resolve("w.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            new ImportService().importPaths(w, lesson.dataFiles(d), null, null);
            ExperimentPlan plan = PlanParser.parse(Files.readString(d.resolve("plan.yaml")), "plan.yaml");
            ExperimentResult r = new ExperimentRunner(w).run(plan, "sha", List.of(), 0,
                    new ExperimentRunner.Options(500, 42));
            String report = describe(r);
            assertTrue(lesson.verdicts().contains(r.verdict()), () -> "verdict " + r.verdict() + ", expected one of "
                    + lesson.verdicts() + "\n" + report);
            List<String> failing = r.checks().stream().filter(c -> c.status() == Status.FAIL).map(Check::id).sorted()
                    .toList();
            assertEquals(lesson.failing().stream().sorted().toList(), failing, report);
        }
    }

    static String describe(ExperimentResult r) {
        return r.summary() + "\n" + r.checks().stream().map(c -> "  " + c.id() + " " + c.status().code() + ": "
                + c.message()).collect(Collectors.joining("\n")) + "\n" + r.primary().stream()
                .map(p -> "  primary " + p.decision() + " (" + p.rule() + ")").collect(Collectors.joining("\n"));
    }
}
