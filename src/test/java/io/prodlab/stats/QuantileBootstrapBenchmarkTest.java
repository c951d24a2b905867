package io.prodlab.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6's budget: a bootstrap of p50/p95/p99 differences over 1,000,000 observations per cohort
 * with 2,000 resamples in under 10 s. Timing on a shared machine is not a unit test, so it runs on
 * request only:
 * {@code mvn -B -ntp -o surefire:test -Dtest=QuantileBootstrapBenchmarkTest -Dprodlab.bench=true}
 */
@EnabledIfSystemProperty(named = "prodlab.bench", matches = "true")
class QuantileBootstrapBenchmarkTest {

    @Test
    void millionObservationsTwoThousandResamplesUnderTenSeconds() {
        SplittableRandom data = new SplittableRandom(2026);
        int n = Integer.getInteger("prodlab.bench.n", 1_000_000);
        double[] baseline = new double[n];
        double[] candidate = new double[n];
        for (int i = 0; i < n; i++) {
            baseline[i] = Math.exp(4 + data.nextGaussian());
            candidate[i] = Math.exp(4.05 + data.nextGaussian());
        }
        long start = System.nanoTime();
        var result = QuantileBootstrap.differenceOfQuantiles(baseline, candidate, new double[] {0.5, 0.95, 0.99},
                2000, 0.95, 1).value();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bootstrap: %d + %d observations, 2000 resamples, %d processors: %.2f s%n",
                n, n, Runtime.getRuntime().availableProcessors(), seconds);
        result.quantiles().forEach(q -> System.out.println("  " + q));
        assertTrue(seconds < 10, "took " + seconds + " s");
    }
}
