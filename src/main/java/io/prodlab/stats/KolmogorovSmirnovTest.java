package io.prodlab.stats;

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, asymptotic p-value: scipy
 * {@code ks_2samp(baseline, candidate, alternative="two-sided", method="asymp")}.
 *
 * <p>D = sup<sub>t</sub> |F<sub>b</sub>(t) − F<sub>c</sub>(t)| over the empirical CDFs;
 * p = P(D<sub>en</sub> ≥ D) for the one-sample two-sided Kolmogorov distribution with
 * en = round(n<sub>b</sub>n<sub>c</sub>/(n<sub>b</sub>+n<sub>c</sub>)) (round half to even, as
 * numpy), which is scipy's {@code kstwo.sf(d, round(en))} — ported in
 * {@link KolmogorovDistribution}. Sensitive to changes of shape and tails that a test on the
 * mean or median misses.
 *
 * <p>References: Smirnov, N. V. (1939), Bull. Moscow Univ. 2(2), 3–16; Hodges, J. L. (1958),
 * "The significance probability of the Smirnov two-sample test", Arkiv för Matematik 3, 469–486.
 */
public final class KolmogorovSmirnovTest {
    private KolmogorovSmirnovTest() {
    }

    /**
     * @param d the largest distance between the two empirical CDFs, in [0, 1]
     * @param p two-sided asymptotic p-value
     */
    public record KsResult(double d, double p) {
    }

    public static Outcome<KsResult> test(double[] baseline, double[] candidate) {
        return test(SortedSample.of(baseline), SortedSample.of(candidate));
    }

    /** The test on samples sorted once for the whole comparison. */
    public static Outcome<KsResult> test(SortedSample baseline, SortedSample candidate) {
        int n1 = baseline.n();
        int n2 = candidate.n();
        if (n1 == 0 || n2 == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "Kolmogorov–Smirnov needs observations in both cohorts");
        }
        double[] x = baseline.values();
        double[] y = candidate.values();
        if (!MannWhitneyTest.finite(x) || !MannWhitneyTest.finite(y)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        double maxDiff = Double.NEGATIVE_INFINITY;
        double minDiff = Double.POSITIVE_INFINITY;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v = i < n1 && (j >= n2 || x[i] <= y[j]) ? x[i] : y[j];
            while (i < n1 && x[i] == v) {
                i++;
            }
            while (j < n2 && y[j] == v) {
                j++;
            }
            // the same floating-point expression as scipy: searchsorted(...)/n1 - searchsorted(...)/n2
            double diff = (double) i / n1 - (double) j / n2;
            maxDiff = Math.max(maxDiff, diff);
            minDiff = Math.min(minDiff, diff);
        }
        double minS = Math.max(0.0, Math.min(1.0, -minDiff));
        double d = minS > maxDiff ? minS : maxDiff;
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = Math.rint(m * n / (m + n));
        if (en < 1) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS,
                    "Kolmogorov–Smirnov's asymptotic p needs n·m/(n+m) ≥ ½ (one observation each is too few)");
        }
        double p = KolmogorovDistribution.sf((int) en, d);
        return Outcome.ok(new KsResult(d, p));
    }
}
