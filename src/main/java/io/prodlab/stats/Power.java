package io.prodlab.stats;

/**
 * Power and sample size for a two-sided test at level α between two groups of equal size n, by
 * the normal approximation (the test statistic is N(δ/SE, 1) under the alternative; the far tail
 * is ignored in the size formulas, as is usual, and included in {@code power*}).
 *
 * <p>Means: SE = σ·√(2/n); MDE = (z<sub>1−α/2</sub> + z<sub>1−β</sub>)·σ·√(2/n);
 * n = 2·((z<sub>1−α/2</sub> + z<sub>1−β</sub>)·σ/δ)².
 * Proportions (Fleiss, without continuity correction), p̄ = (p<sub>1</sub>+p<sub>2</sub>)/2:
 * n = (z<sub>1−α/2</sub>√(2p̄(1−p̄)) + z<sub>1−β</sub>√(p<sub>1</sub>(1−p<sub>1</sub>)+p<sub>2</sub>(1−p<sub>2</sub>)))² / (p<sub>2</sub>−p<sub>1</sub>)².
 *
 * <p>"Low power" is a result: compare the MDE for the sample at hand with the effect that
 * matters; {@link #isLowPower} does that.
 *
 * <p>References: Chow, S.-C., Shao, J. and Wang, H. (2008), "Sample Size Calculations in Clinical
 * Research", 2nd ed., §3.2 and §4.2; Fleiss, Levin and Paik (2003), §4.2.
 */
public final class Power {
    private Power() {
    }

    /** The smallest true difference of means detected with the given power, in the unit of σ. */
    public static Outcome<Double> minimumDetectableDifferenceOfMeans(double sd, long nPerGroup, double alpha, double power) {
        checkLevels(alpha, power);
        if (nPerGroup < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "at least 2 observations per group");
        }
        if (!(sd > 0) || Double.isInfinite(sd)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "the standard deviation must be positive");
        }
        return Outcome.ok(zSum(alpha, power) * sd * Math.sqrt(2.0 / nPerGroup));
    }

    /** Observations per group needed to detect a difference of means δ (not rounded; round up). */
    public static double sampleSizeForDifferenceOfMeans(double sd, double delta, double alpha, double power) {
        checkLevels(alpha, power);
        if (!(sd > 0) || delta == 0 || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("need sd > 0 and a finite, non-zero effect");
        }
        double r = zSum(alpha, power) * sd / delta;
        return 2 * r * r;
    }

    /** Probability that the two-sided z-test at level α rejects when the true difference is δ. */
    public static double powerForDifferenceOfMeans(double sd, long nPerGroup, double delta, double alpha) {
        double shift = Math.abs(delta) / (sd * Math.sqrt(2.0 / nPerGroup));
        double z = Special.normalQuantile(1 - alpha / 2);
        return Special.normalCdf(shift - z) + Special.normalCdf(-shift - z);
    }

    /** Observations per group to detect rates p<sub>1</sub> (baseline) vs p<sub>2</sub> (not rounded). */
    public static double sampleSizeForProportions(double p1, double p2, double alpha, double power) {
        checkLevels(alpha, power);
        checkRate(p1);
        checkRate(p2);
        if (p1 == p2) {
            throw new IllegalArgumentException("the rates must differ");
        }
        double za = Special.normalQuantile(1 - alpha / 2);
        double zb = Special.normalQuantile(power);
        double pbar = (p1 + p2) / 2;
        double s = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return s * s / ((p2 - p1) * (p2 - p1));
    }

    /** Power of the pooled two-proportion z-test with n per group when the rates are p<sub>1</sub>, p<sub>2</sub>. */
    public static double powerForProportions(double p1, double p2, long nPerGroup, double alpha) {
        double za = Special.normalQuantile(1 - alpha / 2);
        double pbar = (p1 + p2) / 2;
        double se0 = Math.sqrt(2 * pbar * (1 - pbar) / nPerGroup);
        double se1 = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / nPerGroup);
        double d = Math.abs(p2 - p1);
        return Special.normalCdf((d - za * se0) / se1) + Special.normalCdf((-d - za * se0) / se1);
    }

    /**
     * The smallest increase of a baseline rate p<sub>1</sub> (as an absolute difference) that n per
     * group detects with the given power: the root of {@link #sampleSizeForProportions} = n in
     * p<sub>2</sub> ∈ (p<sub>1</sub>, 1), by bisection to 1e-12. TOO_FEW_OBSERVATIONS when even
     * p<sub>2</sub> → 1 needs more than n.
     */
    public static Outcome<Double> minimumDetectableIncreaseOfProportion(double p1, long nPerGroup, double alpha, double power) {
        checkLevels(alpha, power);
        checkRate(p1);
        if (nPerGroup < 2 || p1 >= 1) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "at least 2 observations per group and a rate below 1");
        }
        double lo = p1;
        double hi = 1.0;
        if (sampleSizeForProportions(p1, Math.nextDown(hi), alpha, power) > nPerGroup) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no increase of the rate is detectable with n = " + nPerGroup);
        }
        while (hi - lo > 1e-12) {
            double mid = (lo + hi) / 2;
            if (mid == p1 || sampleSizeForProportions(p1, mid, alpha, power) > nPerGroup) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Outcome.ok(hi - p1);
    }

    /** True when the sample's minimum detectable effect is larger than the effect that matters. */
    public static boolean isLowPower(double minimumDetectableEffect, double effectThatMatters) {
        return Math.abs(minimumDetectableEffect) > Math.abs(effectThatMatters);
    }

    private static double zSum(double alpha, double power) {
        return Special.normalQuantile(1 - alpha / 2) + Special.normalQuantile(power);
    }

    private static void checkLevels(double alpha, double power) {
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("alpha and power must lie in (0, 1)");
        }
    }

    private static void checkRate(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a rate must lie in [0, 1]: " + p);
        }
    }
}
