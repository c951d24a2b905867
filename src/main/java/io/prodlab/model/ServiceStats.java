package io.prodlab.model;

/**
 * What {@code prodlab services} prints for one service. Latency figures are of the service's
 * server spans (all of its spans when it has no server span), in milliseconds, with type-7
 * quantiles; {@code NaN} when there is no span to measure.
 *
 * @param ratePerS requests per second over the time the service was seen (first request start to last
 *                 request end); NaN with fewer than two requests
 */
public record ServiceStats(String name, long spans, long serverSpans, double ratePerS, long errors,
                           double errorRate, double p50Ms, double p95Ms, double p99Ms) {

    /** The spans counted as requests: server spans, or all spans for a service that has none. */
    public long requests() {
        return serverSpans > 0 ? serverSpans : spans;
    }
}
