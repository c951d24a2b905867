package io.prodlab.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;
import io.prodlab.testing.Permutations;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulations with fixed seeds: under no difference each test rejects at its nominal rate, and a
 * planted difference is found about as often as {@link Power} predicts. Bounded to about a second.
 */
class SimulationTest {
    private static final double ALPHA = 0.05;
    private static final int SPLITS = 1000;

    @Test
    void aaSplitsOfOneCohortRejectAtTheNominalRate() {
        SplittableRandom random = new SplittableRandom(20261201L);
        int n = 400;
        double[] latency = new double[n];
        boolean[] error = new boolean[n];
        for (int i = 0; i < n; i++) {
            latency[i] = Math.exp(4 + random.nextGaussian()); // heavy-tailed, like real latency
            error[i] = random.nextDouble() < 0.2;
        }
        Map<String, ToDoubleBiFunction<double[], double[]>> tests = new LinkedHashMap<>();
        tests.put("welch", (a, b) -> WelchTest.test(a, b, 0.95).value().p());
        tests.put("mann-whitney", (a, b) -> MannWhitneyTest.test(a, b, 0.95).value().p());
        tests.put("ks", (a, b) -> KolmogorovSmirnovTest.test(a, b).value().p());
        tests.put("brown-forsythe", (a, b) -> BrownForsytheTest.test(a, b).value().p());
        tests.put("two-proportion", (a, b) -> errorTest(a, b, false));
        tests.put("fisher", (a, b) -> errorTest(a, b, true));
        Map<String, Integer> rejections = new LinkedHashMap<>();
        tests.keySet().forEach(k -> rejections.put(k, 0));

        for (int split = 0; split < SPLITS; split++) {
            int[] perm = Permutations.of(n, random);
            double[] a = new double[n / 2];
            double[] b = new double[n / 2];
            for (int i = 0; i < n / 2; i++) {
                // the error flag rides along as the sign, so both halves see the same units
                a[i] = signed(latency[perm[i]], error[perm[i]]);
                b[i] = signed(latency[perm[n / 2 + i]], error[perm[n / 2 + i]]);
            }
            double[] la = magnitudes(a);
            double[] lb = magnitudes(b);
            for (Map.Entry<String, ToDoubleBiFunction<double[], double[]>> t : tests.entrySet()) {
                boolean onErrors = t.getKey().equals("two-proportion") || t.getKey().equals("fisher");
                double p = onErrors ? t.getValue().applyAsDouble(a, b) : t.getValue().applyAsDouble(la, lb);
                if (p < ALPHA) {
                    rejections.merge(t.getKey(), 1, Integer::sum);
                }
            }
        }
        BinomialDistribution nominal = new BinomialDistribution(null, SPLITS, ALPHA);
        int low = nominal.inverseCumulativeProbability(0.005);
        int high = nominal.inverseCumulativeProbability(0.995);
        assertAll(rejections.entrySet().stream().map(e -> () -> assertTrue(
                e.getValue() >= low && e.getValue() <= high,
                e.getKey() + " rejected " + e.getValue() + " of " + SPLITS + " A/A splits; the 99% binomial range is ["
                        + low + ", " + high + "]")));
    }

    @Test
    void plantedMeanShiftIsFoundWithThePredictedPower() {
        SplittableRandom random = new SplittableRandom(42);
        double sd = 30;
        int n = 300;
        double shift = Power.minimumDetectableDifferenceOfMeans(sd, n, ALPHA, 0.8).value();
        int found = 0;
        for (int run = 0; run < SPLITS; run++) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = 200 + sd * random.nextGaussian();
                b[i] = 200 + shift + sd * random.nextGaussian();
            }
            if (WelchTest.test(a, b, 0.95).value().p() < ALPHA) {
                found++;
            }
        }
        // binomial sd at 1000 runs is 0.013; t vs normal adds < 0.005 at df ≈ 600: 0.04 is about 3 sd
        assertEquals(0.8, found / (double) SPLITS, 0.04, "Welch found the planted shift in " + found + " runs");
    }

    @Test
    void plantedErrorRateIncreaseIsFoundWithThePredictedPower() {
        SplittableRandom random = new SplittableRandom(43);
        int n = 3000;
        double p1 = 0.05;
        double p2 = p1 + Power.minimumDetectableIncreaseOfProportion(p1, n, ALPHA, 0.8).value();
        int found = 0;
        for (int run = 0; run < SPLITS; run++) {
            long ea = 0;
            long eb = 0;
            for (int i = 0; i < n; i++) {
                ea += random.nextDouble() < p1 ? 1 : 0;
                eb += random.nextDouble() < p2 ? 1 : 0;
            }
            if (ProportionTest.twoProportion(ea, n, eb, n, 0.95).value().p() < ALPHA) {
                found++;
            }
        }
        assertEquals(0.8, found / (double) SPLITS, 0.04, "the z-test found the planted increase in " + found + " runs");
    }

    private static double errorTest(double[] a, double[] b, boolean fisher) {
        long ea = 0;
        long eb = 0;
        for (double v : a) {
            ea += v < 0 ? 1 : 0;
        }
        for (double v : b) {
            eb += v < 0 ? 1 : 0;
        }
        return fisher ? ProportionTest.fisherExactOnErrors(ea, a.length, eb, b.length).p()
                : ProportionTest.twoProportion(ea, a.length, eb, b.length, 0.95).value().p();
    }

    private static double signed(double latency, boolean error) {
        return error ? -latency : latency;
    }

    private static double[] magnitudes(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }
}
