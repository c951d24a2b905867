package io.prodlab.stats;

import java.util.Arrays;


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
 * found exactly at every sample size, without materialising the nm differences: a search that
 * narrows a bracket by interpolating on the count of differences ≤ t (each count a two-pointer walk
 * over the sorted samples), then sorts the few differences left in it — about a dozen walks,
 * O((n+m)·12) time, O(n+m) memory. So there is no size above which the estimate becomes approximate.
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
                : mean(kthDifferences(x, y, pairs / 2, pairs / 2 + 1, enumerateLimit(x, y)));
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
        return kthDifference(x, y, k, enumerateLimit(x, y));
    }

    private static long enumerateLimit(double[] x, double[] y) {
        return Math.max(ENUMERATE, 2L * (x.length + y.length));
    }

    private static double mean(double[] two) {
        return (two[0] + two[1]) / 2;
    }

    /** Differences enumerated and sorted at the end of a search, at least. */
    static final long ENUMERATE = 100_000;

    /**
     * The search: a bracket (lo, hi] with count(lo) &lt; k ≤ count(hi) narrowed by interpolating on
     * the counts (every third step halving the bracket, so it always shrinks), each count a two-pointer
     * walk over the sorted samples; once at most {@code enumerate} differences lie in the bracket they
     * are listed and sorted. A dozen walks instead of the 64 of a bisection over the bits of a double.
     */
    static double kthDifference(double[] x, double[] y, long k, long enumerate) {
        return kthDifferences(x, y, k, k, enumerate)[0];
    }

    /** The from-th to the to-th smallest differences (1-based, inclusive) in one search: the median's pair. */
    static double[] kthDifferences(double[] x, double[] y, long from, long to, long enumerate) {
        long total = (long) x.length * y.length;
        if (from < 1 || to > total || to < from || to - from > 1000) {
            throw new IllegalArgumentException("ranks " + from + ".." + to + " of " + total + " differences");
        }
        long k = from;
        double lo = Math.nextDown(y[0] - x[x.length - 1]);
        double hi = y[y.length - 1] - x[0];
        long cLo = 0;
        long cHi = total;
        int step = 0;
        while (cHi - cLo > enumerate) {
            double t;
            if (step++ % 3 == 2) {
                t = lo + (hi - lo) / 2;
            } else {
                t = lo + (hi - lo) * ((double) (k - cLo) / (cHi - cLo));
            }
            if (!(t > lo && t < hi)) {
                t = lo + (hi - lo) / 2;
                if (!(t > lo && t < hi)) {
                    // lo and hi are adjacent doubles: every difference in the bracket equals hi
                    double[] same = new double[(int) (to - from + 1)];
                    Arrays.fill(same, hi);
                    return same;
                }
            }
            long c = countAtMost(x, y, t);
            if (c >= from && c < to) {
                // t splits the ranks asked for (rare): find each side on its own
                double[] left = kthDifferences(x, y, from, c, enumerate);
                double[] right = kthDifferences(x, y, c + 1, to, enumerate);
                double[] both = Arrays.copyOf(left, left.length + right.length);
                System.arraycopy(right, 0, both, left.length, right.length);
                return both;
            }
            if (c >= to) {
                hi = t;
                cHi = c;
            } else {
                lo = t;
                cLo = c;
            }
        }
        double[] between = between(x, y, lo, hi, (int) (cHi - cLo));
        Arrays.sort(between);
        return Arrays.copyOfRange(between, (int) (from - cLo - 1), (int) (to - cLo));
    }

    /** Every difference d with lo &lt; d ≤ hi (there are {@code m}). */
    private static double[] between(double[] x, double[] y, double lo, double hi, int m) {
        double[] out = new double[m];
        int n = 0;
        int a = 0; // first i with y - x[i] <= hi
        int b = 0; // first i with y - x[i] <= lo
        for (double yj : y) {
            while (a < x.length && yj - x[a] > hi) {
                a++;
            }
            while (b < x.length && yj - x[b] > lo) {
                b++;
            }
            for (int i = a; i < b; i++) {
                out[n++] = yj - x[i];
            }
        }
        return n == m ? out : Arrays.copyOf(out, n);
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

    static boolean finite(double[] sorted) {
        return sorted.length == 0 || (Double.isFinite(sorted[0]) && Double.isFinite(sorted[sorted.length - 1]));
    }
}
