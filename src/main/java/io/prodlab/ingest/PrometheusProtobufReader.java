package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.prodlab.model.MetricPoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus protobuf exposition ({@code application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited}): varint-length-delimited
 * {@code MetricFamily} messages, decoded field by field with protobuf's {@link CodedInputStream}
 * (the generated classes are not published for Java; the schema is small and stable). Each
 * {@code Metric} is one point, typed as {@link PrometheusTextReader} types the text format's
 * series: counters as monotonic cumulative sums, gauges and untyped as gauges, histograms with
 * their cumulative buckets turned into per-bucket counts, summaries with their quantiles;
 * {@code created_timestamp} is the start, {@code timestamp_ms} the time (0 when absent, as in
 * decision 0015), exemplars kept. Native-histogram fields are skipped.
 */
final class PrometheusProtobufReader implements TraceReader {
    static final String FORMAT = "prometheus-protobuf";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TYPES = {"counter", "gauge", "summary", "untyped", "histogram", "gaugehistogram"};

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        return TraceReaders.prometheusProtobuf(peek) != null;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new ChunkedReading(factory, display, sink, chunkBytes) {
            private long families;
            private long untimed;

            @Override
            public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
                CodedInputStream c = CodedInputStream.newInstance(in.data);
                c.setSizeLimit(Integer.MAX_VALUE);
                try {
                    while (!c.isAtEnd()) {
                        int len = c.readRawVarint32();
                        if (len < 0) {
                            throw new InvalidProtocolBufferException("a negative message length");
                        }
                        int old = c.pushLimit(len);
                        family(c);
                        c.popLimit(old);
                        c.resetSizeCounter();
                        families++;
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new ImportException(display + ": byte " + c.getTotalBytesRead() + ", MetricFamily "
                            + (families + 1) + ": the protobuf data is broken (" + Excerpts.shorten(
                            String.valueOf(e.getMessage()), 120) + "); expected length-delimited "
                            + "io.prometheus.client.MetricFamily messages. Nothing was imported.", e);
                }
                return "Prometheus protobuf exposition, " + families + (families == 1 ? " family" : " families")
                        + " as " + ImportService.count(spansRead, "metric point")
                        + (untimed == 0 ? "" : "; " + untimed + " of them without a timestamp, stored at time 0 "
                        + "(the exposition leaves the scrape time to the scraper)");
            }

            private void family(CodedInputStream c) throws IOException, InterruptedException {
                String name = "";
                String help = "";
                String unit = "";
                int type = 3;
                List<byte[]> metrics = new ArrayList<>();
                int tag;
                while ((tag = c.readTag()) != 0) {
                    switch (tag >>> 3) {
                        case 1 -> name = c.readString();
                        case 2 -> help = c.readString();
                        case 3 -> type = c.readEnum();
                        case 4 -> metrics.add(c.readByteArray());
                        case 5 -> unit = c.readString();
                        default -> c.skipField(tag);
                    }
                }
                String t = type >= 0 && type < TYPES.length ? TYPES[type] : "untyped";
                for (byte[] m : metrics) {
                    MetricPoint p = metric(CodedInputStream.newInstance(m), name, help, unit, t);
                    sink.chunk().add(p);
                    spansRead++;
                    if (p.timeNs() == 0) {
                        untimed++;
                    }
                    afterRecord(spansRead);
                }
            }

            private MetricPoint metric(CodedInputStream c, String name, String help, String unit, String type)
                    throws IOException {
                Map<String, String> labels = new TreeMap<>();
                double value = Double.NaN;
                long timeNs = 0;
                Long count = null;
                long start = 0;
                TreeMap<Double, Double> buckets = new TreeMap<>();
                TreeMap<Double, Double> quantiles = new TreeMap<>();
                ArrayNode exemplars = NODES.arrayNode();
                int tag;
                while ((tag = c.readTag()) != 0) {
                    int field = tag >>> 3;
                    if (field == 1) {
                        String[] l = pair(CodedInputStream.newInstance(c.readByteArray()));
                        labels.put(l[0], l[1]);
                    } else if (field == 6) {
                        long ms = c.readInt64();
                        timeNs = ms > 0 && ms < Long.MAX_VALUE / 1_000_000L ? ms * 1_000_000L : 0;
                    } else if (field >= 2 && field <= 5 || field == 7) {
                        CodedInputStream v = CodedInputStream.newInstance(c.readByteArray());
                        int vt;
                        while ((vt = v.readTag()) != 0) {
                            int f = vt >>> 3;
                            boolean histogram = field == 7;
                            boolean summary = field == 4;
                            if (!histogram && !summary && f == 1) {
                                value = v.readDouble();
                            } else if (field == 3 && f == 2) {
                                exemplars.add(exemplar(CodedInputStream.newInstance(v.readByteArray())));
                            } else if (field == 3 && f == 3 || summary && f == 4 || histogram && f == 15) {
                                start = timestamp(CodedInputStream.newInstance(v.readByteArray()));
                            } else if ((histogram || summary) && f == 1) {
                                count = v.readUInt64();
                            } else if (histogram && f == 4) {
                                count = Math.round(v.readDouble());
                            } else if ((histogram || summary) && f == 2) {
                                value = v.readDouble();
                            } else if (summary && f == 3) {
                                double[] q = twoDoubles(CodedInputStream.newInstance(v.readByteArray()));
                                quantiles.put(q[0], q[1]);
                            } else if (histogram && f == 3) {
                                bucket(CodedInputStream.newInstance(v.readByteArray()), buckets, exemplars);
                            } else {
                                v.skipField(vt);
                            }
                        }
                    } else {
                        c.skipField(tag);
                    }
                }
                ObjectNode attrs = NODES.objectNode();
                labels.forEach(attrs::put);
                String ex = exemplars.isEmpty() ? "" : exemplars.toString();
                switch (type) {
                    case "histogram", "gaugehistogram" -> {
                        Double inf = buckets.remove(Double.POSITIVE_INFINITY);
                        double[] bounds = new double[buckets.size()];
                        long[] counts = new long[bounds.length + 1];
                        double prev = 0;
                        int i = 0;
                        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
                            bounds[i] = b.getKey();
                            counts[i++] = Math.max(0, Math.round(b.getValue() - prev));
                            prev = b.getValue();
                        }
                        long total = count != null ? count : inf != null ? Math.round(inf) : Math.round(prev);
                        counts[bounds.length] = Math.max(0, total - Math.round(prev));
                        return new MetricPoint(name, "histogram", unit, help, start, timeNs, value, total, null, null,
                                type.equals("histogram") ? "cumulative" : "", null, bounds, counts, null, null,
                                attrs.toString(), "{}", "", ex);
                    }
                    case "summary" -> {
                        double[] q = new double[quantiles.size()];
                        double[] v = new double[q.length];
                        int i = 0;
                        for (Map.Entry<Double, Double> e : quantiles.entrySet()) {
                            q[i] = e.getKey();
                            v[i++] = e.getValue();
                        }
                        return new MetricPoint(name, "summary", unit, help, start, timeNs, value, count, null, null,
                                "cumulative", null, null, null, q, v, attrs.toString(), "{}", "", ex);
                    }
                    case "counter" -> {
                        return new MetricPoint(name, "sum", unit, help, start, timeNs, value, null, null, null,
                                "cumulative", true, null, null, null, null, attrs.toString(), "{}", "", ex);
                    }
                    default -> {
                        return new MetricPoint(name, "gauge", unit, help, 0, timeNs, value, null, null, null, "", null,
                                null, null, null, null, attrs.toString(), "{}", "", ex);
                    }
                }
            }

