package io.prodlab.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Throughput: event rates (requests per second) of two cohorts over their exposure times, and
 * their comparison (candidate minus baseline, and candidate over baseline).
 *
 * <p>Counts may be weighted (sampled spans counted by their adjusted count 1/p): K = Σw estimates
 * the events and V = Σw² its variance (a compound-Poisson count: V = K when unweighted).
 * <ul>
 *   <li>One rate: r = K/T. Unweighted, the exact (Garwood 1936) interval
 *       [Γ<sup>−1</sup>(α/2; k, 1), Γ<sup>−1</sup>(1−α/2; k+1, 1)]/T — scipy
 *       {@code stats.gamma.ppf} (the chi-square form halved); weighted, r ± z√V/T.</li>
 *   <li>Difference: d = r<sub>c</sub> − r<sub>b</sub>, SE = √(V<sub>b</sub>/T<sub>b</sub>² +
 *       V<sub>c</sub>/T<sub>c</sub>²), z = d/SE, p = 2(1 − Φ(|z|)), interval d ± z<sub>(1+c)/2</sub>·SE
 *       (Wald).</li>
 *   <li>Ratio: R = r<sub>c</sub>/r<sub>b</sub>, interval exp(log R ± z·√(V<sub>b</sub>/K<sub>b</sub>² +
 *       V<sub>c</sub>/K<sub>c</sub>²)) (delta method on the log).</li>
 *   <li>Exact p (unweighted only): conditional on the total k = k<sub>b</sub> + k<sub>c</sub>, under
 *       equal rates k<sub>c</sub> ~ Binomial(k, T<sub>c</sub>/(T<sub>b</sub>+T<sub>c</sub>)); the
 *       two-sided p is scipy's {@code stats.binomtest(k_c, k, T_c/(T_b+T_c)).pvalue} (sum of the
 *       outcomes no more likely than the observed, relative tolerance 1e-7 as scipy) — Przyborowski
 *       and Wilenski (1940).</li>
 * </ul>
 *
 * <p>References: Garwood, F. (1936), "Fiducial limits for the Poisson distribution", Biometrika
 * 28, 437–442; Przyborowski, J. and Wilenski, H. (1940), "Homogeneity of results in testing samples
 * from Poisson series", Biometrika 31, 313–323.
 */
public final class PoissonRateTest {
    private PoissonRateTest() {
    }

    /**
     * One cohort's events over its exposure.
     *
     * @param events      observations counted (sampled spans)
     * @param adjusted    K = Σw, the events they stand for (= events when unweighted)
     * @param variance    V = Σw² (= events when unweighted)
     * @param seconds     exposure time T
     */
    public record Exposure(long events, double adjusted, double variance, double seconds) {
        public static Exposure unweighted(long events, double seconds) {
            return new Exposure(events, events, events, seconds);
        }

        public boolean weighted() {
            return adjusted != events || variance != events;
        }

        public double rate() {
            return adjusted / seconds;
        }
    }

    /** A rate with its interval; {@code exact} says the interval is Garwood's, not the normal one. */
    public record Rate(double rate, double ciLow, double ciHigh, boolean exact, double confidence) {
    }

    /**
     * @param diff      r<sub>c</sub> − r<sub>b</sub> (per second)
     * @param z         Wald z of the difference
     * @param p         its two-sided p
     * @param ratio     r<sub>c</sub>/r<sub>b</sub>
     * @param exactP    the conditional binomial p, NaN when either count is weighted
     */
    public record RateComparison(double diff, double ciLow, double ciHigh, double z, double p, double ratio,
                                 double ratioCiLow, double ratioCiHigh, double exactP, double confidence) {
        /** The exact p when there is one, else the Wald p. */
        public double decidingP() {
            return Double.isNaN(exactP) ? p : exactP;
        }
    }

