package io.prodlab.stats;

/**
 * CUPED variance reduction: the difference of means adjusted by a pre-period covariate (e.g. the
 * same unit's latency before the change), then Welch's test on the adjusted values.
 *
 * <p>θ = Cov(Y, X)/Var(X) over both cohorts pooled (so θ does not depend on the treatment);
 * Y' = Y − θ(X − X̄<sub>pooled</sub>). The adjusted difference of means is unbiased when the
 * covariate is unaffected by the change (it is measured before it), and its variance shrinks by
 * the factor 1 − ρ², ρ the pooled correlation of Y and X — reported as {@code varianceReduction}.
 *
 * <p>Reference: Deng, A., Xu, Y., Kohavi, R. and Walker, T. (2013), "Improving the Sensitivity of
 * Online Controlled Experiments by Utilizing Pre-Experiment Data", WSDM '13.
 */
public final class Cuped {
    private Cuped() {
    }

    /**
     * @param theta             the regression coefficient θ
     * @param varianceReduction 1 − Var(Y′)/Var(Y) over the pooled sample (= ρ²), a fraction
     * @param welch             Welch's test on the adjusted values (difference in the metric's unit)
     */
    public record CupedResult(double theta, double varianceReduction, WelchTest.WelchResult welch) {
    }

    /**
     * @param baseline           the metric per unit in the baseline
     * @param baselineCovariate  the same units' pre-period values, in the same order
     */
    public static Outcome<CupedResult> test(double[] baseline, double[] baselineCovariate,
                                            double[] candidate, double[] candidateCovariate, double confidence) {
        if (baseline.length != baselineCovariate.length || candidate.length != candidateCovariate.length) {
            throw new IllegalArgumentException("each value needs its covariate");
        }
        if (baseline.length < 2 || candidate.length < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "CUPED needs at least 2 units per cohort");
        }
        int n = baseline.length + candidate.length;
        double[] y = concat(baseline, candidate);
        double[] x = concat(baselineCovariate, candidateCovariate);
        double my = Descriptives.mean(y);
        double mx = Descriptives.mean(x);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (!Double.isFinite(sxx + sxy + syy)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value or covariate is NaN or infinite");
        }
        if (!(sxx > 0)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "the covariate is constant: nothing to adjust by");
        }
        double theta = sxy / sxx;
        double[] adjustedB = adjust(baseline, baselineCovariate, theta, mx);
        double[] adjustedC = adjust(candidate, candidateCovariate, theta, mx);
        double syyAdjusted = Descriptives.sumSquaredDeviations(concat(adjustedB, adjustedC),
                Descriptives.mean(concat(adjustedB, adjustedC)));
        double reduction = syy > 0 ? 1 - syyAdjusted / syy : 0.0;
        return WelchTest.test(adjustedB, adjustedC, confidence)
                .map(w -> new CupedResult(theta, reduction, w));
    }

    private static double[] adjust(double[] y, double[] x, double theta, double mx) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] - theta * (x[i] - mx);
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
