package io.prodlab.ui.compare;

import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.Unit;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.MannWhitneyTest;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.ProportionTest;
import io.prodlab.stats.StatProblem;
import io.prodlab.stats.WelchTest;
import io.prodlab.ui.common.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Degenerate cases and power as the results table states them. */
class CompareRowsTest {
    private final Messages messages = Messages.load();
    private final CompareRows rows = new CompareRows(messages);

    private static ComparisonService.Result result(Outcome<WelchTest.WelchResult> welch, Outcome<Double> mde) {
        var err = ProportionTest.compareErrorRates(1, 3, 0, 1, 0.95);
        ComparisonService.PairComparison p = new ComparisonService.PairComparison("base", "cand", welch,
                MannWhitneyTest.test(new double[] {1, 2, 3}, new double[] {4}, 0.95), err,
                Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "ks"),
                Outcome.problem(StatProblem.ZERO_VARIANCE, "all values tied"),
                Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "bootstrap not asked for"),
                Map.of("welch", 0.9), Map.of("welch", 0.8),
                new ComparisonService.Detectable(mde, Outcome.ok(0.5)));
        return new ComparisonService.Result(Unit.SPAN, "latency", List.of(
                new ComparisonService.CohortFigures("base", 3, Descriptives.of(new double[] {1, 2, 3}), 1),
                new ComparisonService.CohortFigures("cand", 0, Descriptives.of(new double[0]), 0)),
                List.of(p), List.of(), ComparisonService.Options.defaults());
    }

    @Test
    void aFigureThatCouldNotBeComputedSaysWhy() {
        List<CompareRows.ResultRow> r = rows.results(result(
                Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "Welch's t-test needs at least 2 observations"),
                Outcome.ok(10.0)));
        CompareRows.ResultRow welch = r.get(0);
        assertTrue(welch.problem());
        assertNull(welch.estimate());
        assertNull(welch.estimateText());
        assertEquals(messages.format("compare.problem", messages.get("compare.problem.TOO_FEW_OBSERVATIONS"),
                "Welch's t-test needs at least 2 observations"), welch.note());
        CompareRows.ResultRow spread = r.stream().filter(x -> x.test().equals("spread")).findFirst().orElseThrow();
        assertTrue(spread.note().startsWith(messages.get("compare.problem.ZERO_VARIANCE")), spread.note());
        assertTrue(r.stream().anyMatch(x -> x.test().equals("quantiles") && x.problem()));
        CompareRows.ResultRow errors = r.stream().filter(x -> x.test().equals("two_proportion")).findFirst()
                .orElseThrow();
        assertEquals(messages.get("compare.test.two_proportion.fisher"), errors.measure(), "few errors: Fisher decides");
        assertTrue(errors.flagged());
        CompareRows.CohortRow empty = rows.cohorts(result(Outcome.ok(welch(1, 0.5)), Outcome.ok(10.0))).get(1);
        assertNull(empty.meanMs());
        assertNull(empty.errorRate());
        assertTrue(empty.note().startsWith(messages.get("compare.problem.TOO_FEW_OBSERVATIONS")));
    }

    private static WelchTest.WelchResult welch(double diff, double p) {
        return new WelchTest.WelchResult(0.5, 10, p, diff, 2, diff - 4, diff + 4, 0.95);
    }

    @Test
    void aNonSignificantDifferenceSmallerThanTheDetectableOneIsLowPower() {
        CompareRows.ResultRow welch = rows.results(result(Outcome.ok(welch(1, 0.5)), Outcome.ok(10.0))).get(0);
        assertTrue(welch.lowPower());
        assertTrue(welch.flagged());
        assertEquals(messages.format("compare.power.mean", "10.00"), welch.note());
        assertEquals(0.9, welch.pHolm());
        assertEquals("[-3.0, 5.0]", welch.interval());
        assertEquals("1.0 ms", welch.estimateText());

        CompareRows.ResultRow significant = rows.results(result(Outcome.ok(welch(1, 0.01)), Outcome.ok(10.0))).get(0);
        assertFalse(significant.lowPower(), "a significant difference was detected");
        CompareRows.ResultRow large = rows.results(result(Outcome.ok(welch(12, 0.5)), Outcome.ok(10.0))).get(0);
        assertFalse(large.lowPower(), "the samples could have detected a difference this large");
    }
}
