package io.prodlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap confidence intervals for differences of quantiles (candidate minus
 * baseline), seeded and reproducible: the same inputs and seed give the same interval on any
 * machine and with any number of threads.
 *
 * <p>Each resample draws n<sub>b</sub> indices into the sorted baseline and n<sub>c</sub> into the
 * sorted candidate, uniformly with replacement (Lemire's unbiased multiply-shift on
 * {@link SplittableRandom}); resample r uses the r-th generator split from {@code new
 * SplittableRandom(seed)}, so which thread runs it does not matter. The type-7 quantile of a
 * resample is found without sorting it: the drawn indices are counted into a few thousand buckets
 * of the sorted sample, the buckets holding the needed order statistics are found by prefix sums,
 * and only the indices in those buckets are sorted. Because indices into a sorted array are ordered
 * as their values, the result is exactly the quantile that sorting the resample would give.
 *
 * <p>The interval is [Q<sub>(1−c)/2</sub>, Q<sub>(1+c)/2</sub>] of the R bootstrap differences
 * (type-7 quantiles, as numpy's percentile). This resamples observations: when the unit of analysis
 * is coarser than the observation (spans within traces), observations are not independent and the
 * interval is too narrow — resampling whole units is issue 6's follow-up.
 *
 * <p>References: Efron, B. and Tibshirani, R. J. (1993), "An Introduction to the Bootstrap",
 * ch. 13; Lemire, D. (2019), "Fast random integer generation in an interval", ACM TOMACS 29(1).
 */
public final class QuantileBootstrap {
    private static final int CHUNK = 16;

    private QuantileBootstrap() {
    }

    /**
     * @param q        quantile level, e.g. 0.95
     * @param diff     Q<sub>c</sub>(q) − Q<sub>b</sub>(q) on the samples themselves (ms for latency)
     * @param ciLow    lower end of the percentile interval
     * @param ciHigh   upper end
     */
    public record QuantileDifference(double q, double diff, double ciLow, double ciHigh) {
    }

    /** The intervals, with what is needed to reproduce them. */
    public record BootstrapResult(List<QuantileDifference> quantiles, int resamples, double confidence, long seed) {
        public BootstrapResult {
            quantiles = List.copyOf(quantiles);
        }
    }

    /** Reports resamples done out of the total; called from worker threads. */
    @FunctionalInterface
    public interface Progress {
        void resamplesDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    public static Outcome<BootstrapResult> differenceOfQuantiles(double[] baseline, double[] candidate, double[] qs,
                                                                 int resamples, double confidence, long seed) {
        return differenceOfQuantiles(baseline, candidate, qs, resamples, confidence, seed, Progress.NONE, () -> false);
    }

    /**
     * @param cancelled polled between small batches of resamples; when it says true the method
     *                  throws {@link CancellationException} and nothing is returned
     */
    public static Outcome<BootstrapResult> differenceOfQuantiles(double[] baseline, double[] candidate, double[] qs,
                                                                 int resamples, double confidence, long seed,
                                                                 Progress progress, BooleanSupplier cancelled) {
        WelchTest.checkConfidence(confidence);
        if (resamples < 2) {
            throw new IllegalArgumentException("need at least 2 resamples: " + resamples);
        }
        for (double q : qs) {
            Quantiles.checkQ(q);
        }
        if (baseline.length == 0 || candidate.length == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "the bootstrap needs observations in both cohorts");
        }
        double[] xb = baseline.clone();
        double[] xc = candidate.clone();
        Arrays.sort(xb);
        Arrays.sort(xc);
        if (!MannWhitneyTest.finite(xb) || !MannWhitneyTest.finite(xc)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        SplittableRandom master = new SplittableRandom(seed);
        SplittableRandom[] generators = new SplittableRandom[resamples];
        for (int r = 0; r < resamples; r++) {
            generators[r] = master.split();
        }
        double[][] diffs = new double[qs.length][resamples];
        AtomicInteger done = new AtomicInteger();
        int chunks = (resamples + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Resampler rb = new Resampler(xb, qs);
            Resampler rc = new Resampler(xc, qs);
            double[] qb = new double[qs.length];
            double[] qc = new double[qs.length];
            int end = Math.min(resamples, (chunk + 1) * CHUNK);
            for (int r = chunk * CHUNK; r < end; r++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("bootstrap cancelled");
                }
                SplittableRandom random = generators[r];
                rb.resampleQuantiles(random, qb);
                rc.resampleQuantiles(random, qc);
                for (int k = 0; k < qs.length; k++) {
                    diffs[k][r] = qc[k] - qb[k];
                }
            }
            progress.resamplesDone(done.addAndGet(end - chunk * CHUNK), resamples);
        });
        List<QuantileDifference> out = new ArrayList<>();
        double lowLevel = (1 - confidence) / 2;
        double highLevel = (1 + confidence) / 2;
        for (int k = 0; k < qs.length; k++) {
            double[] d = diffs[k];
            Arrays.sort(d);
            double estimate = Quantiles.ofSorted(xc, qs[k]) - Quantiles.ofSorted(xb, qs[k]);
            out.add(new QuantileDifference(qs[k], estimate, Quantiles.ofSorted(d, lowLevel), Quantiles.ofSorted(d, highLevel)));
        }
        return Outcome.ok(new BootstrapResult(out, resamples, confidence, seed));
    }

    /** Draws one resample's indices and selects its quantiles; one per worker, reused across resamples. */
    static final class Resampler {
        private final double[] sorted;
        private final double[] qs;
        private final int n;
        private final int shift;
        private final int[] drawn;
        private final int[] bucketCounts;
        private final int[] bucketStart;
        private final int[] ranks;
        private final int[] rankBucket;
        private final int[] rankOffset;
        private final int[][] collected;
        private final int[] collectedSize;
        private final int[] slotOfBucket;

        Resampler(double[] sorted, double[] qs) {
            this.sorted = sorted;
            this.qs = qs;
            this.n = sorted.length;
            int s = 0;
            while ((n >>> s) > 8192) {
                s++;
            }
            this.shift = s;
            int buckets = ((n - 1) >>> s) + 1;
            this.drawn = new int[n];
            this.bucketCounts = new int[buckets];
            this.bucketStart = new int[buckets];
            this.ranks = new int[2 * qs.length];
            this.rankBucket = new int[ranks.length];
            this.rankOffset = new int[ranks.length];
            this.collected = new int[ranks.length][];
            this.collectedSize = new int[ranks.length];
            this.slotOfBucket = new int[buckets];
            for (int k = 0; k < qs.length; k++) {
                double h = (n - 1) * qs[k];
                int j = Math.min((int) Math.floor(h), n - 1);
                ranks[2 * k] = j;
                ranks[2 * k + 1] = Math.min(j + 1, n - 1);
            }
        }

        /** Writes the type-7 quantiles of one fresh resample into {@code out}. */
        void resampleQuantiles(SplittableRandom random, double[] out) {
            Arrays.fill(bucketCounts, 0);
            drawIndices(random);
            int running = 0;
            for (int b = 0; b < bucketCounts.length; b++) {
                bucketStart[b] = running;
                running += bucketCounts[b];
            }
            // which bucket holds each needed rank, and the rank's offset inside it
            Arrays.fill(slotOfBucket, -1);
            int slots = 0;
            for (int i = 0; i < ranks.length; i++) {
                int b = bucketOfRank(ranks[i]);
                rankBucket[i] = b;
                rankOffset[i] = ranks[i] - bucketStart[b];
                if (slotOfBucket[b] < 0) {
                    slotOfBucket[b] = slots;
                    if (collected[slots] == null || collected[slots].length < bucketCounts[b]) {
                        collected[slots] = new int[Math.max(bucketCounts[b], 16) * 2];
                    }
                    collectedSize[slots] = 0;
                    slots++;
                }
            }
            for (int i = 0; i < n; i++) {
                int idx = drawn[i];
                int slot = slotOfBucket[idx >>> shift];
                if (slot >= 0) {
                    collected[slot][collectedSize[slot]++] = idx;
                }
            }
            for (int s = 0; s < slots; s++) {
                Arrays.sort(collected[s], 0, collectedSize[s]);
            }
            for (int k = 0; k < qs.length; k++) {
                double lo = orderStatistic(2 * k);
                double h = (n - 1) * qs[k];
                int j = (int) Math.floor(h);
                out[k] = j >= n - 1 ? lo : Quantiles.interpolate(lo, orderStatistic(2 * k + 1), h - j);
            }
        }

        private double orderStatistic(int i) {
            return sorted[collected[slotOfBucket[rankBucket[i]]][rankOffset[i]]];
        }

        private int bucketOfRank(int rank) {
            // last bucket whose start is <= rank and that is not empty
            int lo = 0;
            int hi = bucketCounts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (bucketStart[mid] <= rank) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            while (bucketCounts[lo] == 0) {
                lo--;
            }
            return lo;
        }

        /** n uniform indices in [0, n), two per 64-bit draw, by Lemire's method with rejection. */
        private void drawIndices(SplittableRandom random) {
            long bound = n;
            long threshold = (1L << 32) % bound; // reject low parts below this: no modulo bias
            int i = 0;
            while (i < n) {
                long bits = random.nextLong();
                long m = (bits >>> 32) * bound;
                if ((m & 0xFFFFFFFFL) >= threshold) {
                    int idx = (int) (m >>> 32);
                    drawn[i++] = idx;
                    bucketCounts[idx >>> shift]++;
                }
                if (i < n) {
                    m = (bits & 0xFFFFFFFFL) * bound;
                    if ((m & 0xFFFFFFFFL) >= threshold) {
                        int idx = (int) (m >>> 32);
                        drawn[i++] = idx;
                        bucketCounts[idx >>> shift]++;
                    }
                }
            }
        }

        /** The indices of the last resample (for tests). */
        int[] lastDrawn() {
            return drawn.clone();
        }
    }
}
