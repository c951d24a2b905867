package io.prodlab.experiment;

import io.prodlab.experiment.ExperimentPlan.Hypothesis;
import io.prodlab.experiment.ExperimentPlan.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanParserTest {
    /** Issue 8's example plan, as a user would write it. */
    static final String EXAMPLE = """
            name: search-v2 rollout
            question: Does search v2 slow down GET /search?
            change: search-service 2.4.0 behind flag search-v2
            template: feature_flag        # canary | feature_flag | fault_injection | config_change | incident_review
            unit: trace
            cohorts:
              - {name: control,   where: 'feature_flag.result.variant = "control"',   expected_share: 0.5}
              - {name: treatment, where: 'feature_flag.result.variant = "treatment"', expected_share: 0.5}
            scope: 'service.name = "gateway" and name = "GET /search"'
            window: {from: 2025-11-24T00:00:00Z, to: 2025-11-25T00:00:00Z}   # optional
            primary_metric: {metric: latency, statistic: mean, hypothesis: increase, minimum_effect: 5%}
            guardrails: [{metric: error_rate, max_increase: 0.5pp}, {metric: latency, statistic: p99, max_increase: 10%}]
            covariates: [app.region, http.route]     # pre-treatment attributes that must balance
            alpha: 0.05
            power: 0.8
            """;

    @Test
    void readsTheIssuesExamplePlan() throws Exception {
        ExperimentPlan p = PlanParser.parse(EXAMPLE, "plan.yaml");
        assertEquals("search-v2 rollout", p.name());
        assertEquals(Template.FEATURE_FLAG, p.template());
        assertEquals("trace", p.unit());
        assertEquals(2, p.cohorts().size());
        assertEquals("control", p.cohorts().get(0).name());
        assertEquals("feature_flag.result.variant = \"treatment\"", p.cohorts().get(1).where());
        assertEquals(0.5, p.cohorts().get(1).expectedShare());
        assertEquals(Instant.parse("2025-11-24T00:00:00Z").getEpochSecond() * 1_000_000_000L, p.window().fromNs());
        assertEquals(Hypothesis.INCREASE, p.primary().hypothesis());
        assertEquals(0.05, p.primary().minimumEffect().value(), 1e-15);
        assertEquals(Effect.Kind.RELATIVE, p.primary().minimumEffect().kind());
        assertEquals(2, p.guardrails().size());
        assertEquals(Effect.Kind.PERCENTAGE_POINTS, p.guardrails().get(0).margin().kind());
        assertEquals(0.005, p.guardrails().get(0).margin().value(), 1e-15);
        assertEquals("rate", p.guardrails().get(0).statistic());
        assertEquals("p99", p.guardrails().get(1).statistic());
        assertEquals(java.util.List.of("app.region", "http.route"), p.covariates());
        assertEquals(0.8, p.power());
    }

    @Test
    void readsTheExposureFlagAndEachCohortsVariantAndLeavesThemOutOfTheHashWhenAbsent() throws Exception {
        ExperimentPlan plain = PlanParser.parse(EXAMPLE, "plan.yaml");
        assertEquals("", plain.exposureFlag());
        assertEquals("control", plain.cohorts().get(0).exposureVariant());
        assertFalse(ExperimentService.canonicalJson(plain).contains("exposure"), ExperimentService.canonicalJson(plain));
        assertFalse(ExperimentService.canonicalJson(plain).contains("variant\":"), ExperimentService.canonicalJson(plain));

        ExperimentPlan logged = PlanParser.parse(EXAMPLE.replace("cohorts:\n", "exposure_flag: search-v2\ncohorts:\n")
                .replace("expected_share: 0.5}\n  - {name: treatment", "expected_share: 0.5, variant: off}\n"
                        + "  - {name: treatment"), "plan.yaml");
        assertEquals("search-v2", logged.exposureFlag());
        assertEquals("off", logged.cohorts().get(0).exposureVariant());
        assertEquals("treatment", logged.cohorts().get(1).exposureVariant());
        assertNotEquals(ExperimentService.sha256(plain), ExperimentService.sha256(logged));
    }

    @Test
    void aVariantNeedsAnExposureFlagAndNamesOneCohortOnly() {
        PlanException noFlag = assertThrows(PlanException.class, () -> PlanParser.parse(EXAMPLE.replace(
                "expected_share: 0.5}\n  - {name: treatment", "expected_share: 0.5, variant: off}\n  - {name: treatment"),
                "plan.yaml"));
        assertTrue(noFlag.getMessage().contains("cohorts[0].variant: names a variant of no flag"), noFlag.getMessage());
        PlanException twice = assertThrows(PlanException.class, () -> PlanParser.parse(EXAMPLE.replace("cohorts:\n",
                "exposure_flag: search-v2\ncohorts:\n").replace("expected_share: 0.5}\n  - {name: treatment",
                "expected_share: 0.5, variant: treatment}\n  - {name: treatment"), "plan.yaml"));
        assertTrue(twice.getMessage().contains("\"treatment\" is the variant of two cohorts"), twice.getMessage());
    }

    @Test
    void defaultsAlphaAndPowerAndLeavesTheWindowOpen() throws Exception {
        String text = EXAMPLE.replaceAll("(?m)^(window|alpha|power):.*\n", "");
        ExperimentPlan p = PlanParser.parse(text, "plan.yaml");
        assertEquals(0.05, p.alpha());
        assertEquals(0.8, p.power());
        assertNull(p.window());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            template: feature_flag|template: ab_test|line 4, template: expected one of canary, feature_flag, fault_injection, config_change, incident_review, found "ab_test"
            unit: trace|unit: user|line 5, unit: expected span (each matching span is an observation) or trace
            "gateway" and|and|line 9, scope: is not a valid filter: at column 16
            alpha: 0.05|alpha: 5|line 14, alpha: expected a number above 0 and below 0.5 (usually 0.05), found 5
            minimum_effect: 5%|minimum_effect: 0.5pp|line 11, primary_metric.minimum_effect: is in percentage points, which only an error_rate takes
            minimum_effect: 5%|minimum_effect: five|line 11, primary_metric.minimum_effect: expected a size such as 5% (relative), 3ms (absolute) or 0.5pp (percentage points, for rates), found "five"
            minimum_effect: 5%|minimum_effect: 0%|line 11, primary_metric.minimum_effect: is zero
            hypothesis: increase|hypothesis: no_worse_than|line 11, primary_metric.worse: is missing; with no_worse_than, say which way is worse: higher or lower
            hypothesis: increase|hypothesis: bigger|line 11, primary_metric.hypothesis: expected increase, decrease
            statistic: mean|statistic: median|line 11, primary_metric.statistic: expected mean, p50, p90, p95 or p99, found "median"
            max_increase: 0.5pp|max_increase: 3ms|line 12, guardrails[0].max_increase: is a duration, but error_rate is not a latency
            'to: 2025-11-25T00:00:00Z'|'to: 2025-11-23T00:00:00Z'|line 10, window.to: is not after window.from
            'to: 2025-11-25T00:00:00Z'|'to: tomorrow'|line 10, window.to: expected an ISO-8601 time with its offset (2025-11-24T00:00:00Z), found "tomorrow"
            'question: Does search v2 slow down GET /search?'|'questoin: Does search v2 slow down GET /search?'|line 2, questoin: is not a field of a plan; expected one of alpha, change, cohorts
            {name: treatment,|{name: control,|line 8, cohorts[1].name: "control" names two cohorts; give each cohort its own name
            covariates: [app.region, http.route]|covariates: [app.region, app.region]|line 13, covariates[1]: "app.region" is listed twice
            """)
    void namesTheLineAndFieldOfEachProblem(String from, String to, String expected) {
        String text = EXAMPLE.replace(from, to);
        assertTrue(!text.equals(EXAMPLE), "the replacement applies: " + from);
        PlanException e = assertThrows(PlanException.class, () -> PlanParser.parse(text, "plan.yaml"));
        assertTrue(e.getMessage().contains(expected), () -> "expected «" + expected + "» in:\n" + e.getMessage());
        assertTrue(e.getMessage().startsWith("plan.yaml: the plan has "), e.getMessage());
    }

    @Test
    void refusesSharesThatDoNotAddUpToOne() {
        String text = EXAMPLE.replaceFirst("expected_share: 0.5}", "expected_share: 0.6}");
        PlanException e = assertThrows(PlanException.class, () -> PlanParser.parse(text, "plan.yaml"));
        assertTrue(e.getMessage().contains("line 6, cohorts: the expected shares add up to 1.1; expected 1"),
                e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = EXAMPLE.replace("unit: trace", "unit: user").replace("alpha: 0.05", "alpha: -1")
                .replace("question: Does search v2 slow down GET /search?\n", "");
        PlanException e = assertThrows(PlanException.class, () -> PlanParser.parse(text, "plan.yaml"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals("question", e.problems().get(0).field());
    }

    @Test
    void refusesTooFewCohortsAndMissingFields() {
        String text = """
                name: x
                template: canary
                unit: span
                cohorts:
                  - {name: only, where: 'service.version = "1"'}
                """;
        PlanException e = assertThrows(PlanException.class, () -> PlanParser.parse(text, "p.yaml"));
        assertTrue(e.getMessage().contains("line 4, cohorts: has 1; expected 2 to 8 (the first is the baseline)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("question: is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("primary_metric: is missing"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            '  '|(file): is empty
            '- a\n- b'|(plan): expected a mapping of fields
            'name: [unclosed'|(file): is not valid YAML
            'name: a\n---\nname: b'|(file): holds more than one YAML document
            'name: a\nname: b'|line 2, name: is given twice
            """)
    void refusesWhatIsNotOnePlan(String text, String expected) {
        PlanException e = assertThrows(PlanException.class,
                () -> PlanParser.parse(text.replace("\\n", "\n"), "p.yaml"));
        assertTrue(e.getMessage().contains(expected), () -> "expected «" + expected + "» in:\n" + e.getMessage());
    }

    @Test
    void refusesAliasBombsAndDeepNesting() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 12; i++) {
            char prev = (char) ('a' + i);
            char next = (char) ('a' + i + 1);
            bomb.append(next).append(": &").append(next).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append('*').append(prev);
            }
            bomb.append("]\n");
        }
        // Aliases are not expanded into the tree: a billion laughs stays a few lines of problems.
        PlanException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThrows(PlanException.class, () -> PlanParser.parse(bomb.toString(), "p.yaml")));
        assertTrue(e.getMessage().length() < 10_000, "the message stays short");
        String deep = "name: " + "[".repeat(200) + "]".repeat(200);
        PlanException d = assertThrows(PlanException.class, () -> PlanParser.parse(deep, "p.yaml"));
        assertTrue(d.getMessage().contains("not valid YAML"), d.getMessage());
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            5%, 0.05, RELATIVE
            0.5pp, 0.005, PERCENTAGE_POINTS
            3ms, 3, ABSOLUTE
            1.5s, 1500, ABSOLUTE
            250us, 0.25, ABSOLUTE
            12, 12, ABSOLUTE
            """)
    void readsEffectSizes(String text, double value, Effect.Kind kind) {
        Effect e = Effect.parse(text);
        assertEquals(value, e.value(), 1e-12);
        assertEquals(kind, e.kind());
    }

    @Test
    void refusesNegativeOrUnitlessNonsenseEffects() {
        assertNull(Effect.parse("-5%"));
        assertNull(Effect.parse("5 apples"));
        assertNull(Effect.parse(""));
    }
}
