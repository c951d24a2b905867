package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.doubles;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throughput rates and weighted descriptives against scipy/numpy (src/test/resources/stats/
 * make_rates_reference.py), to a relative 1e-9.
 */
class RatesScipyTest {
    private static final JsonNode ROOT = load();

    private static JsonNode load() {
        try (InputStream in = RatesScipyTest.class.getResourceAsStream("/stats/rates_reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<JsonNode> cases(String field) {
        List<JsonNode> out = new ArrayList<>();
        ROOT.get(field).forEach(out::add);
        return out.stream();
    }

    static Stream<JsonNode> rates() {
        return cases("rates");
    }

    static Stream<JsonNode> garwood() {
        return cases("garwood");
    }

    static Stream<JsonNode> weighted() {
        return cases("weighted");
    }

    static Stream<JsonNode> newcombe() {
        return cases("newcombe");
    }

    @ParameterizedTest
    @MethodSource("newcombe")
    void newcombesIntervalAgreesWithOneBuiltFromScipysWilsonIntervals(JsonNode c) {
        NewcombeInterval.Interval i = ok(NewcombeInterval.difference(c.get("eb").asLong(), c.get("nb").asLong(),
                c.get("ec").asLong(), c.get("nc").asLong(), c.get("confidence").asDouble()), c.toString());
        assertAgrees(c, "diff", i.diff(), "diff " + c);
        assertAgrees(c, "ci_low", i.ciLow(), "low " + c);
        assertAgrees(c, "ci_high", i.ciHigh(), "high " + c);
    }

    @ParameterizedTest
    @MethodSource("rates")
    void rateComparisonAgreesWithScipy(JsonNode c) {
        PoissonRateTest.Exposure b = PoissonRateTest.Exposure.unweighted(c.get("kb").asLong(), c.get("tb").asDouble());
        PoissonRateTest.Exposure k = PoissonRateTest.Exposure.unweighted(c.get("kc").asLong(), c.get("tc").asDouble());
        PoissonRateTest.RateComparison r = ok(PoissonRateTest.compare(b, k, c.get("confidence").asDouble()), c.toString());
        assertAgrees(c, "exact_p", r.exactP(), "exact p " + c);
        assertAgrees(c, "diff", r.diff(), "diff " + c);
        assertAgrees(c, "z", r.z(), "z " + c);
        assertAgrees(c, "p", r.p(), "p " + c);
        assertAgrees(c, "ci_low", r.ciLow(), "ci_low " + c);
        assertAgrees(c, "ci_high", r.ciHigh(), "ci_high " + c);
        if (c.has("ratio_ci_low")) {
            assertAgrees(c, "ratio_ci_low", r.ratioCiLow(), "ratio low " + c);
            assertAgrees(c, "ratio_ci_high", r.ratioCiHigh(), "ratio high " + c);
        }
        assertEquals(r.exactP(), r.decidingP());
    }

    @ParameterizedTest
    @MethodSource("garwood")
    void oneRateHasGarwoodsExactInterval(JsonNode c) {
        PoissonRateTest.Rate r = ok(PoissonRateTest.rate(PoissonRateTest.Exposure.unweighted(c.get("k").asLong(),
                c.get("t").asDouble()), c.get("confidence").asDouble()), c.toString());
        assertTrue(r.exact());
        assertAgrees(c, "low", r.ciLow(), "low " + c);
        assertAgrees(c, "high", r.ciHigh(), "high " + c);
    }

    @ParameterizedTest
    @MethodSource("weighted")
    void weightedDescriptivesAreThoseOfTheRepeatedSample(JsonNode c) {
        WeightedDescriptives d = ok(WeightedDescriptives.ofSorted(doubles(c.get("values")), doubles(c.get("weights"))),
                c.get("name").asText());
        assertAgrees(c, "weight", d.weight(), "weight");
        assertAgrees(c, "mean", d.mean(), "mean");
        assertAgrees(c, "sd", d.sd(), "sd");
        assertAgrees(c, "p50", d.p50(), "p50");
        assertAgrees(c, "p90", d.p90(), "p90");
        assertAgrees(c, "p95", d.p95(), "p95");
        assertAgrees(c, "p99", d.p99(), "p99");
    }

    @Test
    void unitWeightsGiveTheUnweightedDescriptives() {
        double[] x = {1, 2, 2, 3.5, 7, 11, 40};
        double[] w = new double[x.length];
        java.util.Arrays.fill(w, 1.0);
        WeightedDescriptives d = ok(WeightedDescriptives.ofSorted(x, w), "unit");
        Descriptives u = ok(Descriptives.of(x), "plain");
        assertEquals(u.mean(), d.mean(), 1e-15);
        assertEquals(u.sd(), d.sd(), 1e-14);
        assertEquals(u.p50(), d.p50());
        assertEquals(u.p90(), d.p90());
        assertEquals(u.p99(), d.p99());
    }

    @Test
    void weightedCountsUseTheNormalIntervalAndHaveNoExactP() {
        PoissonRateTest.Exposure b = new PoissonRateTest.Exposure(100, 1000, 10_000, 60);
        PoissonRateTest.Exposure c = PoissonRateTest.Exposure.unweighted(900, 60);
        assertTrue(b.weighted());
        PoissonRateTest.Rate r = ok(PoissonRateTest.rate(b, 0.95), "rate");
        assertFalse(r.exact());
        assertEquals(1000 / 60.0, r.rate(), 1e-12);
        assertEquals(1000 / 60.0 - 1.959963984540054 * 100 / 60, r.ciLow(), 1e-9);
        PoissonRateTest.RateComparison cmp = ok(PoissonRateTest.compare(b, c, 0.95), "cmp");
        assertTrue(Double.isNaN(cmp.exactP()));
        assertEquals(cmp.p(), cmp.decidingP());
        assertEquals(0.9, cmp.ratio(), 1e-12);
    }

    @Test
    void degenerateInputsAreProblemsNotExceptions() {
        assertEquals(StatProblem.TOO_FEW_OBSERVATIONS, PoissonRateTest.rate(PoissonRateTest.Exposure.unweighted(3, 0),
                0.95).problem().orElseThrow());
        assertEquals(StatProblem.TOO_FEW_OBSERVATIONS, PoissonRateTest.compare(PoissonRateTest.Exposure.unweighted(0, 5),
                PoissonRateTest.Exposure.unweighted(0, 5), 0.95).problem().orElseThrow());
        assertEquals(StatProblem.TOO_FEW_OBSERVATIONS, WeightedDescriptives.ofSorted(new double[0], new double[0])
                .problem().orElseThrow());
        assertEquals(StatProblem.NOT_FINITE, WeightedDescriptives.ofSorted(new double[] {1, 2}, new double[] {1, 0})
                .problem().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> WeightedDescriptives.ofSorted(new double[] {2, 1},
                new double[] {1, 1}));
        WeightedDescriptives one = ok(WeightedDescriptives.ofSorted(new double[] {5}, new double[] {1}), "one");
        assertTrue(Double.isNaN(one.sd()));
        assertEquals(5, one.p99());
    }
}
