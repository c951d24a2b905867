package io.prodlab.model;

/**
 * One edge of the dependency map: calls from {@code source} to {@code target} with their figures.
 * Latency in milliseconds, type-7 quantiles, taken from the calling side where it exists (the
 * client span), else the called side; NaN when there is no call to measure.
 *
 * @param firstNs start of the first call, for rates over the time the edge was seen
 * @param lastNs start of the last call
 */
public record ServiceEdge(String source, String target, long calls, long errors, double p50Ms, double p95Ms,
                          double p99Ms, long firstNs, long lastNs) {

    public double errorRate() {
        return calls == 0 ? Double.NaN : (double) errors / calls;
    }

    /** Calls per second from the first call's start to the last's; NaN below two calls. */
    public double ratePerS() {
        return calls < 2 || lastNs <= firstNs ? Double.NaN : (calls - 1) / ((lastNs - firstNs) / 1e9);
    }
}
