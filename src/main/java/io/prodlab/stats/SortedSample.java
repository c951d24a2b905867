package io.prodlab.stats;

import java.util.Arrays;

/**
 * A sample sorted once, so that every test of a comparison (Mann–Whitney, Kolmogorov–Smirnov,
 * Brown–Forsythe, the descriptives' quantiles, the quantile intervals) reads the same sorted
 * values instead of copying and sorting them again: on 1,000,000 observations the sorts were
 * most of a comparison's time. The array is owned by the sample and never changed.
 */
public final class SortedSample {
    private final double[] sorted;

    private SortedSample(double[] sorted) {
        this.sorted = sorted;
    }

    /** Above this many values the sort runs on the common fork-join pool (the same order either way). */
    static final int PARALLEL = 1 << 16;

    /** A sorted copy of {@code values} (not modified). */
    public static SortedSample of(double[] values) {
        return adopt(values.clone());
    }

    /**
     * Sorts {@code values} in place and takes it over: the caller must not use or change the array
     * afterwards. For a reader that filled the array for this purpose alone.
     */
    public static SortedSample adopt(double[] values) {
        if (values.length > PARALLEL) {
            Arrays.parallelSort(values);
        } else {
            Arrays.sort(values);
        }
        return new SortedSample(values);
    }

    public int n() {
        return sorted.length;
    }

    /** The i-th smallest (0-based). */
    public double get(int i) {
        return sorted[i];
    }

    /** False when a value is NaN or infinite (NaN sorts last, −∞ first). */
    public boolean finite() {
        return MannWhitneyTest.finite(sorted);
    }

    /** The sorted values; package-private so that no caller can change them. */
    double[] values() {
        return sorted;
    }

    /** A copy of the sorted values. */
    public double[] toArray() {
        return sorted.clone();
    }
}
