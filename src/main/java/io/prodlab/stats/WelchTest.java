package io.prodlab.stats;

/**
 * Welch's unequal-variances t-test, two-sided, with the confidence interval for the difference of
 * means (candidate minus baseline). Agrees with scipy
 * {@code ttest_ind(candidate, baseline, equal_var=False)} and its {@code confidence_interval}.
 *
 * <p>With v<sub>b</sub> = s<sub>b</sub>²/n<sub>b</sub>, v<sub>c</sub> = s<sub>c</sub>²/n<sub>c</sub>:
 * t = (x̄<sub>c</sub> − x̄<sub>b</sub>)/√(v<sub>b</sub>+v<sub>c</sub>); Welch–Satterthwaite
 * df = (v<sub>b</sub>+v<sub>c</sub>)² / (v<sub>b</sub>²/(n<sub>b</sub>−1) + v<sub>c</sub>²/(n<sub>c</sub>−1));
 * p = 2·P(T<sub>df</sub> &gt; |t|); CI = diff ± t<sub>(1+c)/2, df</sub>·√(v<sub>b</sub>+v<sub>c</sub>).
 *
 * <p>References: Welch, B. L. (1947), "The generalization of 'Student's' problem when several
 * different population variances are involved", Biometrika 34, 28–35; Satterthwaite, F. E.
 * (1946), Biometrics Bulletin 2(6), 110–114.
 */
public final class WelchTest {
    private WelchTest() {
    }

    /**
     * @param t          the statistic, positive when the candidate's mean is higher
     * @param df         Welch–Satterthwaite degrees of freedom
     * @param p          two-sided p-value
     * @param diff       x̄<sub>candidate</sub> − x̄<sub>baseline</sub> (ms for latency)
     * @param standardError √(v<sub>b</sub>+v<sub>c</sub>)
     * @param ciLow      lower end of the confidence interval for {@code diff}
     * @param ciHigh     upper end
     * @param confidence the interval's confidence level, e.g. 0.95
     */
    public record WelchResult(double t, double df, double p, double diff, double standardError,
                              double ciLow, double ciHigh, double confidence) {
    }

    /** Welch's test on the raw values (two-pass variances). */
    public static Outcome<WelchResult> test(double[] baseline, double[] candidate, double confidence) {
        if (baseline.length < 2 || candidate.length < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS,
                    "Welch's t-test needs at least 2 observations per cohort");
        }
        return test(baseline.length, Descriptives.mean(baseline), Descriptives.sampleVariance(baseline),
                candidate.length, Descriptives.mean(candidate), Descriptives.sampleVariance(candidate), confidence);
    }

    /** Welch's test from sufficient statistics (scipy {@code ttest_ind_from_stats}). */
    public static Outcome<WelchResult> test(SufficientStats baseline, SufficientStats candidate, double confidence) {
        if (baseline.n() < 2 || candidate.n() < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS,
                    "Welch's t-test needs at least 2 observations per cohort");
        }
        return test(baseline.n(), baseline.mean(), baseline.variance(),
                candidate.n(), candidate.mean(), candidate.variance(), confidence);
    }

    /** Welch's test from each cohort's count, mean and sample variance (DuckDB's avg and var_samp). */
    public static Outcome<WelchResult> test(long nb, double meanB, double varB, long nc, double meanC, double varC,
                                     double confidence) {
        checkConfidence(confidence);
        if (!Double.isFinite(meanB + meanC + varB + varC)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a mean or variance is NaN or infinite");
        }
        if (varB == 0 && varC == 0) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "both cohorts are constant");
        }
        double vb = varB / nb;
        double vc = varC / nc;
        double se = Math.sqrt(vb + vc);
        double diff = meanC - meanB;
        double t = diff / se;
        double df = (vb + vc) * (vb + vc) / (vb * vb / (nb - 1) + vc * vc / (nc - 1));
        double p = Special.studentTwoSided(t, df);
        double half = Special.studentQuantile(0.5 + confidence / 2, df) * se;
        return Outcome.ok(new WelchResult(t, df, p, diff, se, diff - half, diff + half, confidence));
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1): " + confidence);
        }
    }
}
