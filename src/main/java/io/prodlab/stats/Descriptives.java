package io.prodlab.stats;

/**
 * What a cohort's latency looks like: count, mean, standard deviation (ddof 1, numpy's
 * {@code std(ddof=1)}, two-pass), extremes and the type-7 quantiles p50/p90/p95/p99
 * ({@link Quantiles}). Units are those of the input (milliseconds for latency).
 *
 * @param n    number of observations (≥ 1)
 * @param mean arithmetic mean
 * @param sd   sample standard deviation √(Σ(x−x̄)²/(n−1)); NaN when n = 1 (numpy gives nan too)
 */
public record Descriptives(long n, double mean, double sd, double min, double max,
                           double p50, double p90, double p95, double p99) {

    /** Descriptives of the values (not modified); TOO_FEW_OBSERVATIONS when empty, NOT_FINITE on NaN/∞. */
    public static Outcome<Descriptives> of(double[] values) {
        return of(SortedSample.of(values));
    }

    /** Descriptives of a sample sorted once for the whole comparison. */
    public static Outcome<Descriptives> of(SortedSample sample) {
        double[] sorted = sample.values();
        if (sorted.length == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no observations");
        }
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[sorted.length - 1])) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        int n = sorted.length;
        double mean = mean(sorted);
        double sd = n < 2 ? Double.NaN : Math.sqrt(sumSquaredDeviations(sorted, mean) / (n - 1));
        return Outcome.ok(new Descriptives(n, mean, sd, sorted[0], sorted[n - 1],
                Quantiles.ofSorted(sorted, 0.50), Quantiles.ofSorted(sorted, 0.90),
                Quantiles.ofSorted(sorted, 0.95), Quantiles.ofSorted(sorted, 0.99)));
    }

    /**
     * Descriptives from sufficient statistics: n, mean and sd only — quantiles and extremes are
     * not recoverable from sums, so they are NaN here (DuckDB computes them in SQL).
     */
    public static Outcome<Descriptives> of(SufficientStats stats) {
        if (stats.n() == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no observations");
        }
        if (!Double.isFinite(stats.sum()) || !Double.isFinite(stats.sumSquares())) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a sum is NaN or infinite");
        }
        double nan = Double.NaN;
        return Outcome.ok(new Descriptives(stats.n(), stats.mean(), stats.sd(), nan, nan, nan, nan, nan, nan));
    }

    /** The variance sd², NaN when n = 1. */
    public double variance() {
        return sd * sd;
    }

    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    static double sumSquaredDeviations(double[] values, double mean) {
        double s = 0;
        for (double v : values) {
            double d = v - mean;
            s += d * d;
        }
        return s;
    }

    static double sampleVariance(double[] values) {
        return sumSquaredDeviations(values, mean(values)) / (values.length - 1);
    }
}