            private void bucket(CodedInputStream b, TreeMap<Double, Double> buckets, ArrayNode exemplars)
                    throws IOException {
                double cumulative = 0;
                double bound = Double.POSITIVE_INFINITY;
                int tag;
                while ((tag = b.readTag()) != 0) {
                    switch (tag >>> 3) {
                        case 1 -> cumulative = b.readUInt64();
                        case 4 -> cumulative = b.readDouble();
                        case 2 -> bound = b.readDouble();
                        case 3 -> exemplars.add(exemplar(CodedInputStream.newInstance(b.readByteArray())));
                        default -> b.skipField(tag);
                    }
                }
                buckets.put(bound, cumulative);
            }

            private ObjectNode exemplar(CodedInputStream e) throws IOException {
                ObjectNode o = NODES.objectNode();
                ObjectNode attrs = NODES.objectNode();
                String trace = "";
                String span = "";
                double value = Double.NaN;
                long time = 0;
                int tag;
                while ((tag = e.readTag()) != 0) {
                    switch (tag >>> 3) {
                        case 1 -> {
                            String[] l = pair(CodedInputStream.newInstance(e.readByteArray()));
                            String k = l[0].toLowerCase(java.util.Locale.ROOT).replace("_", "");
                            if (k.equals("traceid")) {
                                trace = l[1];
                            } else if (k.equals("spanid")) {
                                span = l[1];
                            } else {
                                attrs.put(l[0], l[1]);
                            }
                        }
                        case 2 -> value = e.readDouble();
                        case 3 -> time = timestamp(CodedInputStream.newInstance(e.readByteArray()));
                        default -> e.skipField(tag);
                    }
                }
                o.put("time_ns", time);
                o.put("value", value);
                o.put("trace_id", trace);
                o.put("span_id", span);
                o.set("attributes", attrs);
                return o;
            }
        };
    }

    private static String[] pair(CodedInputStream c) throws IOException {
        String[] out = {"", ""};
        int tag;
        while ((tag = c.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> out[0] = c.readString();
                case 2 -> out[1] = c.readString();
                default -> c.skipField(tag);
            }
        }
        return out;
    }

    private static double[] twoDoubles(CodedInputStream c) throws IOException {
        double[] out = {Double.NaN, Double.NaN};
        int tag;
        while ((tag = c.readTag()) != 0) {
            int f = tag >>> 3;
            if ((f == 1 || f == 2) && (tag & 7) == 1) {
                out[f - 1] = c.readDouble();
            } else {
                c.skipField(tag);
            }
        }
        return out;
    }

    /** A google.protobuf.Timestamp as Unix ns (0 when out of range). */
    private static long timestamp(CodedInputStream c) throws IOException {
        long s = 0;
        int n = 0;
        int tag;
        while ((tag = c.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> s = c.readInt64();
                case 2 -> n = c.readInt32();
                default -> c.skipField(tag);
            }
        }
        return s < 0 || s >= Long.MAX_VALUE / 1_000_000_000L ? 0 : s * 1_000_000_000L + n;
    }
}
