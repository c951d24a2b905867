package io.prodlab.stats;

/**
 * The relative change of a mean, (x̄<sub>c</sub> − x̄<sub>b</sub>)/x̄<sub>b</sub> ("+12%"), with its
 * delta-method confidence interval, as GrowthBook's gbstats frequentist tests compute it
 * ({@code frequentist_variance(..., relative=True)}).
 *
 * <p>With v<sub>b</sub> = s<sub>b</sub>²/n<sub>b</sub>, v<sub>c</sub> = s<sub>c</sub>²/n<sub>c</sub>,
 * a first-order Taylor expansion of x̄<sub>c</sub>/x̄<sub>b</sub> gives
 * Var ≈ v<sub>c</sub>/x̄<sub>b</sub>² + x̄<sub>c</sub>²·v<sub>b</sub>/x̄<sub>b</sub>⁴; the interval is
 * lift ± t<sub>(1+c)/2, df</sub>·√Var with Welch–Satterthwaite df (as {@link WelchTest}). The expansion
 * needs x̄<sub>b</sub> well away from 0 (its CV small); for a proportion pass the rates' sufficient
 * statistics (sum = errors, sum of squares = errors).
 *
 * <p>References: Casella, G. and Berger, R. L. (2002), "Statistical Inference", 2nd ed., §5.5.4;
 * Deng, A., Knoblich, U. and Lu, J. (2018), "Applying the Delta Method in Metric Analytics", KDD '18.
 */
public final class RelativeEffect {
    private RelativeEffect() {
    }

    /**
     * @param lift       (x̄<sub>c</sub> − x̄<sub>b</sub>)/x̄<sub>b</sub>, a fraction (0.12 = +12%)
     * @param ciLow      lower end of the delta-method interval
     * @param ciHigh     upper end
     * @param confidence the interval's confidence level
     */
    public record RelativeResult(double lift, double standardError, double ciLow, double ciHigh, double confidence) {
    }

    /** From sufficient statistics (what DuckDB aggregates). */
    public static Outcome<RelativeResult> ofMeans(SufficientStats baseline, SufficientStats candidate, double confidence) {
        if (baseline.n() < 2 || candidate.n() < 2) {
            return tooFew();
        }
        return ofMeans(baseline.n(), baseline.mean(), baseline.variance(),
                candidate.n(), candidate.mean(), candidate.variance(), confidence);
    }

    /** From the values (two-pass variances). */
    public static Outcome<RelativeResult> ofMeans(double[] baseline, double[] candidate, double confidence) {
        if (baseline.length < 2 || candidate.length < 2) {
            return tooFew();
        }
        return ofMeans(baseline.length, Descriptives.mean(baseline), Descriptives.sampleVariance(baseline),
                candidate.length, Descriptives.mean(candidate), Descriptives.sampleVariance(candidate), confidence);
    }

    private static Outcome<RelativeResult> tooFew() {
        return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "a relative effect needs at least 2 observations per cohort");
    }

    private static Outcome<RelativeResult> ofMeans(long nb, double mb, double varB, long nc, double mc, double varC,
                                                   double confidence) {
        WelchTest.checkConfidence(confidence);
        if (!Double.isFinite(mb + mc + varB + varC)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a mean or variance is NaN or infinite");
        }
        if (mb == 0) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "the baseline mean is 0: a relative change is undefined");
        }
        double vb = varB / nb;
        double vc = varC / nc;
        if (vb == 0 && vc == 0) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "both cohorts are constant");
        }
        double variance = vc / (mb * mb) + mc * mc * vb / (mb * mb * mb * mb);
        double se = Math.sqrt(variance);
        double df = (vb + vc) * (vb + vc) / (vb * vb / (nb - 1) + vc * vc / (nc - 1));
        double lift = (mc - mb) / mb;
        double half = Special.studentQuantile(0.5 + confidence / 2, df) * se;
        return Outcome.ok(new RelativeResult(lift, se, lift - half, lift + half, confidence));
    }
}
