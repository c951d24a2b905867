package io.prodlab.stats;

/**
 * Descriptives of a sample whose observations stand for several each: sampled spans weighted by
 * their adjusted count (1/p for a sampling probability p). Weights are frequency weights: with
 * integer weights every figure equals the unweighted figure of the sample in which each value is
 * repeated as often as its weight says — numpy's {@code mean}, {@code std(ddof=1)} and
 * {@code quantile} of {@code np.repeat(x, w)}, checked in the golden tests.
 *
 * <p>W = Σw; mean = Σwx/W; variance = Σw(x−mean)²/(W−1). Quantiles generalise type 7: with the
 * sorted values and cumulative weights C<sub>i</sub> = w<sub>0</sub> + … + w<sub>i</sub>, the
 * position h = q(W−1) in the repeated sample falls in the run of x<sub>i</sub> when
 * C<sub>i−1</sub> ≤ h ≤ C<sub>i</sub> − 1, giving x<sub>i</sub>; between C<sub>i</sub> − 1 and
 * C<sub>i</sub> it interpolates linearly to x<sub>i+1</sub>. For non-integer weights this is the
 * same piecewise-linear function, so it is continuous in the weights.
 *
 * @param n      observations (sampled spans)
 * @param weight W, the adjusted count: how many spans the sample stands for
 */
public record WeightedDescriptives(long n, double weight, double mean, double sd, double p50, double p90,
                                   double p95, double p99) {

    /**
     * @param sorted  the values in ascending order
     * @param weights each value's weight (≥ 1 for adjusted counts; any positive weight is accepted)
     */
    public static Outcome<WeightedDescriptives> ofSorted(double[] sorted, double[] weights) {
        if (sorted.length != weights.length) {
            throw new IllegalArgumentException("one weight per value: " + sorted.length + " values, "
                    + weights.length + " weights");
        }
        int n = sorted.length;
        if (n == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no observations");
        }
        double w = 0;
        double wx = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                return Outcome.problem(StatProblem.NOT_FINITE, "a weight is not a positive number: " + weights[i]);
            }
            if (i > 0 && sorted[i] < sorted[i - 1]) {
                throw new IllegalArgumentException("values are not sorted at " + i);
            }
            w += weights[i];
            wx += weights[i] * sorted[i];
        }
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[n - 1])) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        double mean = wx / w;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = sorted[i] - mean;
            ss += weights[i] * d * d;
        }
        double sd = w > 1 ? Math.sqrt(ss / (w - 1)) : Double.NaN;
        return Outcome.ok(new WeightedDescriptives(n, w, mean, sd, quantile(sorted, weights, w, 0.5),
                quantile(sorted, weights, w, 0.9), quantile(sorted, weights, w, 0.95), quantile(sorted, weights, w, 0.99)));
    }

    /** The weighted type-7 quantile (see the class comment); W = Σw given. */
    static double quantile(double[] sorted, double[] weights, double totalWeight, double q) {
        Quantiles.checkQ(q);
        double h = q * Math.max(0.0, totalWeight - 1);
        double before = 0;
        for (int i = 0; i < sorted.length; i++) {
            double end = before + weights[i];
            if (h <= end - 1 || i == sorted.length - 1) {
                return sorted[i];
            }
            if (h < end) {
                return Quantiles.interpolate(sorted[i], sorted[i + 1], h - (end - 1));
            }
            before = end;
        }
        return sorted[sorted.length - 1];
    }
}
