package io.prodlab.stats;

/**
 * A cohort's error count and rate with the Wilson score interval (scipy
 * {@code binomtest(errors, n).proportion_ci(method="wilson")}), which keeps its coverage for rare
 * errors where the Wald interval collapses to zero width.
 *
 * <p>With p̂ = e/n and z = z<sub>(1+c)/2</sub>: centre = (2np̂ + z²)/(2(n+z²)),
 * half-width = z/(2(n+z²))·√(4np̂(1−p̂) + z²); the low end is 0 when e = 0, the high end 1 when e = n.
 *
 * <p>References: Wilson, E. B. (1927), JASA 22(158), 209–212; Newcombe, R. G. (1998),
 * "Two-sided confidence intervals for the single proportion", Stat. Med. 17, 857–872.
 *
 * @param errors     number of observations that are errors
 * @param n          number of observations
 * @param rate       errors/n (a fraction)
 * @param ciLow      lower end of the Wilson interval
 * @param ciHigh     upper end
 * @param confidence the interval's confidence level
 */
public record ErrorRate(long errors, long n, double rate, double ciLow, double ciHigh, double confidence) {

    public static Outcome<ErrorRate> of(long errors, long n, double confidence) {
        WelchTest.checkConfidence(confidence);
        if (errors < 0 || errors > n) {
            throw new IllegalArgumentException("error count " + errors + " out of " + n);
        }
        if (n == 0) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no observations");
        }
        double p = (double) errors / n;
        double z = Special.normalQuantile(0.5 + 0.5 * confidence);
        double denom = 2 * (n + z * z);
        double center = (2 * n * p + z * z) / denom;
        double delta = z / denom * Math.sqrt(4 * n * p * (1 - p) + z * z);
        double low = errors == 0 ? 0.0 : center - delta;
        double high = errors == n ? 1.0 : center + delta;
        return Outcome.ok(new ErrorRate(errors, n, p, low, high, confidence));
    }
}
