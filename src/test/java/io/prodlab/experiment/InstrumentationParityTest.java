package io.prodlab.experiment;

import io.prodlab.store.ExperimentUnitsQuery.Units;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instrumentation parity compares the data the cohorts' SDKs dropped (OTLP's dropped attribute,
 * event and link counts), besides their spans per trace. Reference values from scipy 1.17.1:
 * {@code chi2_contingency(table, correction=False)} and {@code association(table, method="cramer")}.
 */
class InstrumentationParityTest {
    private static final ExperimentPlan PLAN = plan();

    private static ExperimentPlan plan() {
        Lessons.Lesson l = Lessons.all().stream().filter(x -> x.name().equals("clean-ab")).findFirst().orElseThrow();
        try {
            return PlanParser.parse(l.plan(), "plan.yaml");
        } catch (PlanException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code n} trace units of 5 spans each, the first {@code dropped} of them with 2 spans that dropped data. */
    private static Units units(int n, int dropped) {
        double[] latency = new double[n];
        Arrays.fill(latency, 100);
        int[] spans = new int[n];
        Arrays.fill(spans, 5);
        int[] lost = new int[n];
        Arrays.fill(lost, 0, dropped, 2);
        double[] ratio = new double[n];
        Arrays.fill(ratio, Double.NaN);
        return new Units(n, latency, new boolean[n], new long[n], spans, new String[n], new String[0][], ratio, lost);
    }

    private static Check check(Units control, Units treatment) {
        List<BiasChecks.CohortData> cohorts = List.of(new BiasChecks.CohortData("control", 0.5, control),
                new BiasChecks.CohortData("treatment", 0.5, treatment));
        return new BiasChecks(PLAN, cohorts, -1, -1, 0.95, null).instrumentationParity();
    }

    @Test
    void aCohortWhoseSpansDropDataMoreOftenFailsWithTheNumbers() {
        Check c = check(units(1000, 10), units(1000, 200));
        assertEquals(Check.Status.FAIL, c.status(), c.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) c.evidence().get("dropped_data");
        assertEquals(192.07235967012505, (double) d.get("chi_square"), 1e-9);
        assertEquals(1.1219984658745141e-43, (double) d.get("p"), 1e-52);
        assertEquals(0.3098970471544744, (double) d.get("cramers_v"), 1e-12);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) d.get("cohorts");
        assertEquals(200L, rows.get(1).get("units_with_dropped_data"));
        assertEquals(400L, rows.get(1).get("spans_with_dropped_data"));
        assertTrue(c.message().contains("lose attributes, events or links to SDK limits at different rates")
                && c.message().contains("control 1%, treatment 20%"), c.message());
        assertTrue(c.next().contains("raise its attribute/event/link limits"), c.next());
        assertFalse(c.next().contains("Scope the metric"), "the span counts are the same: " + c.next());
    }

    @Test
    void aSmallDifferenceInDroppedDataPassesAndShowsItsTest() {
        Check c = check(units(1000, 10), units(1000, 14));
        assertEquals(Check.Status.PASS, c.status(), c.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) c.evidence().get("dropped_data");
        assertEquals(0.6747638326585695, (double) d.get("chi_square"), 1e-9);
        assertEquals(0.4113956320865819, (double) d.get("p"), 1e-12);
        assertEquals("The cohorts' traces have the same number of spans and lose data to SDK limits alike.", c.message());
    }

    @Test
    void withoutAnyDroppedDataTheCheckIsAboutSpansPerTraceAlone() {
        Check c = check(units(500, 0), units(500, 0));
        assertEquals(Check.Status.PASS, c.status(), c.message());
        assertNull(c.evidence().get("dropped_data"));
        assertEquals("The cohorts' traces have the same number of spans.", c.message());
    }
}
