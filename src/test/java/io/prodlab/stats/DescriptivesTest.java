package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptivesTest {

    record Sample(String name, double[] values, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Sample> samples() {
        return Reference.cases().flatMap(c -> Stream.of(
                new Sample(c.name() + "/baseline", c.baseline(), c.get("descriptives_baseline")),
                new Sample(c.name() + "/candidate", c.candidate(), c.get("descriptives_candidate"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void descriptivesMatchNumpy(Sample s) {
        Outcome<Descriptives> outcome = Descriptives.of(s.values());
        if (s.expected().get("n").asInt() == 0) {
            assertProblem(outcome, StatProblem.TOO_FEW_OBSERVATIONS, s.name());
            return;
        }
        Descriptives d = ok(outcome, s.name());
        JsonNode e = s.expected();
        assertEquals(e.get("n").asLong(), d.n());
        assertAgrees(e, "mean", d.mean(), s.name());
        assertAgrees(e, "sd", d.sd(), s.name());
        assertAgrees(e, "min", d.min(), s.name());
        assertAgrees(e, "max", d.max(), s.name());
        assertAgrees(e, "p50", d.p50(), s.name());
        assertAgrees(e, "p90", d.p90(), s.name());
        assertAgrees(e, "p95", d.p95(), s.name());
        assertAgrees(e, "p99", d.p99(), s.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sufficientStatisticsGiveTheSameMeanAndSd(Sample s) {
        JsonNode e = s.expected();
        if (e.get("n").asInt() == 0) {
            assertProblem(Descriptives.of(SufficientStats.of(s.values())), StatProblem.TOO_FEW_OBSERVATIONS, s.name());
            return;
        }
        SufficientStats stats = new SufficientStats(e.get("n").asLong(), e.get("sum").asDouble(),
                e.get("sum_squares").asDouble());
        Descriptives d = ok(Descriptives.of(stats), s.name());
        assertAgrees(e, "mean", d.mean(), s.name());
        if (e.get("sd").isNull()) {
            assertTrue(Double.isNaN(d.sd()));
        } else {
            // the one-pass variance loses digits to cancellation (see SufficientStats): 1e-7 here
            double expected = e.get("sd").asDouble();
            assertEquals(expected, d.sd(), Math.max(1e-7 * expected, 1e-9), s.name() + ".sd");
        }
    }

    @ParameterizedTest(name = "q={0} of 1..5 is {1}")
    @CsvSource(textBlock = """
            0.0,  1.0
            0.25, 2.0
            0.5,  3.0
            0.9,  4.6
            0.99, 4.96
            1.0,  5.0
            """)
    void quantilesInterpolateLinearlyBetweenOrderStatistics(double q, double expected) {
        assertEquals(expected, Quantiles.of(new double[] {5, 1, 4, 2, 3}, q), 1e-12);
    }

    @Test
    void oneObservationHasNoStandardDeviation() {
        Descriptives d = ok(Descriptives.of(new double[] {42.0}), "n=1");
        assertEquals(42.0, d.p99());
        assertTrue(Double.isNaN(d.sd()));
    }

    @Test
    void nanIsATypedProblem() {
        assertProblem(Descriptives.of(new double[] {1, Double.NaN}), StatProblem.NOT_FINITE, "NaN");
    }
}
