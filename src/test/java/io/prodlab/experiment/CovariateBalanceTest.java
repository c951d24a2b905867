package io.prodlab.experiment;

import io.prodlab.store.ExperimentUnitsQuery.Units;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Covariate balance names the value whose share differs most between the cohorts. The test's
 * figures are scipy 1.17.1's {@code chi2_contingency([[500, 300, 200], [300, 450, 250]], correction=False)}.
 */
class CovariateBalanceTest {
    private static final ExperimentPlan PLAN = plan();
    private static final double CHI_SQUARE = 85.55555555555554;
    private static final double P = 2.641479004085985e-19;

    private static ExperimentPlan plan() {
        Lessons.Lesson l = Lessons.all().stream().filter(x -> x.name().equals("clean-ab")).findFirst().orElseThrow();
        try {
            ExperimentPlan p = PlanParser.parse(l.plan(), "plan.yaml");
            assertEquals(List.of("app.region"), p.covariates());
            return p;
        } catch (PlanException e) {
            throw new AssertionError(e);
        }
    }

    /** Units of one cohort with their app.region: {@code counts[j]} units of {@code values[j]}. */
    private static Units units(String[] values, int[] counts) {
        int n = Arrays.stream(counts).sum();
        String[] region = new String[n];
        int at = 0;
        for (int j = 0; j < values.length; j++) {
            Arrays.fill(region, at, at + counts[j], values[j]);
            at += counts[j];
        }
        double[] latency = new double[n];
        Arrays.fill(latency, 100);
        double[] ratio = new double[n];
        Arrays.fill(ratio, Double.NaN);
        return new Units(n, latency, new boolean[n], new long[n], new int[n], new String[n], new String[][] {region},
                ratio, new int[n]);
    }

    private static Check check(Units control, Units treatment) {
        return new BiasChecks(PLAN, List.of(new BiasChecks.CohortData("control", 0.5, control),
                new BiasChecks.CohortData("treatment", 0.5, treatment)), -1, -1, 0.95, null).covariateBalance();
    }

    @Test
    void anImbalancedCovariateNamesTheValueThatDiffersMost() {
        String[] regions = {"eu-west", "us-east", null};
        Check c = check(units(regions, new int[] {500, 300, 200}), units(regions, new int[] {300, 450, 250}));
        assertEquals(Check.Status.FAIL, c.status(), c.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) c.evidence().get("covariates")).get(0);
        assertEquals(CHI_SQUARE, (double) row.get("chi_square"), 1e-9);
        assertEquals(P, (double) row.get("p"), 1e-30);
        assertEquals(2, row.get("df"));
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) row.get("largest_difference");
        // eu-west differs by 20 points, us-east by 15, the missing values by 5
        assertEquals("eu-west", d.get("value"));
        assertEquals(Map.of("control", 0.5, "treatment", 0.3), d.get("shares"));
        assertTrue(c.message().contains("; eu-west: 50% of control vs 30% of treatment"), c.message());
    }

    @Test
    void aMissingValueIsNamedSoAndABalancedCovariateNamesNone() {
        String[] regions = {"eu-west", null};
        Check off = check(units(regions, new int[] {900, 100}), units(regions, new int[] {600, 400}));
        assertEquals(Check.Status.FAIL, off.status(), off.message());
        assertTrue(off.message().contains("eu-west: 90% of control vs 60% of treatment")
                || off.message().contains("(missing): 40% of treatment vs 10% of control"), off.message());
        Check fine = check(units(regions, new int[] {500, 100}), units(regions, new int[] {505, 98}));
        assertEquals(Check.Status.PASS, fine.status(), fine.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) fine.evidence().get("covariates")).get(0);
        assertNull(row.get("largest_difference"));
    }
}
