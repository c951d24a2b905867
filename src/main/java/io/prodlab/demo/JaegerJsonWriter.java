package io.prodlab.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes spans as the Jaeger UI's download ({@code {"data": [trace, ...]}}): per trace its spans and its
 * processes (one per instance, {@code p1}, {@code p2}, ... by instance order, the resource attributes as
 * process tags). The OpenTelemetry Jaeger translator's mapping: the parent is a {@code CHILD_OF}
 * reference, a link a {@code FOLLOWS_FROM} one; {@code span.kind}, {@code otel.status_code} /
 * {@code otel.status_description} and an {@code error} tag for failures, {@code otel.scope.*} for the
 * scope; events become logs with an {@code event} field; times in microseconds (rounded down).
 */
final class JaegerJsonWriter extends BufferingJsonWriter {
    private static final String[] KINDS = {null, "internal", "server", "client", "producer", "consumer"};

    private final List<Instance> instances;

    JaegerJsonWriter(OutputStream out, List<Instance> instances) throws IOException {
        super(out);
        this.instances = instances;
        gen.writeStartObject();
        gen.writeFieldName("data");
        gen.writeStartArray();
    }

    @Override
    void writeBuffered() throws IOException {
        // A request's spans come trace by trace, but a trace's spans need not be contiguous: group them.
        List<long[]> seen = new ArrayList<>();
        for (SimSpan s : buffered) {
            if (seen.stream().noneMatch(t -> t[0] == s.traceHi && t[1] == s.traceLo)) {
                seen.add(new long[] {s.traceHi, s.traceLo});
            }
        }
        for (long[] t : seen) {
            List<SimSpan> trace = buffered.stream().filter(s -> s.traceHi == t[0] && s.traceLo == t[1]).toList();
            writeTrace(trace);
        }
    }

    private void writeTrace(List<SimSpan> spans) throws IOException {
        String traceId = Mix.hex16(spans.get(0).traceHi) + Mix.hex16(spans.get(0).traceLo);
        gen.writeStartObject();
        gen.writeStringField("traceID", traceId);
        gen.writeFieldName("spans");
        gen.writeStartArray();
        boolean[] used = new boolean[instances.size()];
        for (SimSpan s : spans) {
            used[s.instance.index()] = true;
            writeSpan(traceId, s);
        }
        gen.writeEndArray();
        gen.writeFieldName("processes");
        gen.writeStartObject();
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                Instance instance = instances.get(i);
                gen.writeFieldName("p" + (i + 1));
                gen.writeStartObject();
                gen.writeStringField("serviceName", instance.serviceName());
                gen.writeFieldName("tags");
                gen.writeStartArray();
                Object[] resource = OtlpJsonLinesWriter.resourceAttributes(instance);
                for (int k = 0; k < resource.length; k += 2) {
                    if (!resource[k].equals("service.name")) {
                        tag((String) resource[k], resource[k + 1]);
                    }
                }
                gen.writeEndArray();
                gen.writeEndObject();
            }
        }
        gen.writeEndObject();
        gen.writeNullField("warnings");
        gen.writeEndObject();
        records++;
    }

    private void writeSpan(String traceId, SimSpan s) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("traceID", traceId);
        gen.writeStringField("spanID", Mix.hex16(s.spanId));
        gen.writeStringField("operationName", s.name);
        gen.writeFieldName("references");
        gen.writeStartArray();
        if (s.parentSpanId != 0) {
            reference("CHILD_OF", traceId, s.parentSpanId);
        }
        if (s.hasLink) {
            reference("FOLLOWS_FROM", Mix.hex16(s.linkTraceHi) + Mix.hex16(s.linkTraceLo), s.linkSpanId);
        }
        gen.writeEndArray();
        gen.writeNumberField("flags", 1);
        long start = SpanWriter.micros(s.startNs);
        gen.writeNumberField("startTime", start);
        gen.writeNumberField("duration", SpanWriter.micros(s.endNs) - start);
        gen.writeFieldName("tags");
        gen.writeStartArray();
        for (int i = 0; i < s.attributes.size(); i += 2) {
            tag((String) s.attributes.get(i), s.attributes.get(i + 1));
        }
        if (s.kind != SimSpan.INTERNAL) {
            tag("span.kind", KINDS[s.kind]);
        }
        tag("otel.scope.name", s.instance.scopeName());
        tag("otel.scope.version", s.instance.scopeVersion());
        if (s.error) {
            tag("otel.status_code", "ERROR");
            if (s.statusMessage != null) {
                tag("otel.status_description", s.statusMessage);
            }
            tag("error", true);
        }
        gen.writeEndArray();
        gen.writeFieldName("logs");
        gen.writeStartArray();
        if (s.events != null) {
            for (SimSpan.Event e : s.events) {
                gen.writeStartObject();
                gen.writeNumberField("timestamp", SpanWriter.micros(e.timeNs()));
                gen.writeFieldName("fields");
                gen.writeStartArray();
                tag("event", e.name());
                for (int i = 0; i < e.attributes().length; i += 2) {
                    tag((String) e.attributes()[i], e.attributes()[i + 1]);
                }
                gen.writeEndArray();
                gen.writeEndObject();
            }
        }
        gen.writeEndArray();
        gen.writeStringField("processID", "p" + (s.instance.index() + 1));
        gen.writeNullField("warnings");
        gen.writeEndObject();
    }

    private void reference(String type, String traceId, long spanId) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("refType", type);
        gen.writeStringField("traceID", traceId);
        gen.writeStringField("spanID", Mix.hex16(spanId));
        gen.writeEndObject();
    }

    private void tag(String key, Object value) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("key", key);
        if (value instanceof Long n) {
            gen.writeStringField("type", "int64");
            gen.writeNumberField("value", n);
        } else if (value instanceof Boolean b) {
            gen.writeStringField("type", "bool");
            gen.writeBooleanField("value", b);
        } else if (value instanceof SimSpan.Decimal d) {
            gen.writeStringField("type", "float64");
            gen.writeFieldName("value");
            gen.writeNumber(d.text());
        } else {
            gen.writeStringField("type", "string");
            gen.writeStringField("value", (String) value);
        }
        gen.writeEndObject();
    }

    @Override
    void writeEnd() throws IOException {
        gen.writeEndArray();
        gen.writeNumberField("total", 0);
        gen.writeNumberField("limit", 0);
        gen.writeNumberField("offset", 0);
        gen.writeNullField("errors");
        gen.writeEndObject();
    }
}
