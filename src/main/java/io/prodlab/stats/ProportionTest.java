package io.prodlab.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Tests on error rates (DESIGN.md: pooled two-proportion z-test; Fisher's exact test when any
 * cell is below 5). The 2×2 table has the cohorts as rows (baseline, candidate) and the columns
 * (errors, successes).
 */
public final class ProportionTest {
    private ProportionTest() {
    }

    /**
     * @param z          pooled z statistic, positive when the candidate's rate is higher
     * @param p          two-sided p-value 2·(1 − Φ(|z|))
     * @param diff       p̂<sub>c</sub> − p̂<sub>b</sub> (a fraction, not percent)
     * @param ciLow      lower end of the Wald (unpooled) interval for {@code diff}
     * @param ciHigh     upper end
     * @param confidence the interval's confidence level
     */
    public record TwoProportionResult(double z, double p, double diff, double ciLow, double ciHigh,
                                      double confidence) {
    }

    /**
     * @param p          two-sided p-value as scipy defines it: the probability, under the
     *                   hypergeometric null with fixed margins, of every table no more likely than
     *                   the observed one (relative tolerance 1e-14, as scipy)
     * @param oddsRatio  the sample odds ratio ad/(bc); +∞ when bc = 0 &lt; ad, NaN when a margin is 0
     */
    public record FisherResult(double p, double oddsRatio) {
    }

    /**
     * Both tests on one pair of error counts.
     *
     * @param smallCounts some cell is below 5: DESIGN.md says Fisher's p decides, not the z-test's
     */
    public record ErrorRateComparison(Outcome<TwoProportionResult> twoProportion, FisherResult fisher,
                                      boolean smallCounts) {
        /** The p-value DESIGN.md's rule picks: Fisher's for small counts, else the z-test's. */
        public double decidingP() {
            if (smallCounts || !twoProportion.isOk()) {
                return fisher.p();
            }
            return twoProportion.value().p();
        }
    }

