package io.prodlab.stats;

/**
 * A sample reduced to its count, sum and sum of squares — what DuckDB aggregates in SQL so only
 * three numbers per cohort cross into Java (GrowthBook's gbstats "SampleMeanStatistic").
 *
 * <p>mean = Σx/n; variance (ddof 1) = (Σx² − (Σx)²/n)/(n−1). The one-pass formula loses digits
 * when the mean is large against the spread (relative error about ε·mean²/variance); tests that
 * have the values use {@link Descriptives}' two-pass variance instead.
 *
 * @param n          number of observations
 * @param sum        Σx
 * @param sumSquares Σx²
 */
public record SufficientStats(long n, double sum, double sumSquares) {
    public SufficientStats {
        if (n < 0) {
            throw new IllegalArgumentException("negative count: " + n);
        }
    }

    public static SufficientStats of(double[] values) {
        double s = 0;
        double ss = 0;
        for (double v : values) {
            s += v;
            ss += v * v;
        }
        return new SufficientStats(values.length, s, ss);
    }

    /** Σx/n; NaN when n = 0. */
    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample variance with n−1 in the denominator, never negative; NaN when n &lt; 2. */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        return Math.max(0.0, (sumSquares - sum * sum / n) / (n - 1));
    }

    public double sd() {
        return Math.sqrt(variance());
    }

    /** The statistics of both samples together (sums add). */
    public SufficientStats plus(SufficientStats other) {
        return new SufficientStats(n + other.n, sum + other.sum, sumSquares + other.sumSquares);
    }
}
