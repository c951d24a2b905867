package io.prodlab.stats;

/**
 * Sample ratio mismatch: Pearson's chi-square goodness of fit of the observed cohort sizes against
 * the planned shares, scipy {@code chisquare(observed, f_exp=shares/sum(shares)*sum(observed))}.
 *
 * <p>e<sub>i</sub> = s<sub>i</sub>/Σs · Σo; χ² = Σ(o<sub>i</sub> − e<sub>i</sub>)²/e<sub>i</sub>,
 * df = k − 1, p = P(χ²<sub>df</sub> &gt; χ²). A small p says the split did not happen as planned,
 * so every comparison between those cohorts is suspect.
 *
 * <p>References: Pearson, K. (1900), Phil. Mag. 50(302), 157–175; Fabijan, A. et al. (2019),
 * "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD '19.
 */
public final class ChiSquareGoodnessOfFit {
    private ChiSquareGoodnessOfFit() {
    }

    /**
     * @param statistic χ²
     * @param df        k − 1
     * @param p         P(χ²<sub>df</sub> &gt; statistic)
     */
    public record ChiSquareResult(double statistic, int df, double p) {
    }

    /**
     * @param observed      counts per cohort
     * @param plannedShares planned shares, any positive scale (e.g. 50/50 or 0.5/0.5)
     */
    public static Outcome<ChiSquareResult> test(long[] observed, double[] plannedShares) {
        if (observed.length != plannedShares.length || observed.length < 2) {
            throw new IllegalArgumentException("need one planned share per cohort and at least two cohorts");
        }
        double total = 0;
        double shareSum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0 || !(plannedShares[i] >= 0) || Double.isInfinite(plannedShares[i])) {
                throw new IllegalArgumentException("negative count or invalid share at " + i);
            }
            total += observed[i];
            shareSum += plannedShares[i];
        }
        if (total == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no observations in any cohort");
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = plannedShares[i] / shareSum * total;
            if (!(expected > 0)) {
                return Outcome.problem(StatProblem.EMPTY_CATEGORY, "cohort " + i + " has a planned share of 0");
            }
            double dev = observed[i] - expected;
            statistic += dev * dev / expected;
        }
        int df = observed.length - 1;
        return Outcome.ok(new ChiSquareResult(statistic, df, Special.chiSquareSf(statistic, df)));
    }
}
