package io.prodlab.stats;

/**
 * An always-valid confidence sequence for a difference (Howard, Ramdas, McAuliffe and Sekhon 2021,
 * the normal-mixture boundary), as GrowthBook's sequential tests use it: an interval that may be
 * looked at after every observation and still covers the true difference with probability
 * 1 − α at all times together. The price is width: it is wider than the fixed-horizon interval at
 * any single look.
 *
 * <p>With N observations in all, an estimate whose variance is {@code v} (so that N·v is the
 * per-observation variance σ²) and the mixing parameter ρ, the half-width is
 * σ·√(2(Nρ²+1)/(N²ρ²) · ln(√(Nρ²+1)/α)). ρ is chosen so the boundary is tightest near
 * {@code tuning} observations: ρ = √((−2 ln α + ln(−2 ln α + 1)) / tuning) (gbstats'
 * {@code sequential_rho}).
 */
public final class ConfidenceSequence {
    /** gbstats' default: tightest around 5,000 observations. */
    public static final double DEFAULT_TUNING = 5000;

    private ConfidenceSequence() {
    }

    /** The mixing parameter that makes the boundary tightest at {@code tuning} observations. */
    public static double rho(double alpha, double tuning) {
        if (!(alpha > 0 && alpha < 1) || !(tuning > 0)) {
            throw new IllegalArgumentException("alpha in (0,1) and tuning > 0 expected: " + alpha + ", " + tuning);
        }
        double l = -2 * Math.log(alpha);
        return Math.sqrt((l + Math.log(l + 1)) / tuning);
    }

    /**
     * The half-width of the always-valid interval.
     *
     * @param variance the variance of the estimate (its standard error squared)
     * @param n the observations it is made from (both cohorts together)
     */
    public static double halfWidth(double variance, long n, double alpha, double tuning) {
        if (n <= 0 || !(variance >= 0)) {
            return Double.NaN;
        }
        double rho = rho(alpha, tuning);
        double s2 = variance * n;
        double nr = n * rho * rho;
        return Math.sqrt(s2) * Math.sqrt(2 * (nr + 1) / ((double) n * n * rho * rho) * Math.log(Math.sqrt(nr + 1) / alpha));
    }
}
