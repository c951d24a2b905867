package io.prodlab.experiment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A plan read into the form's fields and written back is the same plan: nothing the form lacks is lost. */
class PlanYamlTest {
    static List<Lessons.Lesson> lessons() {
        return Lessons.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void everyLessonPlanSurvivesTheFormsRoundTrip(Lessons.Lesson lesson) throws Exception {
        ExperimentPlan read = PlanParser.parse(lesson.plan(), "plan.yaml");
        String written = PlanYaml.write(PlanYaml.fields(read));
        ExperimentPlan again = PlanParser.parse(written, "written");
        assertEquals(ExperimentService.canonicalJson(read), ExperimentService.canonicalJson(again), written);
    }

    @org.junit.jupiter.api.Test
    void windowsToTheNanosecondVariantsAndTheExposureFlagAreWrittenBack() throws Exception {
        String plan = PlanParserTest.EXAMPLE.replace("cohorts:\n", "exposure_flag: 'search v2'\ncohorts:\n")
                .replace("expected_share: 0.5}\n  - {name: treatment", "expected_share: 0.5, variant: 'off',"
                        + " window: {from: '2025-11-24T00:00:00.000000001Z', to: '2025-11-24T02:00:00+01:00'}}\n"
                        + "  - {name: treatment");
        ExperimentPlan read = PlanParser.parse(plan, "plan.yaml");
        ExperimentPlan again = PlanParser.parse(PlanYaml.write(PlanYaml.fields(read)), "written");
        assertEquals(read, again);
        assertEquals("off", again.cohorts().get(0).variant());
        assertEquals(Lessons.DAY0 + 1, again.cohorts().get(0).window().fromNs());
        assertEquals(Lessons.DAY0 + 3_600_000_000_000L, again.cohorts().get(0).window().toNs());
        assertEquals("search v2", again.exposureFlag());
    }
}
