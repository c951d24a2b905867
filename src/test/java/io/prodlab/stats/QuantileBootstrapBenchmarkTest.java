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

    /** Issue 6 also asks a comparison of every statistic over 1,000,000 spans (no bootstrap) in under 1 s. */
    @Test
    void everyTestOnAMillionObservations() {
        SplittableRandom data = new SplittableRandom(2027);
        int n = Integer.getInteger("prodlab.bench.n", 1_000_000) / 2;
        double[] baseline = new double[n];
        double[] candidate = new double[n];
        for (int i = 0; i < n; i++) {
            baseline[i] = Math.rint(10 * Math.exp(4 + data.nextGaussian())) / 10;
            candidate[i] = Math.rint(10 * Math.exp(4.05 + data.nextGaussian())) / 10;
        }
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            long t0 = start;
            Descriptives.of(baseline);
            Descriptives.of(candidate);
            long t1 = System.nanoTime();
            WelchTest.test(baseline, candidate, 0.95);
            long t2 = System.nanoTime();
            MannWhitneyTest.test(baseline, candidate, 0.95);
            long t3 = System.nanoTime();
            KolmogorovSmirnovTest.test(baseline, candidate);
            long t4 = System.nanoTime();
            BrownForsytheTest.test(baseline, candidate);
            long t5 = System.nanoTime();
            ProportionTest.compareErrorRates(n / 50, n, n / 45, n, 0.95);
            long t6 = System.nanoTime();
            System.out.printf("every test, %d + %d observations: %.3f s (descriptives %.3f, welch %.3f, "
                    + "mann-whitney+HL %.3f, ks %.3f, brown-forsythe %.3f, error rates %.3f)%n", n, n,
                    (t6 - start) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9,
                    (t5 - t4) / 1e9, (t6 - t5) / 1e9);
        }
    }
}
