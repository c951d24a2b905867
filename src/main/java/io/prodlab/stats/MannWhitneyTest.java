package io.prodlab.stats;


/**
 * Mann–Whitney U test, two-sided normal approximation with tie and continuity correction, and the
 * Hodges–Lehmann estimate of the shift (candidate minus baseline) with its distribution-free
 * confidence interval.
 *
 * <p>Agrees with scipy {@code mannwhitneyu(baseline, candidate, use_continuity=True,
 * alternative="two-sided", method="asymptotic")} and with R's
 * {@code wilcox.test(exact=FALSE, correct=TRUE)}. Commons Math's {@code MannWhitneyUTest} applies
 * neither correction, so it is not used.
 *
 * <p>U = R<sub>b</sub> − n<sub>b</sub>(n<sub>b</sub>+1)/2, where R<sub>b</sub> is the sum of the
 * baseline's mid-ranks in the pooled sample (U is the baseline's statistic: large when the
 * baseline is slower). With N = n<sub>b</sub>+n<sub>c</sub> and t<sub>k</sub> the sizes of the tie
 * groups, σ = √(n<sub>b</sub>n<sub>c</sub>/12 · ((N+1) − Σ(t<sub>k</sub>³−t<sub>k</sub>)/(N(N−1)))),
 * p = min(1, 2·(1 − Φ((max(U, n<sub>b</sub>n<sub>c</sub>−U) − n<sub>b</sub>n<sub>c</sub>/2 − ½)/σ))).
 * The reported z carries the sign of U − n<sub>b</sub>n<sub>c</sub>/2 and the continuity-corrected
 * magnitude max(0, |U − n<sub>b</sub>n<sub>c</sub>/2| − ½)/σ.
 *
 * <p>Hodges–Lehmann: the median of all n<sub>b</sub>·n<sub>c</sub> differences
 * y<sub>j</sub> − x<sub>i</sub>. Its interval (Moses 1965; Hollander and Wolfe, "Nonparametric
 * Statistical Methods", 3rd ed., §4.3) is [D<sub>(k)</sub>, D<sub>(nm+1−k)</sub>] with
 * k = ⌊nm/2 − z<sub>(1+c)/2</sub>·σ⌋ and σ the tie-corrected σ above; when k &lt; 1 the sample is
 * too small for that confidence and the ends are NaN. The order statistics D<sub>(k)</sub> are
 * found exactly at every sample size, without materialising the nm differences: a bisection over
 * the bit patterns of doubles, each step counting the differences ≤ t with a two-pointer walk
 * over the sorted samples — O((n+m)·64) time, O(n+m) memory. So there is no size above which the
 * estimate becomes approximate.
 *
 * <p>References: Mann, H. B. and Whitney, D. R. (1947), Ann. Math. Statist. 18(1), 50–60;
 * Hodges, J. L. and Lehmann, E. L. (1963), Ann. Math. Statist. 34(2), 598–611;
 * Moses, L. E. (1965), "Query: Confidence limits from rank tests", Technometrics 7, 257–260.
 */
public final class MannWhitneyTest {
    private MannWhitneyTest() {
    }

    /**
     * @param u              the baseline's U statistic (scipy's {@code statistic})
     * @param z              signed, continuity-corrected standard score (see class comment)
     * @param p              two-sided p-value
     * @param hodgesLehmann  median of candidate-minus-baseline pairwise differences (ms for latency)
     * @param ciLow          lower end of the shift's interval, NaN when the sample is too small
     * @param ciHigh         upper end, NaN when the sample is too small
     * @param confidence     the interval's confidence level
     */
    public record MannWhitneyResult(double u, double z, double p, double hodgesLehmann,
                                    double ciLow, double ciHigh, double confidence) {
    }

    public static Outcome<MannWhitneyResult> test(double[] baseline, double[] candidate, double confidence) {
        return test(SortedSample.of(baseline), SortedSample.of(candidate), confidence);
    }

