package io.prodlab.demo;

import java.util.SplittableRandom;

/**
 * A latency distribution: a log-normal body with a Pareto tail. With probability {@code tailShare}
 * a draw comes from a Pareto distribution whose scale is the body's 95th percentile, so the upper
 * quantiles are heavy as in real services (Dean and Barroso, "The Tail at Scale", CACM 2013).
 * StrictMath keeps the draws bit-identical on every platform.
 *
 * @param medianMs  median of the log-normal body
 * @param sigma     shape of the body (standard deviation of log latency)
 * @param tailShare probability of a tail draw
 * @param tailAlpha Pareto shape; below 2 the variance is infinite
 */
record Latency(double medianMs, double sigma, double tailShare, double tailAlpha) {

    /** No draw exceeds this: a client timeout would cut it. */
    static final double CAP_MS = 15_000.0;

    static Latency of(double medianMs, double sigma) {
        return new Latency(medianMs, sigma, 0.02, 1.6);
    }

    double sampleMs(SplittableRandom r) {
        double ms;
        if (r.nextDouble() < tailShare) {
            double scale = medianMs * StrictMath.exp(1.6448536269514722 * sigma);
            ms = scale / StrictMath.pow(1.0 - r.nextDouble(), 1.0 / tailAlpha);
        } else {
            ms = medianMs * StrictMath.exp(sigma * gaussian(r));
        }
        return Math.min(ms, CAP_MS);
    }

    long sampleNs(SplittableRandom r) {
        return toNs(sampleMs(r));
    }

    static long toNs(double ms) {
        return Math.round(ms * 1_000_000.0);
    }

    /** Box-Muller; one of the pair is dropped to keep each draw's consumption of the stream fixed. */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
