package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Relative effects and the asymptotic quantile interval. */
class EffectIntervalsTest {

    static Stream<Reference.Case> cases() {
        return Reference.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void relativeEffectMatchesTheDeltaMethodFormulaWithScipyT(Reference.Case c) {
        Outcome<RelativeEffect.RelativeResult> outcome = RelativeEffect.ofMeans(c.baseline(), c.candidate(), 0.95);
        JsonNode e = c.get("relative_95");
        if (e.isNull()) {
            assertTrue(outcome.problem().isPresent(), c.name());
            return;
        }
        RelativeEffect.RelativeResult r = ok(outcome, c.name());
        assertAgrees(e, "lift", r.lift(), c.name());
        assertAgrees(e, "ci_low", r.ciLow(), c.name());
        assertAgrees(e, "ci_high", r.ciHigh(), c.name());
    }

    static Stream<JsonNode> cuped() {
        return Reference.array("cuped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cuped")
    void cupedMatchesNumpyThetaAndScipyWelchOnTheAdjustedValues(JsonNode c) {
        Cuped.CupedResult r = ok(Cuped.test(Reference.doubles(c.get("baseline")), Reference.doubles(c.get("baseline_covariate")),
                Reference.doubles(c.get("candidate")), Reference.doubles(c.get("candidate_covariate")), 0.95), c.toString());
        String what = c.get("name").asText();
        assertAgrees(c, "theta", r.theta(), what);
        assertAgrees(c, "variance_reduction", r.varianceReduction(), what);
        assertAgrees(c, "t", r.welch().t(), what);
        assertAgrees(c, "df", r.welch().df(), what);
        assertAgrees(c, "p", r.welch().p(), what);
        assertAgrees(c, "diff", r.welch().diff(), what);
        assertAgrees(c, "ci_low", r.welch().ciLow(), what);
        assertAgrees(c, "ci_high", r.welch().ciHigh(), what);
    }

    @Test
    void cupedWithAConstantCovariateHasNothingToAdjustBy() {
        assertProblem(Cuped.test(new double[] {1, 2, 3}, new double[] {5, 5, 5}, new double[] {2, 3}, new double[] {5, 5}, 0.95),
                StatProblem.ZERO_VARIANCE, "constant covariate");
    }

    static Stream<JsonNode> factorial() {
        return Reference.array("factorial");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factorial")
    void factorialEffectsMatchNumpyLeastSquaresWithScipyT(JsonNode c) {
        double[][][] cells = new double[2][2][];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                cells[a][b] = Reference.doubles(c.get("cells").get("" + a + b));
            }
        }
        FactorialTest.FactorialResult r = ok(FactorialTest.twoByTwo(cells, 0.95), c.toString());
        String what = c.get("name").asText();
        assertEquals(c.get("df").asDouble(), r.df());
        assertAgrees(c, "design_correlation", r.designCorrelation(), what);
        for (int i = 0; i < 3; i++) {
            JsonNode e = c.get("effects").get(i);
            FactorialTest.Effect effect = r.effects().get(i);
            String term = what + "/" + e.get("term").asText();
            assertAgrees(e, "estimate", effect.estimate(), term);
            assertAgrees(e, "se", effect.standardError(), term);
            assertAgrees(e, "ci_low", effect.ciLow(), term);
            assertAgrees(e, "ci_high", effect.ciHigh(), term);
            assertAgrees(e, "p", effect.p(), term);
        }
    }

    @Test
    void factorialWithAnEmptyCellCannotSeparateTheEffects() {
        double[][][] cells = {{{1, 2, 3}, {2, 3}}, {{4, 5}, {}}};
        assertProblem(FactorialTest.twoByTwo(cells, 0.95), StatProblem.TOO_FEW_OBSERVATIONS, "empty cell");
    }

    @Test
    void relativeEffectOfAZeroBaselineIsUndefined() {
        assertProblem(RelativeEffect.ofMeans(new double[] {-1, 1}, new double[] {1, 2}, 0.95), StatProblem.ZERO_VARIANCE, "mean 0");
    }

    @ParameterizedTest(name = "q={0}")
    @ValueSource(doubles = {0.5, 0.95, 0.99})
    void asymptoticQuantileIntervalAgreesWithTheBootstrapOnLargeSamples(double q) {
        SplittableRandom data = new SplittableRandom(31);
        int n = 20_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.exp(4 + data.nextGaussian());
            b[i] = Math.exp(4.1 + data.nextGaussian());
        }
        QuantileBootstrap.QuantileDifference asymptotic = QuantileDifferenceInterval.asymptotic(a, b, q, 0.95).value();
        QuantileBootstrap.QuantileDifference bootstrap = QuantileBootstrap.differenceOfQuantiles(a, b, new double[] {q},
                1000, 0.95, 5).value().quantiles().get(0);
        assertEquals(bootstrap.diff(), asymptotic.diff(), 1e-12);
        double bootWidth = bootstrap.ciHigh() - bootstrap.ciLow();
        double width = asymptotic.ciHigh() - asymptotic.ciLow();
        // two independent methods; at n = 20,000 they agree to within the bootstrap's own noise
        assertEquals(bootWidth, width, 0.15 * bootWidth, "bootstrap " + bootstrap + " vs asymptotic " + asymptotic);
    }

    @Test
    void asymptoticQuantileIntervalNeedsTwoObservations() {
        assertProblem(QuantileDifferenceInterval.asymptotic(new double[] {1}, new double[] {1, 2}, 0.5, 0.95),
                StatProblem.TOO_FEW_OBSERVATIONS, "n=1");
    }
}