    /**
     * Pooled two-proportion z-test with the Wald interval for the difference.
     * With p̂ = (e<sub>b</sub>+e<sub>c</sub>)/(n<sub>b</sub>+n<sub>c</sub>):
     * z = (p̂<sub>c</sub> − p̂<sub>b</sub>)/√(p̂(1−p̂)(1/n<sub>b</sub>+1/n<sub>c</sub>));
     * the interval is unpooled, diff ± z<sub>(1+c)/2</sub>·√(p̂<sub>b</sub>(1−p̂<sub>b</sub>)/n<sub>b</sub>
     * + p̂<sub>c</sub>(1−p̂<sub>c</sub>)/n<sub>c</sub>) (the pooled variance is right only under the
     * null the test assumes). The Wald interval has zero width when both rates are 0 or 1 and
     * undercovers for rare events; the test is checked against a direct scipy.stats.norm
     * computation (scipy has no two-proportion test).
     *
     * <p>Reference: Agresti, A. (2013), "Categorical Data Analysis", 3rd ed., §3.1; Fleiss, J. L.,
     * Levin, B. and Paik, M. C. (2003), "Statistical Methods for Rates and Proportions", §2.
     */
    public static Outcome<TwoProportionResult> twoProportion(long baselineErrors, long baselineN,
                                                             long candidateErrors, long candidateN,
                                                             double confidence) {
        WelchTest.checkConfidence(confidence);
        checkCounts(baselineErrors, baselineN);
        checkCounts(candidateErrors, candidateN);
        if (baselineN == 0 || candidateN == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "a cohort has no observations");
        }
        double pb = (double) baselineErrors / baselineN;
        double pc = (double) candidateErrors / candidateN;
        double pooled = (double) (baselineErrors + candidateErrors) / (baselineN + candidateN);
        double se0 = Math.sqrt(pooled * (1 - pooled) * (1.0 / baselineN + 1.0 / candidateN));
        if (!(se0 > 0)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE,
                    pooled == 0 ? "no errors in either cohort" : "every observation is an error");
        }
        double diff = pc - pb;
        double z = diff / se0;
        double p = 2 * Special.normalSf(Math.abs(z));
        double se = Math.sqrt(pb * (1 - pb) / baselineN + pc * (1 - pc) / candidateN);
        double half = Special.normalQuantile(0.5 + confidence / 2) * se;
        return Outcome.ok(new TwoProportionResult(z, p, diff, diff - half, diff + half, confidence));
    }

    /** Fisher's exact test on error counts, rows (baseline, candidate), columns (errors, successes). */
    public static FisherResult fisherExactOnErrors(long baselineErrors, long baselineN, long candidateErrors, long candidateN) {
        checkCounts(baselineErrors, baselineN);
        checkCounts(candidateErrors, candidateN);
        return fisherExactTable(baselineErrors, baselineN - baselineErrors, candidateErrors, candidateN - candidateErrors);
    }

    /**
     * Fisher's exact test, two-sided, on the table [[a, b], [c, d]]: scipy
     * {@code fisher_exact([[a, b], [c, d]])}. A table with an empty row or column gives p = 1 and
     * a NaN odds ratio, as in scipy (nothing can differ).
     *
     * <p>With row sums r<sub>1</sub>, r<sub>2</sub> and first column sum k, the cell a is
     * hypergeometric; p = Σ P(X = x) over the x with P(X = x) &lt; P(X = a)·(1+1e-14) on the far side
     * of the mode, plus the whole tail from a on its own side — scipy's definition.
     *
     * <p>Reference: Fisher, R. A. (1935), "The logic of inductive inference", JRSS 98(1), 39–82;
     * Agresti (2013) §3.5.
     */
    public static FisherResult fisherExactTable(long a, long b, long c, long d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("negative cell in a contingency table");
        }
        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) {
            return new FisherResult(1.0, Double.NaN);
        }
        double odds = (c > 0 && b > 0) ? ((double) a * d) / ((double) c * b) : Double.POSITIVE_INFINITY;
        long total = a + b + c + d;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("table too large for an exact test: " + total);
        }
        int n1 = (int) (a + b);
        int n2 = (int) (c + d);
        int k = (int) (a + c);
        HypergeometricDistribution h = new HypergeometricDistribution(null, n1 + n2, n1, k);
        int lo = Math.max(0, k - n2);
        int hi = Math.min(k, n1);
        int mode = (int) (((double) (k + 1) * (n1 + 1)) / (n1 + n2 + 2));
        double pExact = h.probability((int) a);
        double pMode = h.probability(mode);
        double epsilon = 1e-14;
        if (Math.abs(pExact - pMode) / Math.max(pExact, pMode) <= epsilon) {
            return new FisherResult(1.0, odds);
        }
        double threshold = pExact * (1 + epsilon);
        double p = 0;
        if (a < mode) {
            for (int x = lo; x <= a; x++) {
                p += h.probability(x);
            }
            for (int x = hi; x >= mode; x--) {
                double px = h.probability(x);
                if (!(px < threshold)) {
                    break;
                }
                p += px;
            }
        } else {
            for (int x = hi; x >= a; x--) {
                p += h.probability(x);
            }
            for (int x = lo; x <= mode; x++) {
                double px = h.probability(x);
                if (!(px < threshold)) {
                    break;
                }
                p += px;
            }
        }
        return new FisherResult(Math.min(p, 1.0), odds);
    }

    /** Both tests, and whether DESIGN.md's small-count rule (a cell below 5) applies. */
    public static ErrorRateComparison compareErrorRates(long baselineErrors, long baselineN,
                                                        long candidateErrors, long candidateN, double confidence) {
        Outcome<TwoProportionResult> z = twoProportion(baselineErrors, baselineN, candidateErrors, candidateN, confidence);
        FisherResult f = fisherExactOnErrors(baselineErrors, baselineN, candidateErrors, candidateN);
        boolean small = Math.min(Math.min(baselineErrors, baselineN - baselineErrors),
                Math.min(candidateErrors, candidateN - candidateErrors)) < 5;
        return new ErrorRateComparison(z, f, small);
    }

    private static void checkCounts(long errors, long n) {
        if (n < 0 || errors < 0 || errors > n) {
            throw new IllegalArgumentException("error count " + errors + " out of " + n);
        }
    }
}
