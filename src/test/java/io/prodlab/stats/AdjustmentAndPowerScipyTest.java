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

/** Holm, Benjamini–Hochberg, power formulas and the quantile functions behind every interval. */
class AdjustmentAndPowerScipyTest {

    static Stream<JsonNode> adjust() {
        return Reference.array("adjust");
    }

    static Stream<JsonNode> powerMeans() {
        return Reference.array("power_means");
    }

    static Stream<JsonNode> powerProportions() {
        return Reference.array("power_proportions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adjust")
    void holmAndBenjaminiHochbergMatchScipy(JsonNode c) {
        double[] p = Reference.doubles(c.get("p"));
        double[] holm = MultipleComparisons.holm(p);
        double[] bh = MultipleComparisons.benjaminiHochberg(p);
        for (int i = 0; i < p.length; i++) {
            assertAgrees(c.get("holm").get(i), holm[i], "holm[" + i + "]");
            assertAgrees(c.get("bh").get(i), bh[i], "bh[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("powerMeans")
    void meansPowerFormulasMatchScipyNorm(JsonNode c) {
        double sd = c.get("sd").asDouble();
        double alpha = c.get("alpha").asDouble();
        double power = c.get("power").asDouble();
        assertAgrees(c, "mde", ok(Power.minimumDetectableDifferenceOfMeans(sd, c.get("n").asLong(), alpha, power), "mde"), "power");
        assertAgrees(c, "n_needed", Power.sampleSizeForDifferenceOfMeans(sd, c.get("delta").asDouble(), alpha, power), "power");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("powerProportions")
    void proportionSampleSizeMatchesScipyNorm(JsonNode c) {
        double p1 = c.get("p1").asDouble();
        double p2 = c.get("p2").asDouble();
        double n = Power.sampleSizeForProportions(p1, p2, c.get("alpha").asDouble(), c.get("power").asDouble());
        assertAgrees(c, "n_needed", n, "power");
    }

    @Test
    void minimumDetectableIncreaseInvertsTheSampleSize() {
        double mde = Power.minimumDetectableIncreaseOfProportion(0.02, 5000, 0.05, 0.8).value();
        assertEquals(5000, Power.sampleSizeForProportions(0.02, 0.02 + mde, 0.05, 0.8), 1e-3);
        assertProblem(Power.minimumDetectableIncreaseOfProportion(0.5, 3, 0.05, 0.99), StatProblem.TOO_FEW_OBSERVATIONS, "n=3");
    }

    @Test
    void powerAtTheMinimumDetectableEffectIsTheRequestedPower() {
        double mde = Power.minimumDetectableDifferenceOfMeans(30, 400, 0.05, 0.8).value();
        // the far tail adds about 1e-7 here
        assertEquals(0.8, Power.powerForDifferenceOfMeans(30, 400, mde, 0.05), 1e-6);
        assertTrue(Power.isLowPower(mde, mde / 2));
        assertFalse(Power.isLowPower(mde, mde * 2));
        assertProblem(Power.minimumDetectableDifferenceOfMeans(0, 400, 0.05, 0.8), StatProblem.ZERO_VARIANCE, "sd=0");
    }

    @Test
    void adjustedPValuesNeverFallBelowTheRawOnes() {
        double[] p = {0.03, 0.001, 0.5, 0.04, 0.04};
        double[] holm = MultipleComparisons.holm(p);
        double[] bh = MultipleComparisons.benjaminiHochberg(p);
        for (int i = 0; i < p.length; i++) {
            assertTrue(holm[i] >= p[i] && bh[i] >= p[i] && holm[i] >= bh[i], "index " + i);
        }
    }

    @Test
    void normalAndStudentQuantilesMatchScipy() {
        JsonNode q = Reference.root().get("quantile_functions");
        for (JsonNode e : q.get("norm_ppf")) {
            assertAgrees(e, "x", Special.normalQuantile(e.get("p").asDouble()), "norm.ppf(" + e.get("p") + ")");
        }
        for (JsonNode e : q.get("t_ppf")) {
            assertAgrees(e, "x", Special.studentQuantile(e.get("p").asDouble(), e.get("df").asDouble()),
                    "t.ppf(" + e.get("p") + ", " + e.get("df") + ")");
        }
    }
}
