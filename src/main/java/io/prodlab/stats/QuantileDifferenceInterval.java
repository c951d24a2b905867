package io.prodlab.stats;

/**
 * An asymptotic confidence interval for the difference of a quantile between two cohorts, for
 * when the bootstrap is too slow: each quantile's standard error comes from the distribution-free
 * interval of its order statistics, as in GrowthBook's quantile tests after Deng, Knoblich and Lu.
 *
 * <p>For a sample of n and level q, with z = z<sub>(1+c)/2</sub> and
 * L = ⌊nq − z√(nq(1−q))⌋, U = ⌈nq + z√(nq(1−q))⌉ (1-based ranks, clamped to [1, n]), the order
 * statistics x<sub>(L)</sub>, x<sub>(U)</sub> bracket the quantile with about probability c, so
 * SE ≈ (x<sub>(U)</sub> − x<sub>(L)</sub>)/(2z). The difference's interval is
 * diff ± z·√(SE<sub>b</sub>² + SE<sub>c</sub>²). Observations are assumed independent: spans
 * clustered in traces need the cluster adjustment of Deng et al., which this does not do.
 *
 * <p>References: David, H. A. and Nagaraja, H. N. (2003), "Order Statistics", 3rd ed., §7.1;
 * Deng, A., Knoblich, U. and Lu, J. (2018), "Applying the Delta Method in Metric Analytics: A
 * Practical Guide with Novel Ideas", KDD '18, §4.
 */
public final class QuantileDifferenceInterval {
    private QuantileDifferenceInterval() {
    }

    public static Outcome<QuantileBootstrap.QuantileDifference> asymptotic(double[] baseline, double[] candidate,
                                                                           double q, double confidence) {
        return asymptotic(SortedSample.of(baseline), SortedSample.of(candidate), q, confidence);
    }

    /** The interval on samples sorted once for the whole comparison. */
    public static Outcome<QuantileBootstrap.QuantileDifference> asymptotic(SortedSample baseline,
                                                                           SortedSample candidate, double q,
                                                                           double confidence) {
        WelchTest.checkConfidence(confidence);
        Quantiles.checkQ(q);
        if (baseline.n() < 2 || candidate.n() < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "at least 2 observations per cohort");
        }
        double[] b = baseline.values();
        double[] c = candidate.values();
        if (!MannWhitneyTest.finite(b) || !MannWhitneyTest.finite(c)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        double z = Special.normalQuantile(0.5 + confidence / 2);
        double seB = standardError(b, q, z);
        double seC = standardError(c, q, z);
        double diff = Quantiles.ofSorted(c, q) - Quantiles.ofSorted(b, q);
        double half = z * Math.sqrt(seB * seB + seC * seC);
        return Outcome.ok(new QuantileBootstrap.QuantileDifference(q, diff, diff - half, diff + half));
    }

    /**
     * A two-sided p-value for "no difference" read off an interval by the normal approximation:
     * SE = (high − low)/(2z), p = 2(1 − Φ(|diff|/SE)). For a bootstrap's percentile interval this is
     * approximate (the interval need not be symmetric). A zero-width interval gives 1 for a zero
     * difference, else 0; NaN ends give NaN.
     */
    public static double pValue(QuantileBootstrap.QuantileDifference d, double confidence) {
        WelchTest.checkConfidence(confidence);
        if (!Double.isFinite(d.ciLow()) || !Double.isFinite(d.ciHigh())) {
            return Double.NaN;
        }
        double se = (d.ciHigh() - d.ciLow()) / (2 * Special.normalQuantile(0.5 + confidence / 2));
        if (!(se > 0)) {
            return d.diff() == 0 ? 1 : 0;
        }
        return Math.min(1, 2 * Special.normalSf(Math.abs(d.diff()) / se));
    }

    static double standardError(double[] sorted, double q, double z) {
        int n = sorted.length;
        double spread = z * Math.sqrt(n * q * (1 - q));
        int lower = (int) Math.max(1, Math.min(n, Math.floor(n * q - spread)));
        int upper = (int) Math.max(1, Math.min(n, Math.ceil(n * q + spread)));
        return (sorted[upper - 1] - sorted[lower - 1]) / (2 * z);
    }
}
