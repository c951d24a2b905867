package io.prodlab.stats;

/**
 * Independence on an r×k contingency table of counts (for attribute differences: rows are the two
 * cohorts, columns an attribute's values): Pearson's chi-square, the G-test, and Cramér's V as the
 * effect size.
 *
 * <p>With row sums R<sub>i</sub>, column sums C<sub>j</sub> and n = ΣR: e<sub>ij</sub> = R<sub>i</sub>C<sub>j</sub>/n;
 * Pearson χ² = Σ(o<sub>ij</sub> − e<sub>ij</sub>)²/e<sub>ij</sub>; G = 2 Σ o<sub>ij</sub> ln(o<sub>ij</sub>/e<sub>ij</sub>)
 * (a zero cell adds 0); df = (r − 1)(k − 1); p = P(χ²<sub>df</sub> &gt; statistic); Cramér's V =
 * √(χ²/(n·min(r − 1, k − 1))), from Pearson's χ², between 0 (independent) and 1 (each row in its own
 * columns).
 *
 * <p>As scipy {@code chi2_contingency(table, correction=False)} (Pearson),
 * {@code chi2_contingency(table, correction=False, lambda_="log-likelihood")} (G) and
 * {@code scipy.stats.contingency.association(table, method="cramer")}. No Yates continuity
 * correction, for 2×2 tables either (scipy applies it by default when df = 1): the same statistic for
 * every table, so attributes with two values and attributes with twenty are ranked on one scale.
 * Like every asymptotic test it wants expected counts of about 5 or more; the caller keeps rare
 * values out of their own columns.
 *
 * <p>References: Pearson, K. (1900), Phil. Mag. 50(302), 157–175; Sokal, R. R. and Rohlf, F. J.,
 * Biometry (G-test); Cramér, H. (1946), Mathematical Methods of Statistics, p. 282.
 */
public final class ContingencyTest {
    private ContingencyTest() {
    }

    /**
     * @param chiSquare Pearson's χ²
     * @param chiSquareP its p-value
     * @param g         the G statistic (log-likelihood ratio)
     * @param gP        its p-value
     * @param df        (r − 1)(k − 1)
     * @param n         the table's total
     * @param cramersV  from Pearson's χ²
     */
    public record ContingencyResult(double chiSquare, double chiSquareP, double g, double gP, int df, long n,
                                    double cramersV) {
    }

    /**
     * @param table counts, {@code table[row][column]}, every row of the same length
     * @return the result, or, checked in this order: TOO_FEW_OBSERVATIONS (an empty table),
     *         EMPTY_CATEGORY (a row is all zero: an empty cohort), SINGLE_CATEGORY (one row or one
     *         column: nothing to compare), EMPTY_CATEGORY (a column is all zero); an all-zero row or
     *         column makes an expected count zero, and scipy refuses such a table
     */
    public static Outcome<ContingencyResult> test(long[][] table) {
        int r = table.length;
        int k = r == 0 ? 0 : table[0].length;
        long n = 0;
        long[] rows = new long[r];
        long[] cols = new long[k];
        for (int i = 0; i < r; i++) {
            if (table[i].length != k) {
                throw new IllegalArgumentException("row " + i + " has " + table[i].length + " columns, row 0 has " + k);
            }
            for (int j = 0; j < k; j++) {
                if (table[i][j] < 0) {
                    throw new IllegalArgumentException("negative count at [" + i + "][" + j + "]");
                }
                rows[i] += table[i][j];
                cols[j] += table[i][j];
                n += table[i][j];
            }
        }
        if (n == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "the table holds no observation");
        }
        for (int i = 0; i < r; i++) {
            if (rows[i] == 0) {
                return Outcome.problem(StatProblem.EMPTY_CATEGORY, "row " + i + " is empty");
            }
        }
        if (r < 2 || k < 2) {
            return Outcome.problem(StatProblem.SINGLE_CATEGORY, "a " + r + "×" + k + " table: one category, nothing to compare");
        }
        for (int j = 0; j < k; j++) {
            if (cols[j] == 0) {
                return Outcome.problem(StatProblem.EMPTY_CATEGORY, "column " + j + " is empty");
            }
        }
        double chi = 0;
        double g = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < k; j++) {
                double e = (double) rows[i] * cols[j] / n;
                double o = table[i][j];
                double d = o - e;
                chi += d * d / e;
                if (o > 0) {
                    g += o * Math.log(o / e);
                }
            }
        }
        g *= 2;
        int df = (r - 1) * (k - 1);
        double v = Math.sqrt(chi / ((double) n * Math.min(r - 1, k - 1)));
        return Outcome.ok(new ContingencyResult(chi, Special.chiSquareSf(chi, df), g, Special.chiSquareSf(g, df), df, n,
                v));
    }
}
