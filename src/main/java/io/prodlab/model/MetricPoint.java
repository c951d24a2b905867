package io.prodlab.model;

/**
 * One metric data point as it is written to {@code metric_points}: one row per point of a gauge,
 * sum, histogram, exponential histogram or summary, whatever format it came in (OTLP, Prometheus
 * text/OpenMetrics, the Prometheus HTTP API, CSV). Attributes and resource are JSON objects, as on
 * spans.
 *
 * @param type {@code gauge}, {@code sum}, {@code histogram}, {@code exp_histogram} or {@code summary}
 * @param unit the unit as given ({@code ms}, {@code By}, {@code 1}), empty when none
 * @param startTimeNs the start of a cumulative or delta interval, 0 when unknown
 * @param timeNs the time of the point (Unix ns); 0 only when the source carries no time at all
 * @param value the point's value for gauge and sum; the sum of observations for histograms and
 *     summaries (NaN when not given)
 * @param count observations of a histogram or summary, null for gauge and sum
 * @param temporality {@code cumulative}, {@code delta} or empty
 * @param monotonic for sums: whether it only grows; null for other types
 * @param bucketBounds explicit upper bounds of a histogram ({@code bucketCounts} has one more
 *     element, the overflow bucket); for exponential histograms the lower bounds of the populated
 *     buckets (base^index), with the zero bucket first; null for other types
 * @param bucketCounts per-bucket (not cumulative) counts, null for other types
 * @param quantiles summary quantiles (0..1), null for other types
 * @param quantileValues the values at {@code quantiles}
 * @param exemplarsJson a JSON array of exemplars ({@code time_ns, value, trace_id, span_id,
 *     attributes}), or empty when none: they link metrics to traces
 */
public record MetricPoint(
        String name,
        String type,
        String unit,
        String description,
        long startTimeNs,
        long timeNs,
        double value,
        Long count,
        Double min,
        Double max,
        String temporality,
        Boolean monotonic,
        double[] bucketBounds,
        long[] bucketCounts,
        double[] quantiles,
        double[] quantileValues,
        String attributesJson,
        String resourceJson,
        String scopeName,
        String exemplarsJson) {
}
