package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error-rate tests and sample ratio mismatch against scipy. */
class CountsScipyTest {

    static Stream<JsonNode> proportions() {
        return Reference.array("proportions");
    }

    static Stream<JsonNode> fisherTables() {
        return Reference.array("fisher_tables");
    }

    static Stream<JsonNode> errorRates() {
        return Reference.array("error_rates");
    }

    static Stream<JsonNode> chiSquare() {
        return Reference.array("chisquare");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proportions")
    void twoProportionZMatchesTheNormalFormulaAndFisherMatchesScipy(JsonNode c) {
        long eb = c.get("baseline_errors").asLong();
        long nb = c.get("baseline_n").asLong();
        long ec = c.get("candidate_errors").asLong();
        long nc = c.get("candidate_n").asLong();
        ProportionTest.TwoProportionResult r = ok(ProportionTest.twoProportion(eb, nb, ec, nc, 0.95), c.toString());
        JsonNode e = c.get("two_proportion_95");
        for (String f : new String[] {"z", "p", "diff", "ci_low", "ci_high"}) {
            double actual = switch (f) {
                case "z" -> r.z();
                case "p" -> r.p();
                case "diff" -> r.diff();
                case "ci_low" -> r.ciLow();
                default -> r.ciHigh();
            };
            assertAgrees(e, f, actual, "two-proportion");
        }
        ProportionTest.FisherResult fisher = ProportionTest.fisherExactOnErrors(eb, nb, ec, nc);
        assertAgrees(c.get("fisher"), "p", fisher.p(), "fisher");
        assertOddsRatio(c.get("fisher").get("odds_ratio"), fisher.oddsRatio());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fisherTables")
    void fisherExactMatchesScipyTwoSided(JsonNode c) {
        JsonNode t = c.get("table");
        ProportionTest.FisherResult r = ProportionTest.fisherExactTable(t.get(0).get(0).asLong(), t.get(0).get(1).asLong(),
                t.get(1).get(0).asLong(), t.get(1).get(1).asLong());
        assertAgrees(c, "p", r.p(), t.toString());
        assertOddsRatio(c.get("odds_ratio"), r.oddsRatio());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chiSquare")
    void sampleRatioMismatchMatchesScipyChisquare(JsonNode c) {
        long[] observed = new long[c.get("observed").size()];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = c.get("observed").get(i).asLong();
        }
        ChiSquareGoodnessOfFit.ChiSquareResult r = ok(
                ChiSquareGoodnessOfFit.test(observed, Reference.doubles(c.get("shares"))), c.toString());
        assertAgrees(c, "statistic", r.statistic(), "chi2");
        assertEquals(c.get("df").asInt(), r.df());
        assertAgrees(c, "p", r.p(), "chi2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorRates")
    void errorRateIntervalMatchesScipyWilson(JsonNode c) {
        ErrorRate r = ok(ErrorRate.of(c.get("errors").asLong(), c.get("n").asLong(), 0.95), c.toString());
        assertAgrees(c, "rate", r.rate(), "rate");
        assertAgrees(c, "ci_low", r.ciLow(), "wilson");
        assertAgrees(c, "ci_high", r.ciHigh(), "wilson");
    }

    @Test
    void noErrorsInEitherCohortIsZeroVarianceForZButFisherSaysNothingDiffers() {
        assertProblem(ProportionTest.twoProportion(0, 100, 0, 120, 0.95), StatProblem.ZERO_VARIANCE, "z");
        ProportionTest.ErrorRateComparison both = ProportionTest.compareErrorRates(0, 100, 0, 120, 0.95);
        assertTrue(both.smallCounts());
        assertEquals(1.0, both.decidingP());
    }

    @Test
    void smallCountsLetFisherDecide() {
        ProportionTest.ErrorRateComparison small = ProportionTest.compareErrorRates(1, 100, 6, 100, 0.95);
        assertTrue(small.smallCounts());
        assertEquals(small.fisher().p(), small.decidingP());
        ProportionTest.ErrorRateComparison large = ProportionTest.compareErrorRates(50, 1000, 80, 1000, 0.95);
        assertFalse(large.smallCounts());
        assertEquals(large.twoProportion().value().p(), large.decidingP());
    }

    @Test
    void emptyCohortIsTooFewObservations() {
        assertProblem(ProportionTest.twoProportion(0, 0, 3, 10, 0.95), StatProblem.TOO_FEW_OBSERVATIONS, "n=0");
        assertProblem(ErrorRate.of(0, 0, 0.95), StatProblem.TOO_FEW_OBSERVATIONS, "rate of nothing");
        assertProblem(ChiSquareGoodnessOfFit.test(new long[] {0, 0}, new double[] {1, 1}),
                StatProblem.TOO_FEW_OBSERVATIONS, "no units");
        assertProblem(ChiSquareGoodnessOfFit.test(new long[] {3, 4}, new double[] {1, 0}),
                StatProblem.EMPTY_CATEGORY, "share 0");
    }

    private static void assertOddsRatio(JsonNode expected, double actual) {
        if (expected.isNull()) {
            assertTrue(Double.isNaN(actual) || actual == Double.POSITIVE_INFINITY, "odds ratio " + actual);
        } else {
            assertAgrees(expected.asDouble(), actual, "odds ratio");
        }
    }
}
