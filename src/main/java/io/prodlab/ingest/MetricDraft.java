package io.prodlab.ingest;

import io.prodlab.model.MetricPoint;

/**
 * One metric data point while its metric is read, from OTLP/JSON or OTLP protobuf: the fields of
 * the point and of its metric, turned into a {@link MetricPoint} once all are known.
 *
 * <p>An exponential histogram's {@code bucket_bounds} are the lower bounds of its buckets — the
 * zero bucket first (at {@code -zeroThreshold}, 0 when none), then the positive buckets
 * ({@code base^index}), then the negative ones ({@code -base^(index+1)}), with
 * {@code base = 2^(2^-scale)} — and {@code bucket_counts} their counts in the same order.
 */
final class MetricDraft {
    final String type;
    String name;
    String unit;
    String description;
    String temporality;
    Boolean monotonic;
    final StringBuilder attributes = new StringBuilder();
    final StringBuilder exemplars = new StringBuilder();
    long startNs;
    long timeNs;
    double value = Double.NaN;
    Long count;
    double sum = Double.NaN;
    Double min;
    Double max;
    long[] bucketCounts;
    double[] explicitBounds;
    double[] quantiles;
    double[] quantileValues;
    int scale;
    long zeroCount;
    double zeroThreshold;
    Buckets positive;
    Buckets negative;

    MetricDraft(String type) {
        this.type = type;
    }

    /** An exponential histogram's positive or negative buckets. */
    static final class Buckets {
        int offset;
        long[] counts = new long[0];
    }

    /** Appends one exemplar to the point's JSON array of them ({@code time_ns, value, trace_id, span_id, attributes}). */
    void addExemplar(long timeNs, double value, String traceId, String spanId, CharSequence attributesJson) {
        StringBuilder out = exemplars;
        out.append(out.length() == 0 ? "[" : ",").append("{\"time_ns\":").append(timeNs).append(",\"value\":");
        Json.number(out, value);
        out.append(",\"trace_id\":\"").append(traceId).append("\",\"span_id\":\"").append(spanId)
                .append("\",\"attributes\":").append(attributesJson.length() == 0 ? "{}" : attributesJson).append('}');
    }

    /** Sets what the point's metric says about all its points. */
    void complete(String metricName, String metricUnit, String metricDescription, String metricTemporality,
                  boolean metricMonotonic) {
        name = metricName;
        unit = metricUnit;
        description = metricDescription;
        temporality = metricTemporality;
        monotonic = "sum".equals(type) ? metricMonotonic : null;
    }

    /** The rules a point must meet beyond its fields' types. */
    void check() throws BadRecordException {
        if (timeNs == 0) {
            throw new BadRecordException("the data point has no timeUnixNano (missing or 0)");
        }
        if ("histogram".equals(type) && bucketCounts != null && bucketCounts.length > 0 && explicitBounds != null
                && bucketCounts.length != explicitBounds.length + 1) {
            throw new BadRecordException("the histogram has " + bucketCounts.length + " bucketCounts for "
                    + explicitBounds.length + " explicitBounds (there must be one more count than bounds)");
        }
        if ("exp_histogram".equals(type)) {
            long n = (positive == null ? 0 : positive.counts.length) + (negative == null ? 0 : negative.counts.length);
            if (n > 100_000) {
                throw new BadRecordException("the exponential histogram has " + n + " buckets (at most 100000 "
                        + "are taken)");
            }
        }
    }

    MetricPoint toPoint(String resourceJson, String scopeName) {
        boolean sumOrGauge = "gauge".equals(type) || "sum".equals(type);
        double v = sumOrGauge ? value : sum;
        Long c = sumOrGauge ? null : (count == null ? Long.valueOf(0) : count);
        double[] bounds = null;
        long[] counts = null;
        if ("histogram".equals(type)) {
            counts = bucketCounts == null ? new long[0] : bucketCounts;
            bounds = explicitBounds == null ? new double[0] : explicitBounds;
        } else if ("exp_histogram".equals(type)) {
            int np = positive == null ? 0 : positive.counts.length;
            int nn = negative == null ? 0 : negative.counts.length;
            bounds = new double[1 + np + nn];
            counts = new long[1 + np + nn];
            bounds[0] = zeroThreshold == 0 ? 0.0 : -zeroThreshold;
            counts[0] = zeroCount;
            for (int i = 0; i < np; i++) {
                bounds[1 + i] = power(positive.offset + (long) i);
                counts[1 + i] = positive.counts[i];
            }
            for (int i = 0; i < nn; i++) {
                bounds[1 + np + i] = -power(negative.offset + (long) i + 1);
                counts[1 + np + i] = negative.counts[i];
            }
        }
        boolean summary = "summary".equals(type);
        return new MetricPoint(name, type, unit, description, startNs, timeNs, v, c, min, max, temporality,
                monotonic, bounds, counts, summary ? orEmpty(quantiles) : null,
                summary ? orEmpty(quantileValues) : null, attributes.length() == 0 ? "{}" : attributes.toString(),
                resourceJson, scopeName, exemplars.length() == 0 ? "[]" : exemplars + "]");
    }

    private static double[] orEmpty(double[] a) {
        return a == null ? new double[0] : a;
    }

    /** base^index with base = 2^(2^-scale). */
    private double power(long index) {
        return Math.pow(2, Math.scalb((double) index, -scale));
    }

    String excerpt() {
        StringBuilder sb = new StringBuilder("type=").append(type);
        if (timeNs > 0) {
            sb.append(" time=").append(timeNs);
        }
        if (attributes.length() > 0) {
            sb.append(' ').append(Excerpts.shorten(attributes, 120));
        }
        return sb.toString();
    }
}
