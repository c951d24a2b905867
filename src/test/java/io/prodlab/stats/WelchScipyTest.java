package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WelchScipyTest {

    static java.util.stream.Stream<Reference.Case> cases() {
        return Reference.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void welchMatchesScipyTtestIndWithItsConfidenceInterval(Reference.Case c) {
        for (String key : new String[] {"welch_95", "welch_99"}) {
            double confidence = key.endsWith("95") ? 0.95 : 0.99;
            Outcome<WelchTest.WelchResult> outcome = WelchTest.test(c.baseline(), c.candidate(), confidence);
            JsonNode e = c.get(key);
            if (e.isNull()) {
                StatProblem expected = c.baseline().length < 2 || c.candidate().length < 2
                        ? StatProblem.TOO_FEW_OBSERVATIONS : StatProblem.ZERO_VARIANCE;
                assertProblem(outcome, expected, c.name());
                continue;
            }
            WelchTest.WelchResult r = ok(outcome, c.name());
            String what = c.name() + "/" + key;
            assertAgrees(e, "t", r.t(), what);
            assertAgrees(e, "df", r.df(), what);
            assertAgrees(e, "p", r.p(), what);
            assertAgrees(e, "diff", r.diff(), what);
            assertAgrees(e, "ci_low", r.ciLow(), what);
            assertAgrees(e, "ci_high", r.ciHigh(), what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void welchFromSufficientStatisticsMatchesScipyFromStats(Reference.Case c) {
        JsonNode e = c.get("welch_from_stats");
        if (e.isNull()) {
            return;
        }
        JsonNode b = c.get("descriptives_baseline");
        JsonNode k = c.get("descriptives_candidate");
        // from means and sds, as scipy's ttest_ind_from_stats saw them
        Outcome<WelchTest.WelchResult> outcome = WelchTest.test(b.get("n").asLong(), b.get("mean").asDouble(),
                sq(b.get("sd").asDouble()), k.get("n").asLong(), k.get("mean").asDouble(), sq(k.get("sd").asDouble()), 0.95);
        WelchTest.WelchResult r = ok(outcome, c.name());
        assertAgrees(e, "t", r.t(), c.name());
        assertAgrees(e, "p", r.p(), c.name());
    }

    @Test
    void sufficientStatisticsAndValuesGiveTheSameTest() {
        double[] x = {101, 99.5, 120, 87, 93.25, 110};
        double[] y = {130, 90, 150.5, 99, 142, 128, 111};
        WelchTest.WelchResult fromValues = WelchTest.test(x, y, 0.95).value();
        WelchTest.WelchResult fromSums = WelchTest.test(SufficientStats.of(x), SufficientStats.of(y), 0.95).value();
        assertAgrees(fromValues.t(), fromSums.t(), "t");
        assertAgrees(fromValues.ciLow(), fromSums.ciLow(), "ciLow");
    }

    @Test
    void oneObservationIsTooFew() {
        assertProblem(WelchTest.test(SufficientStats.of(new double[] {3}), SufficientStats.of(new double[] {1, 2}), 0.95),
                StatProblem.TOO_FEW_OBSERVATIONS, "n=1");
    }

    @Test
    void confidenceOutsideZeroOneIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> WelchTest.test(new double[] {1, 2}, new double[] {1, 3}, 95));
    }

    private static double sq(double v) {
        return v * v;
    }
}