    /** The test on samples sorted once for the whole comparison. */
    public static Outcome<MannWhitneyResult> test(SortedSample baseline, SortedSample candidate, double confidence) {
        WelchTest.checkConfidence(confidence);
        int nb = baseline.n();
        int nc = candidate.n();
        if (nb == 0 || nc == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "Mann–Whitney needs observations in both cohorts");
        }
        double[] x = baseline.values();
        double[] y = candidate.values();
        if (!finite(x) || !finite(y)) {
            return Outcome.problem(StatProblem.NOT_FINITE, "a value is NaN or infinite");
        }
        // Walk the pooled sample by distinct value: mid-ranks and tie groups in one pass.
        long twiceRankSum = 0;
        double tieTerm = 0;
        int i = 0;
        int j = 0;
        long before = 0;
        while (i < nb || j < nc) {
            double v = i < nb && (j >= nc || x[i] <= y[j]) ? x[i] : y[j];
            long cx = 0;
            long cy = 0;
            while (i < nb && x[i] == v) {
                i++;
                cx++;
            }
            while (j < nc && y[j] == v) {
                j++;
                cy++;
            }
            long t = cx + cy;
            twiceRankSum += cx * (2 * before + t + 1);
            tieTerm += (double) t * t * t - t;
            before += t;
        }
        double n = (double) nb + nc;
        double nm = (double) nb * nc;
        double u = twiceRankSum / 2.0 - nb * (nb + 1.0) / 2;
        double sigma = Math.sqrt(nm / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
        if (!(sigma > 0)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "all observations are tied");
        }
        double mu = nm / 2;
        double corrected = (Math.max(u, nm - u) - mu - 0.5) / sigma;
        double p = Math.min(1.0, 2 * Special.normalSf(corrected));
        double z = Math.copySign(Math.max(0.0, corrected), u - mu);

        long pairs = (long) nb * nc;
        double hl = pairs % 2 == 1
                ? kthDifference(x, y, (pairs + 1) / 2)
                : (kthDifference(x, y, pairs / 2) + kthDifference(x, y, pairs / 2 + 1)) / 2;
        long k = (long) Math.floor(nm / 2 - Special.normalQuantile(0.5 + confidence / 2) * sigma);
        double low = Double.NaN;
        double high = Double.NaN;
        if (k >= 1) {
            low = kthDifference(x, y, k);
            high = kthDifference(x, y, pairs + 1 - k);
        }
        return Outcome.ok(new MannWhitneyResult(u, z, p, hl, low, high, confidence));
    }

    /**
     * The k-th smallest (1-based) of the differences y[j] − x[i] over sorted x and y, exactly
     * (the same double that computing and sorting all differences would give).
     */
    static double kthDifference(double[] x, double[] y, long k) {
        double lo = y[0] - x[x.length - 1];
        double hi = y[y.length - 1] - x[0];
        long a = orderedBits(lo);
        long b = orderedBits(hi);
        // invariant: countAtMost(value(b)) >= k; find the smallest such bit pattern
        while (a < b) {
            long mid = (a & b) + ((a ^ b) >> 1); // floor((a+b)/2) without overflow: a and b may have opposite signs
            if (countAtMost(x, y, fromOrderedBits(mid)) >= k) {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        return fromOrderedBits(a);
    }

    /** #{(i, j) : y[j] − x[i] ≤ t}; subtraction is monotone under rounding, so two pointers suffice. */
    static long countAtMost(double[] x, double[] y, double t) {
        long count = 0;
        int i = 0;
        int n = x.length;
        for (double yj : y) {
            while (i < n && yj - x[i] > t) {
                i++;
            }
            count += n - i;
        }
        return count;
    }

    /** Maps doubles to longs with the same order (−0.0 and 0.0 collapse to one value). */
    private static long orderedBits(double v) {
        long bits = Double.doubleToLongBits(v == 0.0 ? 0.0 : v);
        return bits >= 0 ? bits : Long.MIN_VALUE - bits;
    }

    private static double fromOrderedBits(long o) {
        return Double.longBitsToDouble(o >= 0 ? o : Long.MIN_VALUE - o);
    }

    static boolean finite(double[] sorted) {
        return sorted.length == 0 || (Double.isFinite(sorted[0]) && Double.isFinite(sorted[sorted.length - 1]));
    }
}
