package io.prodlab.stats;

/**
 * The hybrid score interval for a difference of two proportions (Newcombe 1998, method 10), built
 * from each cohort's Wilson interval ({@link ErrorRate}): with d = p̂<sub>c</sub> − p̂<sub>b</sub>,
 * low = d − √((p̂<sub>c</sub> − l<sub>c</sub>)² + (u<sub>b</sub> − p̂<sub>b</sub>)²),
 * high = d + √((u<sub>c</sub> − p̂<sub>c</sub>)² + (p̂<sub>b</sub> − l<sub>b</sub>)²).
 * Unlike the Wald interval it keeps its width when a cohort has no errors (8 spans without an error
 * do not show that the error rate is below 1%), so the canary judge uses it.
 *
 * <p>Reference: Newcombe, R. G. (1998), "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Stat. Med. 17, 873–890.
 */
public final class NewcombeInterval {
    private NewcombeInterval() {
    }

    /** The interval for candidate minus baseline. */
    public record Interval(double diff, double ciLow, double ciHigh, double confidence) {
    }

    public static Outcome<Interval> difference(long baselineErrors, long baselineN, long candidateErrors, long candidateN,
                                               double confidence) {
        Outcome<ErrorRate> b = ErrorRate.of(baselineErrors, baselineN, confidence);
        Outcome<ErrorRate> c = ErrorRate.of(candidateErrors, candidateN, confidence);
        if (!b.isOk() || !c.isOk()) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "a cohort has no observations");
        }
        ErrorRate rb = b.value();
        ErrorRate rc = c.value();
        double d = rc.rate() - rb.rate();
        double low = d - Math.sqrt(sq(rc.rate() - rc.ciLow()) + sq(rb.ciHigh() - rb.rate()));
        double high = d + Math.sqrt(sq(rc.ciHigh() - rc.rate()) + sq(rb.rate() - rb.ciLow()));
        return Outcome.ok(new Interval(d, low, high, confidence));
    }

    private static double sq(double x) {
        return x * x;
    }
}