    public static Outcome<Rate> rate(Exposure e, double confidence) {
        WelchTest.checkConfidence(confidence);
        if (!(e.seconds() > 0) || !Double.isFinite(e.seconds())) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no time to count over (the window is empty "
                    + "or holds one instant)");
        }
        double alpha = 1 - confidence;
        if (!e.weighted()) {
            long k = e.events();
            double low = k == 0 ? 0 : gammaQuantile(alpha / 2, k);
            double high = gammaQuantile(1 - alpha / 2, k + 1.0);
            return Outcome.ok(new Rate(k / e.seconds(), low / e.seconds(), high / e.seconds(), true, confidence));
        }
        double half = Special.normalQuantile(0.5 + confidence / 2) * Math.sqrt(e.variance()) / e.seconds();
        double r = e.rate();
        return Outcome.ok(new Rate(r, Math.max(0, r - half), r + half, false, confidence));
    }

    public static Outcome<RateComparison> compare(Exposure baseline, Exposure candidate, double confidence) {
        WelchTest.checkConfidence(confidence);
        if (!(baseline.seconds() > 0) || !(candidate.seconds() > 0)) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "a cohort has no time to count over");
        }
        if (baseline.events() == 0 && candidate.events() == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no events in either cohort");
        }
        double z = Special.normalQuantile(0.5 + confidence / 2);
        double rb = baseline.rate();
        double rc = candidate.rate();
        double diff = rc - rb;
        double se = Math.sqrt(baseline.variance() / (baseline.seconds() * baseline.seconds())
                + candidate.variance() / (candidate.seconds() * candidate.seconds()));
        double zs = diff / se;
        double p = Math.min(1.0, 2 * Special.normalSf(Math.abs(zs)));
        double ratio = rc / rb;
        double low = Double.NaN;
        double high = Double.NaN;
        if (baseline.adjusted() > 0 && candidate.adjusted() > 0) {
            double seLog = Math.sqrt(baseline.variance() / (baseline.adjusted() * baseline.adjusted())
                    + candidate.variance() / (candidate.adjusted() * candidate.adjusted()));
            low = ratio * Math.exp(-z * seLog);
            high = ratio * Math.exp(z * seLog);
        }
        double exact = baseline.weighted() || candidate.weighted() ? Double.NaN
                : binomialTwoSided(candidate.events(), baseline.events() + candidate.events(),
                candidate.seconds() / (baseline.seconds() + candidate.seconds()));
        return Outcome.ok(new RateComparison(diff, diff - z * se, diff + z * se, zs, p, ratio, low, high, exact,
                confidence));
    }

    private static double gammaQuantile(double p, double shape) {
        return new GammaDistribution(null, shape, 1.0, 1e-14).inverseCumulativeProbability(p);
    }

    /** scipy's {@code binomtest(k, n, p, alternative="two-sided").pvalue}. */
    static double binomialTwoSided(long k, long n, double p) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many events for the exact test: " + n);
        }
        BinomialDistribution b = new BinomialDistribution(null, (int) n, p);
        double d = b.probability((int) k);
        double rerr = 1 + 1e-7;
        double pval;
        if (k == p * n) {
            return 1.0;
        } else if (k < p * n) {
            long ix = search(x -> -b.probability((int) x), -d * rerr, (long) Math.ceil(p * n), n);
            long y = n - ix + (d * rerr == b.probability((int) ix) ? 1 : 0);
            pval = cdf(k, n, p) + sf(n - y, n, p);
        } else {
            long ix = search(x -> b.probability((int) x), d * rerr, 0, (long) Math.floor(p * n));
            long y = ix + 1;
            pval = cdf(y - 1, n, p) + sf(k - 1, n, p);
        }
        return Math.min(1.0, pval);
    }

    /** scipy's {@code _binary_search_for_binom_tst}: the last x in [lo, hi] with a(x) ≤ d, for a monotone a. */
    private static long search(java.util.function.LongToDoubleFunction a, double d, long lo, long hi) {
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            double v = a.applyAsDouble(mid);
            if (v < d) {
                lo = mid + 1;
            } else if (v > d) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return a.applyAsDouble(lo) <= d ? lo : lo - 1;
    }

    /** P(X ≤ x) for X ~ Binomial(n, p), from the regularized beta (accurate in the tails). */
    private static double cdf(long x, long n, double p) {
        if (x < 0) {
            return 0;
        }
        if (x >= n) {
            return 1;
        }
        return Beta.regularizedBeta(1 - p, n - x, x + 1.0, 1e-15, Integer.MAX_VALUE);
    }

    /** P(X > x). */
    private static double sf(long x, long n, double p) {
        if (x < 0) {
            return 1;
        }
        if (x >= n) {
            return 0;
        }
        return Beta.regularizedBeta(p, x + 1.0, n - x, 1e-15, Integer.MAX_VALUE);
    }
}
