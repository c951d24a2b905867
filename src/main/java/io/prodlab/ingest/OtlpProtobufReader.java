package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.SpanChunk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP protobuf: a binary {@code ExportTraceServiceRequest}, {@code ExportMetricsServiceRequest} or
 * {@code ExportLogsServiceRequest} (what an OTLP/HTTP client posts), or a stream of them each
 * preceded by its length (a varint, or four big-endian bytes as the collector's file exporter
 * writes) — each request in a stream may be of another signal. Read with the official
 * {@code opentelemetry-proto} classes, streaming: one span, metric or log record is parsed at a
 * time (the resource and scope are parsed before their records, as every serialiser writes them;
 * records that come before their resource are held until it comes).
 *
 * <p>Broken protobuf (cut short, a wrong wire type) refuses the whole file; a record that breaks
 * OTLP's rules (an id of the wrong length, no start time) is rejected and reading goes on.
 */
final class OtlpProtobufReader implements TraceReader {
    static final String FORMAT = "otlp-protobuf";
    /** A request of a length-prefixed stream is read whole to tell its signal: at most this many bytes. */
    static final int MAX_DELIMITED_MESSAGE = 256 << 20;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        return OtlpProtoWire.recognise(peek) != null;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new ProtoReading(factory, display, sink, chunkBytes);
    }

    private static final class ProtoReading extends ChunkedReading {
        private final ExtensionRegistryLite registry = ExtensionRegistryLite.getEmptyRegistry();
        private int nextContext = 1;
        private long records;
        private long message;
        private String prefix = "";
        private int resourceIndex;
        private int scopeIndex;

        ProtoReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }

        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            OtlpProtoWire.Shape shape = OtlpProtoWire.recognise(in.peek);
            if (shape == null) {
                throw new ImportException(display + ": not OTLP protobuf; nothing was imported.");
            }
            CodedInputStream c = CodedInputStream.newInstance(in.data, 1 << 16);
            c.setSizeLimit(Integer.MAX_VALUE);
            try {
                if (shape.framing() == OtlpProtoWire.Framing.SINGLE) {
                    message = 1;
                    request(c, shape.signal());
                    return "OTLP protobuf, " + describe(shape.signal());
                }
                while (!c.isAtEnd()) {
                    long n = shape.framing() == OtlpProtoWire.Framing.VARINT_DELIMITED ? c.readRawVarint64()
                            : Integer.toUnsignedLong(Integer.reverseBytes(c.readRawLittleEndian32()));
                    message++;
                    if (n > MAX_DELIMITED_MESSAGE) {
                        throw new ImportException(display + ": request " + message + " of the stream says it has " + n
                                + " bytes, more than the " + (MAX_DELIMITED_MESSAGE >> 20) + " MB Prodlab reads in one "
                                + "request; nothing was imported.");
                    }
                    byte[] bytes = c.readRawBytes((int) n);
                    c.resetSizeCounter();
                    OtlpProtoWire.Signal signal = OtlpProtoWire.signalOf(bytes);
                    if (signal == null) {
                        throw new ImportException(display + ": request " + message + " of the length-prefixed stream "
                                + "is not an OTLP export request; nothing was imported.");
                    }
                    request(CodedInputStream.newInstance(bytes), signal);
                }
                return "OTLP protobuf, " + ImportService.count(message, "length-prefixed request");
            } catch (InvalidProtocolBufferException e) {
                throw new ImportException(display + ": the protobuf data is broken" + (message > 1 ? " in request "
                        + message : "") + " (" + Excerpts.shorten(String.valueOf(e.getMessage()), 160)
                        + "); nothing was imported.", e);
            }
        }

        private static String describe(OtlpProtoWire.Signal s) {
            return switch (s) {
                case TRACES -> "ExportTraceServiceRequest";
                case METRICS -> "ExportMetricsServiceRequest";
                case LOGS -> "ExportLogsServiceRequest";
            };
        }

        /** One request: its field 1 repeated, one resource entry at a time. */
        private void request(CodedInputStream c, OtlpProtoWire.Signal signal) throws IOException, InterruptedException {
            prefix = switch (signal) {
                case TRACES -> "/resourceSpans/";
                case METRICS -> "/resourceMetrics/";
                case LOGS -> "/resourceLogs/";
            };
            resourceIndex = 0;
            int tag;
            while ((tag = c.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 1
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = c.pushLimit(c.readRawVarint32());
                    resourceEntry(c, signal);
                    c.popLimit(limit);
                    c.resetSizeCounter();
                    resourceIndex++;
                } else if (!c.skipField(tag)) {
                    break;
                }
            }
        }

        /** A ResourceSpans/ResourceMetrics/ResourceLogs: its resource, then its scope entries. */
        private void resourceEntry(CodedInputStream c, OtlpProtoWire.Signal signal) throws IOException,
                InterruptedException {
            Resource resource = null;
            List<byte[]> early = new ArrayList<>();
            scopeIndex = 0;
            int tag;
            while ((tag = c.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    resource = c.readMessage(Resource.parser(), registry);
                } else if (field == 2 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    if (resource == null) {
                        // Before its resource (no serialiser does this): hold the scope entry's bytes.
                        early.add(c.readByteArray());
                    } else {
                        int limit = c.pushLimit(c.readRawVarint32());
                        scopeEntry(c, signal, resource);
                        c.popLimit(limit);
                        scopeIndex++;
                    }
                } else if (!c.skipField(tag)) {
                    break;
                }
            }
            Resource r = resource == null ? Resource.getDefaultInstance() : resource;
            for (byte[] b : early) {
                scopeEntry(CodedInputStream.newInstance(b), signal, r);
                scopeIndex++;
            }
        }

        /** A ScopeSpans/ScopeMetrics/ScopeLogs: its scope, then one record at a time. */
        private void scopeEntry(CodedInputStream c, OtlpProtoWire.Signal signal, Resource resource) throws IOException,
                InterruptedException {
            InstrumentationScope scope = null;
            List<byte[]> early = new ArrayList<>();
            Context ctx = null;
            int index = 0;
            int tag;
            while ((tag = c.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    scope = c.readMessage(InstrumentationScope.parser(), registry);
                } else if (field == 2 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    if (scope == null) {
                        early.add(c.readByteArray());
                        continue;
                    }
                    if (ctx == null) {
                        ctx = context(resource, scope);
                    }
                    record(c, signal, ctx, index++);
                } else if (!c.skipField(tag)) {
                    break;
                }
            }
            if (!early.isEmpty()) {
                ctx = context(resource, scope == null ? InstrumentationScope.getDefaultInstance() : scope);
                for (byte[] b : early) {
                    handle(switch (signal) {
                        case TRACES -> Span.parseFrom(b, registry);
                        case METRICS -> Metric.parseFrom(b, registry);
                        case LOGS -> LogRecord.parseFrom(b, registry);
                    }, signal, ctx, index++);
                }
            }
        }

        /** The record at the stream's current length-delimited field. */
        private void record(CodedInputStream c, OtlpProtoWire.Signal signal, Context ctx, int index)
                throws IOException, InterruptedException {
            handle(switch (signal) {
                case TRACES -> c.readMessage(Span.parser(), registry);
                case METRICS -> c.readMessage(Metric.parser(), registry);
                case LOGS -> c.readMessage(LogRecord.parser(), registry);
            }, signal, ctx, index);
        }

        private void handle(Object record, OtlpProtoWire.Signal signal, Context ctx, int index)
                throws InterruptedException {
            String where = "request " + message + ", " + prefix + resourceIndex + "/" + switch (signal) {
                case TRACES -> "scopeSpans/" + scopeIndex + "/spans/";
                case METRICS -> "scopeMetrics/" + scopeIndex + "/metrics/";
                case LOGS -> "scopeLogs/" + scopeIndex + "/logRecords/";
            } + index;
            try {
                if (record instanceof Span span) {
                    span(span, ctx);
                } else if (record instanceof Metric metric) {
                    metric(metric, ctx, where);
                } else {
                    log((LogRecord) record, ctx);
                }
            } catch (BadRecordException e) {
                sink.chunk().reject(new RejectedRecord(where, e.reason(), ""));
            }
            afterRecord(++records);
        }

        /** A resource and scope as the chunk's context, and as JSON for the other signals. */
        private record Context(int id, String resourceJson, String scopeName) {
        }

        private Context context(Resource resource, InstrumentationScope scope) {
            String json;
            try {
                json = OtlpProtoValues.json(resource.getAttributesList());
            } catch (BadRecordException e) {
                json = "{}";
            }
            List<KeyValue> attrs = resource.getAttributesList();
            String service = OtlpProtoValues.string(attrs, "service.name");
            String version = OtlpProtoValues.string(attrs, "service.version");
            String key = json + '\u0001' + scope.getName() + '\u0001' + scope.getVersion();
            Integer id = contextIds.get(key);
            if (id == null) {
                id = nextContext++;
                if (contextIds.size() < 10_000) {
                    contextIds.put(key, id);
                }
                sink.chunk().defineContext(id, service == null || service.isEmpty() ? "unknown_service" : service,
                        version == null ? "" : version, json, scope.getName(), scope.getVersion());
            }
            return new Context(id, json, scope.getName());
        }

        private void span(Span s, Context ctx) throws BadRecordException {
            String traceId = OtlpProtoValues.id(s.getTraceId(), OtlpIds.TRACE_BYTES, "traceId");
            String spanId = OtlpProtoValues.id(s.getSpanId(), OtlpIds.SPAN_BYTES, "spanId");
            String parent = OtlpProtoValues.optionalId(s.getParentSpanId(), OtlpIds.SPAN_BYTES, "parentSpanId");
            long start = s.getStartTimeUnixNano();
            long end = s.getEndTimeUnixNano();
            if (start <= 0) {
                throw new BadRecordException("the span has no startTimeUnixNano (missing, 0 or past the year 2262)");
            }
            if (end <= 0) {
                throw new BadRecordException("the span has no endTimeUnixNano (missing, 0 or past the year 2262)");
            }
            if (end < start) {
                throw new BadRecordException("endTimeUnixNano " + end + " is before startTimeUnixNano " + start);
            }
            SpanKind kind = SpanKind.fromOtlpNumber(s.getKindValue());
            if (kind == null) {
                throw new BadRecordException("kind " + s.getKindValue() + " is not an OTLP span kind (0-5)");
            }
            Status st = s.getStatus();
            SpanStatus status = SpanStatus.fromOtlpNumber(st.getCodeValue());
            if (status == null) {
                throw new BadRecordException("status.code " + st.getCodeValue() + " is not an OTLP status code (0-2)");
            }
            String attributes = OtlpProtoValues.json(s.getAttributesList());
            List<String[]> links = new ArrayList<>(s.getLinksCount());
            for (int i = 0; i < s.getLinksCount(); i++) {
                Span.Link l = s.getLinks(i);
                links.add(new String[] {OtlpProtoValues.id(l.getTraceId(), OtlpIds.TRACE_BYTES, "links/" + i + "/traceId"),
                        OtlpProtoValues.id(l.getSpanId(), OtlpIds.SPAN_BYTES, "links/" + i + "/spanId"),
                        OtlpProtoValues.json(l.getAttributesList())});
            }
            List<String> events = new ArrayList<>(s.getEventsCount());
            for (Span.Event e : s.getEventsList()) {
                events.add(OtlpProtoValues.json(e.getAttributesList()));
            }
            SpanChunk chunk = sink.chunk();
            // uint32/fixed32 on the wire: a value past 2^31 − 1 (negative here) says nothing we keep.
            chunk.addSpan(traceId, spanId, parent, ctx.id(), s.getName(), kind, start, end, status, st.getMessage(),
                    attributes, s.getTraceState(), SpanFlags.of(Math.max(0, s.getFlags()),
                            Math.max(0, s.getDroppedAttributesCount()), Math.max(0, s.getDroppedEventsCount()),
                            Math.max(0, s.getDroppedLinksCount())));
            for (int i = 0; i < s.getEventsCount(); i++) {
                Span.Event e = s.getEvents(i);
                chunk.addEvent(traceId, spanId, Math.max(0, e.getTimeUnixNano()), e.getName(), events.get(i));
            }
            for (int i = 0; i < s.getLinksCount(); i++) {
                String[] l = links.get(i);
                chunk.addLink(traceId, spanId, l[0], l[1], s.getLinks(i).getTraceState(), l[2]);
            }
            spansRead++;
        }

        private void metric(Metric m, Context ctx, String where) throws BadRecordException {
            if (m.getName().isEmpty()) {
                throw new BadRecordException("the metric has no name");
            }
            String temporality = "";
            boolean monotonic = false;
            List<MetricDraft> points = new ArrayList<>();
            switch (m.getDataCase()) {
                case GAUGE -> {
                    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                        points.add(number("gauge", p));
                    }
                }
                case SUM -> {
                    temporality = temporality(m.getSum().getAggregationTemporality());
                    monotonic = m.getSum().getIsMonotonic();
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        points.add(number("sum", p));
                    }
                }
                case HISTOGRAM -> {
                    temporality = temporality(m.getHistogram().getAggregationTemporality());
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        MetricDraft d = draft("histogram", p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                                p.getAttributesList(), p.getExemplarsList());
                        d.count = p.getCount();
                        d.sum = p.hasSum() ? p.getSum() : Double.NaN;
                        d.min = p.hasMin() ? p.getMin() : null;
                        d.max = p.hasMax() ? p.getMax() : null;
                        d.bucketCounts = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
                        d.explicitBounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
                        points.add(d);
                    }
                }
                case EXPONENTIAL_HISTOGRAM -> {
                    temporality = temporality(m.getExponentialHistogram().getAggregationTemporality());
                    for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
                        MetricDraft d = draft("exp_histogram", p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                                p.getAttributesList(), p.getExemplarsList());
                        d.count = p.getCount();
                        d.sum = p.hasSum() ? p.getSum() : Double.NaN;
                        d.min = p.hasMin() ? p.getMin() : null;
                        d.max = p.hasMax() ? p.getMax() : null;
                        d.scale = Math.max(-10, Math.min(20, p.getScale()));
                        d.zeroCount = p.getZeroCount();
                        d.zeroThreshold = p.getZeroThreshold();
                        d.positive = buckets(p.getPositive());
                        d.negative = buckets(p.getNegative());
                        points.add(d);
                    }
                }
                case SUMMARY -> {
                    for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                        MetricDraft d = draft("summary", p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                                p.getAttributesList(), List.of());
                        d.count = p.getCount();
                        d.sum = p.getSum();
                        d.quantiles = new double[p.getQuantileValuesCount()];
                        d.quantileValues = new double[p.getQuantileValuesCount()];
                        for (int i = 0; i < p.getQuantileValuesCount(); i++) {
                            d.quantiles[i] = p.getQuantileValues(i).getQuantile();
                            d.quantileValues[i] = p.getQuantileValues(i).getValue();
                        }
                        points.add(d);
                    }
                }
                default -> {
                    return;
                }
            }
            for (int i = 0; i < points.size(); i++) {
                MetricDraft d = points.get(i);
                try {
                    d.check();
                } catch (BadRecordException e) {
                    sink.chunk().reject(new RejectedRecord(where + "/dataPoints/" + i, e.reason(), d.excerpt()));
                    continue;
                }
                d.complete(m.getName(), m.getUnit(), m.getDescription(), temporality, monotonic);
                sink.chunk().add(d.toPoint(ctx.resourceJson(), ctx.scopeName()));
            }
        }

        private static String temporality(AggregationTemporality t) {
            return switch (t) {
                case AGGREGATION_TEMPORALITY_DELTA -> "delta";
                case AGGREGATION_TEMPORALITY_CUMULATIVE -> "cumulative";
                default -> "";
            };
        }

        private static MetricDraft.Buckets buckets(ExponentialHistogramDataPoint.Buckets b) {
            MetricDraft.Buckets out = new MetricDraft.Buckets();
            out.offset = b.getOffset();
            out.counts = b.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
            return out;
        }

        private static MetricDraft number(String type, NumberDataPoint p) throws BadRecordException {
            MetricDraft d = draft(type, p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAttributesList(),
                    p.getExemplarsList());
            d.value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            return d;
        }

        private static MetricDraft draft(String type, long start, long time, List<KeyValue> attributes,
                                         List<Exemplar> exemplars) throws BadRecordException {
            MetricDraft d = new MetricDraft(type);
            d.startNs = Math.max(0, start);
            d.timeNs = Math.max(0, time);
            d.attributes.append(OtlpProtoValues.json(attributes));
            for (Exemplar e : exemplars) {
                d.addExemplar(Math.max(0, e.getTimeUnixNano()), e.getValueCase() == Exemplar.ValueCase.AS_INT
                                ? e.getAsInt() : e.getAsDouble(),
                        OtlpProtoValues.optionalId(e.getTraceId(), OtlpIds.TRACE_BYTES, "exemplar traceId"),
                        OtlpProtoValues.optionalId(e.getSpanId(), OtlpIds.SPAN_BYTES, "exemplar spanId"),
                        OtlpProtoValues.json(e.getFilteredAttributesList()));
            }
            return d;
        }

        private void log(LogRecord r, Context ctx) throws BadRecordException {
            long time = Math.max(0, r.getTimeUnixNano());
            long observed = Math.max(0, r.getObservedTimeUnixNano());
            if (time == 0 && observed == 0) {
                throw new BadRecordException("the log record has neither timeUnixNano nor observedTimeUnixNano");
            }
            int severity = r.getSeverityNumberValue();
            if (severity < 0 || severity > 24) {
                throw new BadRecordException("severityNumber " + severity + " is not 0-24");
            }
            String event = r.getEventName();
            if (event.isEmpty()) {
                String attr = OtlpProtoValues.string(r.getAttributesList(), "event.name");
                event = attr == null ? "" : attr;
            }
            sink.chunk().add(new io.prodlab.model.LogRecord(time, observed, severity, r.getSeverityText(),
                    OtlpProtoValues.text(r.getBody()), OtlpProtoValues.json(r.getAttributesList()), ctx.resourceJson(),
                    ctx.scopeName(), OtlpProtoValues.optionalId(r.getTraceId(), OtlpIds.TRACE_BYTES, "traceId"),
                    OtlpProtoValues.optionalId(r.getSpanId(), OtlpIds.SPAN_BYTES, "spanId"), event));
        }
    }
}
