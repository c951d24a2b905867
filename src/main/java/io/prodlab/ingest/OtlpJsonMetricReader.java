package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.prodlab.model.MetricPoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code resourceMetrics} of an OTLP/JSON export into {@code metric_points}: one row per
 * data point of a gauge, sum (temporality, monotonic), histogram, exponential histogram or
 * summary, with its exemplars (which link metrics to traces) as a JSON array.
 *
 * <p>Keys may come in any order, and protobuf's JSON mapping writes a sum's {@code dataPoints}
 * before its {@code aggregationTemporality} and {@code isMonotonic}: the points of one metric are
 * therefore held until the metric's object ends (and, when the resource or scope comes after its
 * metrics, until those end). Memory is bounded by the largest single metric, not by the file.
 *
 * <p>Values: {@code asInt} becomes a double (exact up to 2^53); the buckets of exponential
 * histograms are described at {@link MetricDraft}.
 */
final class OtlpJsonMetricReader extends OtlpSignalReader<MetricDraft> {
    private int mIndex;
    private volatile long pointsRead;

    OtlpJsonMetricReader(OtlpPlace place, AnyValueJson anyValue) {
        super(place, anyValue, "Metrics", "metrics", "metric point");
    }

    long pointsRead() {
        return pointsRead;
    }

