package io.prodlab.model;

import java.util.List;

/**
 * Rate, errors and duration (RED) over time for one scope (a service, one of its operations, or a
 * call edge), in equal buckets of {@code bucketNs} aligned to multiples of the bucket size since
 * the epoch. The first and last bucket may cover only part of their width: they are cut at the
 * range's bounds, and their rate is over the part they cover.
 *
 * @param fromNs   the range the buckets cover: [fromNs, toNs)
 * @param buckets  every bucket of the range in time order, empty ones included (no requests, NaN figures)
 */
public record RedSeries(long fromNs, long toNs, long bucketNs, List<Bucket> buckets) {
    public RedSeries {
        buckets = List.copyOf(buckets);
    }

    /**
     * One bucket: the requests that started in [startNs, endNs).
     *
     * @param p50Ms type-7 quantiles of the requests' durations in ms; NaN without requests
     */
    public record Bucket(long startNs, long endNs, long requests, long errors, double p50Ms, double p95Ms,
                         double p99Ms) {
        /** Requests per second over the part of the bucket inside the range. */
        public double ratePerS() {
            return requests / ((endNs - startNs) / 1e9);
        }

        /** Errors over requests; NaN without requests. */
        public double errorRate() {
            return requests == 0 ? Double.NaN : (double) errors / requests;
        }
    }

    /** Whether no bucket holds a request. */
    public boolean isEmpty() {
        return buckets.stream().allMatch(b -> b.requests() == 0);
    }
}
