package io.prodlab.stats;

import java.util.List;

/**
 * Two flags varied at once (a 2×2 factorial design): each flag's main effect and their interaction
 * on log-latency, by least squares with a full interaction model, with t-intervals.
 *
 * <p>Model: log y = β<sub>0</sub> + β<sub>A</sub>a + β<sub>B</sub>b + β<sub>AB</sub>ab + ε with the
 * flags coded a, b ∈ {−½, +½}. The model is saturated, so least squares fits the cell means
 * m<sub>ij</sub> of log y exactly: β<sub>A</sub> = ((m<sub>11</sub> + m<sub>10</sub>) − (m<sub>01</sub> + m<sub>00</sub>))/2
 * (the effect of A averaged over B), β<sub>B</sub> likewise, β<sub>AB</sub> = m<sub>11</sub> − m<sub>10</sub> − m<sub>01</sub> + m<sub>00</sub>
 * (how much B changes A's effect). With σ̂² = SSE/(N − 4): Var(β<sub>A</sub>) = Var(β<sub>B</sub>) =
 * σ̂²/4·Σ1/n<sub>ij</sub>, Var(β<sub>AB</sub>) = σ̂²·Σ1/n<sub>ij</sub>; intervals use t<sub>N−4</sub>.
 * On the log scale an effect β is a ratio of geometric means: e<sup>β</sup> − 1 is the % change.
 *
 * <p>Unbalanced cells do not bias these estimates, but they make the flags' assignments correlated:
 * {@code designCorrelation} is the φ coefficient between the two flags over the units and
 * {@code varianceInflation} = 1/(1 − φ²) how much that widens the main effects' intervals against a
 * balanced design. A cell with fewer than 2 observations cannot separate the effects at all
 * (TOO_FEW_OBSERVATIONS).
 *
 * <p>References: Montgomery, D. C. (2017), "Design and Analysis of Experiments", 9th ed., ch. 6;
 * Kohavi, R., Tang, D. and Xu, Y. (2020), "Trustworthy Online Controlled Experiments", ch. 4.
 */
public final class FactorialTest {
    private FactorialTest() {
    }

    /**
     * @param term       "A", "B" or "A×B"
     * @param estimate   β on the log scale
     * @param ciLow      lower end of the t-interval for β
     * @param ciHigh     upper end
     * @param p          two-sided p-value of β = 0
     */
    public record Effect(String term, double estimate, double standardError, double ciLow, double ciHigh, double p) {
        /** e<sup>β</sup> − 1: the relative change of the geometric mean (0.1 = +10%). */
        public double relativeChange() {
            return Math.expm1(estimate);
        }

        public double relativeCiLow() {
            return Math.expm1(ciLow);
        }

        public double relativeCiHigh() {
            return Math.expm1(ciHigh);
        }
    }

    /**
     * @param effects           A, B and the interaction, in that order
     * @param df                residual degrees of freedom N − 4
     * @param designCorrelation φ between the two flags over all units
     * @param varianceInflation 1/(1 − φ²), 1 for a balanced design
     */
    public record FactorialResult(List<Effect> effects, double df, double designCorrelation, double varianceInflation,
                                  double confidence) {
        public FactorialResult {
            effects = List.copyOf(effects);
        }
    }

    /**
     * @param cells latency per cell, {@code cells[a][b]} for flag A off/on (a = 0/1) and flag B off/on;
     *              values must be positive (they are logged)
     */
    public static Outcome<FactorialResult> twoByTwo(double[][][] cells, double confidence) {
        WelchTest.checkConfidence(confidence);
        if (cells.length != 2 || cells[0].length != 2 || cells[1].length != 2) {
            throw new IllegalArgumentException("a 2×2 design needs cells[2][2]");
        }
        double[][] mean = new double[2][2];
        double[][] count = new double[2][2];
        double sse = 0;
        long total = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double[] v = cells[a][b];
                if (v.length < 2) {
                    return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS,
                            "cell A=" + a + ", B=" + b + " has " + v.length + " observations: the effects cannot be separated");
                }
                double[] logs = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                        return Outcome.problem(StatProblem.NOT_FINITE, "a latency is not positive and finite");
                    }
                    logs[i] = Math.log(v[i]);
                }
                mean[a][b] = Descriptives.mean(logs);
                count[a][b] = v.length;
                sse += Descriptives.sumSquaredDeviations(logs, mean[a][b]);
                total += v.length;
            }
        }
        double df = total - 4.0;
        double sigma2 = sse / df;
        if (!(sigma2 > 0)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "every cell is constant");
        }
        double inverseCounts = 1 / count[0][0] + 1 / count[0][1] + 1 / count[1][0] + 1 / count[1][1];
        double mainA = ((mean[1][1] + mean[1][0]) - (mean[0][1] + mean[0][0])) / 2;
        double mainB = ((mean[1][1] + mean[0][1]) - (mean[1][0] + mean[0][0])) / 2;
        double interaction = mean[1][1] - mean[1][0] - mean[0][1] + mean[0][0];
        double seMain = Math.sqrt(sigma2 / 4 * inverseCounts);
        double seInteraction = Math.sqrt(sigma2 * inverseCounts);
        double tq = Special.studentQuantile(0.5 + confidence / 2, df);
        List<Effect> effects = List.of(effect("A", mainA, seMain, tq, df), effect("B", mainB, seMain, tq, df),
                effect("A×B", interaction, seInteraction, tq, df));
        double n00 = count[0][0];
        double n01 = count[0][1];
        double n10 = count[1][0];
        double n11 = count[1][1];
        double phi = (n11 * n00 - n10 * n01) / Math.sqrt((n10 + n11) * (n00 + n01) * (n01 + n11) * (n00 + n10));
        return Outcome.ok(new FactorialResult(effects, df, phi, 1 / (1 - phi * phi), confidence));
    }

    private static Effect effect(String term, double estimate, double se, double tq, double df) {
        return new Effect(term, estimate, se, estimate - tq * se, estimate + tq * se,
                Special.studentTwoSided(estimate / se, df));
    }
}