    @Override
    protected void records(JsonParser p, List<MetricDraft> scopeWaiting) throws IOException, InterruptedException {
        JsonToken t;
        mIndex = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            long line = place.line(p);
            if (t != JsonToken.START_OBJECT) {
                place.reject(line, pointer(scopeIndex(), mIndex), "expected a Metric object, found " + Tokens.describe(p),
                        Tokens.describe(p));
                p.skipChildren();
            } else {
                metric(p, line, scopeWaiting);
            }
            mIndex++;
            place.afterRecord();
        }
    }

    /** One Metric object: its points are complete when it ends. */
    private void metric(JsonParser p, long line, List<MetricDraft> scopeWaiting) throws IOException {
        String metricName = null;
        String unit = "";
        String description = "";
        MetricData data = null;
        int depth = p.getParsingContext().getNestingDepth();
        try {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "name" -> metricName = OtlpPlace.string(p, t, "name");
                    case "unit" -> unit = OtlpPlace.string(p, t, "unit");
                    case "description" -> description = OtlpPlace.string(p, t, "description");
                    case "gauge", "sum", "histogram", "exponentialHistogram", "summary" -> {
                        if (t == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        if (data != null) {
                            throw new BadRecordException("the metric has both \"" + data.field + "\" and \"" + name
                                    + "\"; a metric has one kind of data");
                        }
                        data = data(p, t, name, line);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (BadRecordException e) {
            OtlpJsonTraceReader.skipTo(p, depth);
            place.reject(line, pointer(scopeIndex(), mIndex), e.reason(), excerpt(metricName));
            return;
        }
        if (data == null) {
            // A metric without data (proto3 leaves an empty one out): nothing to store, nothing lost.
            return;
        }
        if (metricName == null || metricName.isEmpty()) {
            if (!data.points.isEmpty()) {
                place.reject(line, pointer(scopeIndex(), mIndex), "the metric has no \"name\" ("
                        + ImportService.count(data.points.size(), "data point") + " not imported)", "");
            }
            return;
        }
        for (MetricDraft d : data.points) {
            d.complete(metricName, unit, description, data.temporality, data.monotonic);
            complete(d, scopeWaiting);
        }
    }

    /** The data of a metric of one kind: its points and the fields that apply to all of them. */
    private static final class MetricData {
        final String field;
        final String type;
        String temporality = "";
        boolean monotonic;
        final List<MetricDraft> points = new ArrayList<>();

        MetricData(String field, String type) {
            this.field = field;
            this.type = type;
        }
    }

    private MetricData data(JsonParser p, JsonToken t, String field, long line) throws IOException,
            BadRecordException {
        String type = switch (field) {
            case "exponentialHistogram" -> "exp_histogram";
            default -> field;
        };
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException("\"" + field + "\" must be an object, found " + Tokens.describe(p));
        }
        MetricData d = new MetricData(field, type);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken vt = p.nextToken();
            switch (name) {
                case "dataPoints" -> dataPoints(p, vt, d, line);
                case "aggregationTemporality" -> d.temporality = temporality(p, vt);
                case "isMonotonic" -> {
                    if (vt == JsonToken.VALUE_TRUE || vt == JsonToken.VALUE_FALSE) {
                        d.monotonic = vt == JsonToken.VALUE_TRUE;
                    } else if (vt != JsonToken.VALUE_NULL) {
                        throw new BadRecordException(field + ".isMonotonic must be true or false, found "
                                + Tokens.describe(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return d;
    }

    private static String temporality(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        String v = t == JsonToken.VALUE_NUMBER_INT ? p.getText() : t == JsonToken.VALUE_STRING ? p.getText() : null;
        if (v != null) {
            switch (v) {
                case "0", "AGGREGATION_TEMPORALITY_UNSPECIFIED":
                    return "";
                case "1", "AGGREGATION_TEMPORALITY_DELTA":
                    return "delta";
                case "2", "AGGREGATION_TEMPORALITY_CUMULATIVE":
                    return "cumulative";
                default:
                    break;
            }
        }
        throw new BadRecordException("aggregationTemporality must be 1 (delta), 2 (cumulative) or their "
                + "AGGREGATION_TEMPORALITY_* names, found " + Tokens.describe(p));
    }

    private void dataPoints(JsonParser p, JsonToken t, MetricData d, long metricLine) throws IOException,
            BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(d.field + ".dataPoints must be an array, found " + Tokens.describe(p));
        }
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            long line = place.line(p);
            String where = pointer(scopeIndex(), mIndex) + "/" + d.field + "/dataPoints/" + index;
            if (t != JsonToken.START_OBJECT) {
                String found = Tokens.describe(p);
                p.skipChildren();
                place.reject(line, where, "expected a data point object, found " + found, found);
            } else {
                int depth = p.getParsingContext().getNestingDepth();
                MetricDraft draft = new MetricDraft(d.type);
                try {
                    point(p, draft);
                    draft.check();
                    d.points.add(draft);
                } catch (BadRecordException e) {
                    OtlpJsonTraceReader.skipTo(p, depth);
                    place.reject(line, where, e.reason(), draft.excerpt());
                }
            }
            index++;
        }
    }

    private void point(JsonParser p, MetricDraft d) throws IOException, BadRecordException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "attributes" -> {
                    d.attributes.setLength(0);
                    anyValue.keyValueList(p, d.attributes, 0, AnyValueJson.KeyValueVisitor.NONE);
                }
                case "startTimeUnixNano" -> d.startNs = OtlpPlace.nanos(p, t, "startTimeUnixNano");
                case "timeUnixNano" -> d.timeNs = OtlpPlace.nanos(p, t, "timeUnixNano");
                case "asDouble" -> d.value = Tokens.float64(p, "asDouble");
                case "asInt" -> d.value = Tokens.int64(p, "asInt");
                case "count" -> d.count = count(p, "count");
                case "sum" -> d.sum = Tokens.float64(p, "sum");
                case "min" -> d.min = Tokens.float64(p, "min");
                case "max" -> d.max = Tokens.float64(p, "max");
                case "bucketCounts" -> d.bucketCounts = counts(p, t, "bucketCounts");
                case "explicitBounds" -> d.explicitBounds = doubles(p, t, "explicitBounds");
                case "quantileValues" -> quantiles(p, t, d);
                case "scale" -> d.scale = (int) Math.max(-10, Math.min(20, Tokens.int64(p, "scale")));
                case "zeroCount" -> d.zeroCount = count(p, "zeroCount");
                case "zeroThreshold" -> d.zeroThreshold = Tokens.float64(p, "zeroThreshold");
                case "positive" -> d.positive = buckets(p, t, "positive");
                case "negative" -> d.negative = buckets(p, t, "negative");
                case "exemplars" -> exemplars(p, t, d);
                default -> p.skipChildren();
            }
        }
    }

    private static long count(JsonParser p, String what) throws IOException, BadRecordException {
        long n = Tokens.int64(p, what);
        if (n < 0) {
            throw new BadRecordException(what + " " + n + " is negative");
        }
        return n;
    }

    private static long[] counts(JsonParser p, JsonToken t, String what) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return new long[0];
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(what + " must be an array, found " + Tokens.describe(p));
        }
        long[] out = new long[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n] = count(p, what + "/" + n);
            n++;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static double[] doubles(JsonParser p, JsonToken t, String what) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return new double[0];
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException(what + " must be an array, found " + Tokens.describe(p));
        }
        double[] out = new double[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n] = Tokens.float64(p, what + "/" + n);
            n++;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** An exponential histogram's {@code positive} or {@code negative} buckets. */
    private static MetricDraft.Buckets buckets(JsonParser p, JsonToken t, String what) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException(what + " must be an object with \"offset\" and \"bucketCounts\", found "
                    + Tokens.describe(p));
        }
        MetricDraft.Buckets b = new MetricDraft.Buckets();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken vt = p.nextToken();
            switch (name) {
                case "offset" -> {
                    long o = Tokens.int64(p, what + ".offset");
                    if (o < Integer.MIN_VALUE || o > Integer.MAX_VALUE) {
                        throw new BadRecordException(what + ".offset " + o + " is out of range");
                    }
                    b.offset = (int) o;
                }
                case "bucketCounts" -> b.counts = counts(p, vt, what + ".bucketCounts");
                default -> p.skipChildren();
            }
        }
        return b;
    }

    private static void quantiles(JsonParser p, JsonToken t, MetricDraft d) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("quantileValues must be an array, found " + Tokens.describe(p));
        }
        List<double[]> qs = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = qs.size();
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecordException("quantileValues/" + i + " must be an object, found " + Tokens.describe(p));
            }
            // proto3 JSON leaves zeros out: a missing quantile is the 0 quantile (the minimum).
            double[] qv = {0, 0};
            String name;
            while ((name = p.nextFieldName()) != null) {
                p.nextToken();
                switch (name) {
                    case "quantile" -> qv[0] = Tokens.float64(p, "quantileValues/" + i + "/quantile");
                    case "value" -> qv[1] = Tokens.float64(p, "quantileValues/" + i + "/value");
                    default -> p.skipChildren();
                }
            }
            if (!(qv[0] >= 0 && qv[0] <= 1)) {
                throw new BadRecordException("quantileValues/" + i + "/quantile " + qv[0] + " is not between 0 and 1");
            }
            qs.add(qv);
        }
        d.quantiles = new double[qs.size()];
        d.quantileValues = new double[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            d.quantiles[i] = qs.get(i)[0];
            d.quantileValues[i] = qs.get(i)[1];
        }
    }

    private void exemplars(JsonParser p, JsonToken t, MetricDraft d) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("exemplars must be an array, found " + Tokens.describe(p));
        }
        d.exemplars.setLength(0);
        int i = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String what = "exemplars/" + i;
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecordException(what + " must be an object, found " + Tokens.describe(p));
            }
            long time = 0;
            double value = Double.NaN;
            String traceId = "";
            String spanId = "";
            StringBuilder attrs = new StringBuilder();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken vt = p.nextToken();
                switch (name) {
                    case "timeUnixNano" -> time = OtlpPlace.nanos(p, vt, what + "/timeUnixNano");
                    case "asDouble" -> value = Tokens.float64(p, what + "/asDouble");
                    case "asInt" -> value = Tokens.int64(p, what + "/asInt");
                    case "traceId" -> traceId = OtlpPlace.optionalId(p, vt, OtlpIds.TRACE_BYTES, what + "/traceId");
                    case "spanId" -> spanId = OtlpPlace.optionalId(p, vt, OtlpIds.SPAN_BYTES, what + "/spanId");
                    case "filteredAttributes" -> {
                        attrs.setLength(0);
                        anyValue.keyValueList(p, attrs, 0, AnyValueJson.KeyValueVisitor.NONE);
                    }
                    default -> p.skipChildren();
                }
            }
            d.addExemplar(time, value, traceId, spanId, attrs);
            i++;
        }
    }

    @Override
    protected void store(MetricDraft d, String resourceJson, String scopeName) {
        place.chunk().add(d.toPoint(resourceJson, scopeName));
        pointsRead++;
    }

    private static String excerpt(String metricName) {
        return metricName == null ? "" : "name=\"" + Excerpts.shorten(metricName, 100) + "\"";
    }
}
