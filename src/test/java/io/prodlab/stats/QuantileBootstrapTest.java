package io.prodlab.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.prodlab.stats.Reference.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantileBootstrapTest {
    private static final double[] P50_P95_P99 = {0.5, 0.95, 0.99};

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 7, 100, 20_000})
    void selectionGivesExactlyTheQuantilesOfTheSortedResample(int n) {
        SplittableRandom data = new SplittableRandom(n);
        // rounded values: many ties, as real latencies in whole milliseconds have
        double[] sorted = data.doubles(n, 0, 50).map(Math::rint).sorted().toArray();
        QuantileBootstrap.Resampler resampler = new QuantileBootstrap.Resampler(sorted, new double[] {0, 0.5, 0.9, 0.95, 0.99, 1});
        SplittableRandom random = new SplittableRandom(99);
        double[] out = new double[6];
        for (int trial = 0; trial < 20; trial++) {
            resampler.resampleQuantiles(random, out);
            int[] drawn = resampler.lastDrawn();
            double[] resample = new double[n];
            for (int i = 0; i < n; i++) {
                assertTrue(drawn[i] >= 0 && drawn[i] < n);
                resample[i] = sorted[drawn[i]];
            }
            Arrays.sort(resample);
            double[] levels = {0, 0.5, 0.9, 0.95, 0.99, 1};
            for (int k = 0; k < levels.length; k++) {
                assertEquals(Quantiles.ofSorted(resample, levels[k]), out[k], "q=" + levels[k]);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        SplittableRandom data = new SplittableRandom(5);
        double[] a = data.doubles(3000).map(u -> Math.exp(3 + u)).toArray();
        double[] b = data.doubles(2500).map(u -> Math.exp(3.1 + u)).toArray();
        var first = QuantileBootstrap.differenceOfQuantiles(a, b, P50_P95_P99, 500, 0.95, 11).value();
        var again = QuantileBootstrap.differenceOfQuantiles(a, b, P50_P95_P99, 500, 0.95, 11).value();
        var other = QuantileBootstrap.differenceOfQuantiles(a, b, P50_P95_P99, 500, 0.95, 12).value();
        assertEquals(first, again);
        assertNotEquals(first.quantiles(), other.quantiles());
        for (QuantileBootstrap.QuantileDifference d : first.quantiles()) {
            assertEquals(Quantiles.of(b, d.q()) - Quantiles.of(a, d.q()), d.diff(), 1e-12);
            assertTrue(d.ciLow() <= d.ciHigh());
        }
    }

    @Test
    void medianIntervalHasTheWidthAsymptoticTheoryGives() {
        // the sample median of N(0,1) has sd sqrt(pi/2)/sqrt(n); the difference of two, sqrt(2) times that
        SplittableRandom data = new SplittableRandom(8);
        int n = 20_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = data.nextGaussian();
            b[i] = data.nextGaussian() + 0.1;
        }
        var d = QuantileBootstrap.differenceOfQuantiles(a, b, new double[] {0.5}, 1000, 0.95, 3).value().quantiles().get(0);
        double expectedWidth = 2 * 1.959964 * Math.sqrt(2) * Math.sqrt(Math.PI / 2) / Math.sqrt(n);
        assertEquals(expectedWidth, d.ciHigh() - d.ciLow(), 0.1 * expectedWidth);
        assertTrue(d.ciLow() < 0.1 && 0.1 < d.ciHigh(), "the planted shift 0.1 lies in " + d);
    }

    @Test
    void emptyCohortIsTooFewObservations() {
        assertProblem(QuantileBootstrap.differenceOfQuantiles(new double[0], new double[] {1}, P50_P95_P99, 10, 0.95, 1),
                StatProblem.TOO_FEW_OBSERVATIONS, "n=0");
    }

    @Test
    void cancellationStopsTheBootstrapAndProgressIsReported() {
        double[] a = new SplittableRandom(1).doubles(10_000).toArray();
        AtomicInteger reported = new AtomicInteger();
        QuantileBootstrap.differenceOfQuantiles(a, a, P50_P95_P99, 64, 0.95, 1,
                (done, total) -> reported.accumulateAndGet(done, Math::max), () -> false);
        assertEquals(64, reported.get());
        assertThrows(CancellationException.class, () -> QuantileBootstrap.differenceOfQuantiles(a, a, P50_P95_P99, 64,
                0.95, 1, QuantileBootstrap.Progress.NONE, () -> true));
    }
}
