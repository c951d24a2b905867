package io.prodlab.compare;

import io.prodlab.model.SpanRecord;
import io.prodlab.stats.Power;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.prodlab.testing.Permutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulations through the whole comparison — filters compiled to SQL, DuckDB's aggregates, the
 * values read back, every test — not only through the statistics (that is
 * {@code io.prodlab.stats.SimulationTest}). Seeded. The splits are spread over {@value #SHARDS}
 * workspaces of {@value #PER_SHARD} attributes each: a filter parses each span's attribute JSON, and
 * 200 attributes per span made that most of the test's time.
 *
 * <ul>
 *   <li>A/A: one cohort of 500 spans (lognormal latency, 10% errors) carries {@value #SPLITS} random
 *       half/half splits as span attributes {@code s0, s1, ...}; comparing {@code span.sK = "a"} with
 *       {@code span.sK = "b"} for each K, every test rejects at about alpha — within the 99% binomial
 *       range of Binomial(splits, alpha).</li>
 *   <li>Power: 100 + 100 spans of two groups carry {@value #SPLITS} numeric attributes {@code x0, ...},
 *       normal with sd 20, group b's shifted by the δ the power calculator says Welch finds with
 *       probability 0.6; comparing the groups with {@code --metric xK} finds it about that often
 *       (tolerance 0.1, about 3 binomial standard deviations).</li>
 * </ul>
 */
class ComparisonSimulationTest {
    static final int SPLITS = 200;
    static final int SHARDS = 8;
    static final int PER_SHARD = SPLITS / SHARDS;
    private static final double ALPHA = 0.05;
    private static final int AA_SPANS = 500;
    private static final int PER_GROUP = 100;
    private static final double SD = 20;
    private static final double TARGET_POWER = 0.6;

    @TempDir
    static Path dir;
    private static final Workspace[] AA = new Workspace[SHARDS];
    private static final Workspace[] SHIFTED = new Workspace[SHARDS];
    private static double delta;

    private static String trace(long seed, int i) {
        return String.format(Locale.ROOT, "%016x%016x", seed, i);
    }

    @BeforeAll
    static void workspaces() throws Exception {
        SplittableRandom r = new SplittableRandom(20261201L);
        String[][] splits = new String[AA_SPANS][SPLITS];
        for (int k = 0; k < SPLITS; k++) {
            int[] perm = Permutations.of(AA_SPANS, r);
            for (int i = 0; i < AA_SPANS; i++) {
                splits[perm[i]][k] = i < AA_SPANS / 2 ? "a" : "b";
            }
        }
        double[] latency = new double[AA_SPANS];
        boolean[] error = new boolean[AA_SPANS];
        for (int i = 0; i < AA_SPANS; i++) {
            latency[i] = Math.exp(3 + r.nextGaussian());
            error[i] = r.nextDouble() < 0.1;
        }
        for (int shard = 0; shard < SHARDS; shard++) {
            AA[shard] = Workspace.openOrCreate(dir.resolve("aa" + shard + ".prodlab"));
            try (ImportWriter w = AA[shard].beginImport("/test/aa", "sha-aa", "otlp-json", 1)) {
                for (int i = 0; i < AA_SPANS; i++) {
                    StringBuilder attrs = new StringBuilder("{");
                    for (int k = shard * PER_SHARD; k < (shard + 1) * PER_SHARD; k++) {
                        attrs.append(attrs.length() == 1 ? "" : ",").append("\"s").append(k).append("\":\"")
                                .append(splits[i][k]).append('"');
                    }
                    var b = aSpan().traceId(trace(1, i)).startMs(i).durationMs(latency[i])
                            .attributes(attrs.append('}').toString());
                    if (error[i]) {
                        b.error("boom");
                    }
                    w.addSpan(b.build());
                }
                w.commit("a/a");
            }
        }
        delta = shiftForPower(SD, PER_GROUP, TARGET_POWER);
        for (int shard = 0; shard < SHARDS; shard++) {
            SHIFTED[shard] = Workspace.openOrCreate(dir.resolve("shift" + shard + ".prodlab"));
            try (ImportWriter w = SHIFTED[shard].beginImport("/test/shift", "sha-shift", "otlp-json", 1)) {
                for (int i = 0; i < 2 * PER_GROUP; i++) {
                    boolean b = i >= PER_GROUP;
                    StringBuilder attrs = new StringBuilder("{\"g\":\"").append(b ? "b" : "a").append('"');
                    for (int k = shard * PER_SHARD; k < (shard + 1) * PER_SHARD; k++) {
                        attrs.append(",\"x").append(k).append("\":").append(100 + (b ? delta : 0) + SD * r.nextGaussian());
                    }
                    w.addSpan(aSpan().traceId(trace(2, i)).startMs(i).attributes(attrs.append('}').toString()).build());
                }
                w.commit("shift");
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        for (int shard = 0; shard < SHARDS; shard++) {
            AA[shard].close();
            SHIFTED[shard].close();
        }
    }

    /** The δ at which Power.powerForDifferenceOfMeans is {@code power} (bisection: it rises with δ). */
    static double shiftForPower(double sd, int n, double power) {
        double lo = 0;
        double hi = 10 * sd;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (Power.powerForDifferenceOfMeans(sd, n, mid, ALPHA) < power) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    @Test
    void aaSplitsThroughTheComparisonRejectAtAlpha() throws Exception {
        Map<String, Integer> rejections = new LinkedHashMap<>();
        ComparisonService.TESTS.forEach(t -> rejections.put(t, 0));
        ComparisonService.Options o = ComparisonService.Options.defaults().withResamples(0);
        for (int k = 0; k < SPLITS; k++) {
            ComparisonService.Result r = new ComparisonService(AA[k / PER_SHARD]).compare(java.util.List.of(new Cohort("a", "span.s" + k + " = \"a\""),
                    new Cohort("b", "span.s" + k + " = \"b\"")), null, Unit.SPAN, o);
            assertEquals(AA_SPANS / 2, r.cohorts().get(0).n());
            ComparisonService.PairComparison p = r.comparisons().get(0);
            count(rejections, "welch", p.welch().value().p());
            count(rejections, "mann_whitney", p.mannWhitney().value().p());
            count(rejections, "two_proportion", p.errors().decidingP());
            count(rejections, "ks", p.ks().value().p());
            count(rejections, "spread", p.spread().value().p());
        }
        BinomialDistribution nominal = new BinomialDistribution(null, SPLITS, ALPHA);
        int low = nominal.inverseCumulativeProbability(0.005);
        int high = nominal.inverseCumulativeProbability(0.995);
        assertAll(rejections.entrySet().stream().map(e -> () -> assertTrue(e.getValue() >= low && e.getValue() <= high,
                e.getKey() + " rejected " + e.getValue() + " of " + SPLITS + " A/A splits; the 99% binomial range "
                        + "around alpha is [" + low + ", " + high + "]; all: " + rejections)));
    }

    @Test
    void aPlantedShiftIsFoundWithThePowerThePowerCalculatorPredicts() throws Exception {
        int found = 0;
        for (int k = 0; k < SPLITS; k++) {
            ComparisonService.Result r = new ComparisonService(SHIFTED[k / PER_SHARD]).compare(java.util.List.of(new Cohort("a", "span.g = \"a\""),
                    new Cohort("b", "span.g = \"b\"")), null, Unit.SPAN,
                    ComparisonService.Options.defaults().withResamples(0).withMetric(Metric.attribute("x" + k)));
            assertEquals(PER_GROUP, r.cohorts().get(1).n());
            if (r.comparisons().get(0).welch().value().p() < ALPHA) {
                found++;
            }
        }
        double predicted = Power.powerForDifferenceOfMeans(SD, PER_GROUP, delta, ALPHA);
        assertEquals(TARGET_POWER, predicted, 1e-9);
        assertEquals(predicted, found / (double) SPLITS, 0.1, "Welch found the planted shift of " + delta + " in " + found
                + " of " + SPLITS + " comparisons; the power calculator predicts " + predicted);
    }

    private static void count(Map<String, Integer> rejections, String test, double p) {
        if (p < ALPHA) {
            rejections.merge(test, 1, Integer::sum);
        }
    }
}
