package io.prodlab.demo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes spans as OTLP/JSON lines, the shape of the OpenTelemetry collector's file exporter: each line
 * is one ExportTraceServiceRequest holding exactly {@code spansPerLine} spans (the last line fewer),
 * with one ResourceSpans per instance that has spans in the line, in instance order. Follows the
 * OTLP/JSON encoding: hex ids, 64-bit integers as decimal strings, enums as numbers.
 */
final class OtlpJsonLinesWriter implements SpanWriter {

    private static final SerializableString RESOURCE_SPANS = new SerializedString("resourceSpans");
    private static final SerializableString RESOURCE = new SerializedString("resource");
    private static final SerializableString ATTRIBUTES = new SerializedString("attributes");
    private static final SerializableString SCOPE_SPANS = new SerializedString("scopeSpans");
    private static final SerializableString SCOPE = new SerializedString("scope");
    private static final SerializableString SPANS = new SerializedString("spans");
    private static final SerializableString SCHEMA_URL = new SerializedString("schemaUrl");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString VERSION = new SerializedString("version");
    private static final SerializableString TRACE_ID = new SerializedString("traceId");
    private static final SerializableString SPAN_ID = new SerializedString("spanId");
    private static final SerializableString PARENT_SPAN_ID = new SerializedString("parentSpanId");
    private static final SerializableString FLAGS = new SerializedString("flags");
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString START = new SerializedString("startTimeUnixNano");
    private static final SerializableString END = new SerializedString("endTimeUnixNano");
    private static final SerializableString TIME = new SerializedString("timeUnixNano");
    private static final SerializableString EVENTS = new SerializedString("events");
    private static final SerializableString LINKS = new SerializedString("links");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString CODE = new SerializedString("code");
    private static final SerializableString MESSAGE = new SerializedString("message");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString STRING_VALUE = new SerializedString("stringValue");
    private static final SerializableString INT_VALUE = new SerializedString("intValue");
    private static final SerializableString DOUBLE_VALUE = new SerializedString("doubleValue");
    private static final SerializableString BOOL_VALUE = new SerializedString("boolValue");
    /** OTLP span flags: W3C "sampled" plus "is the parent remote" known (bit 8) and false. */
    private static final int SAMPLED_FLAGS = 0x101;
    /** The same with "the parent is remote" (bit 9): a server span's parent is its caller's client span. */
    private static final int SAMPLED_REMOTE_PARENT_FLAGS = 0x301;

    private final JsonGenerator gen;
    private final List<Instance> instances;
    private final List<Object[]> resources = new ArrayList<>();
    private final int spansPerLine;
    private final List<List<SimSpan>> byInstance = new ArrayList<>();
    private final char[] ids = new char[32];
    private int buffered;
    private long lines;

    OtlpJsonLinesWriter(OutputStream out, List<Instance> instances, int spansPerLine) throws IOException {
        this.gen = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
        this.instances = instances;
        this.spansPerLine = spansPerLine;
        for (Instance i : instances) {
            byInstance.add(new ArrayList<>());
            resources.add(resourceAttributes(i));
        }
    }

    /** An instance's resource attributes, alternating key and value. */
    static Object[] resourceAttributes(Instance i) {
        String deployment = i.version().contains("canary") ? i.serviceName() + "-canary" : i.serviceName();
        return new Object[] {
                "service.name", i.serviceName(),
                "service.namespace", ShopTopology.NAMESPACE,
                "service.version", i.version(),
                "service.instance.id", i.instanceId(),
                "deployment.environment", ShopTopology.ENVIRONMENT,
                "host.name", i.hostName(),
                "k8s.namespace.name", ShopTopology.NAMESPACE,
                "k8s.deployment.name", deployment,
                "k8s.pod.name", i.podName(),
                "telemetry.sdk.name", "opentelemetry",
                "telemetry.sdk.language", i.sdkLanguage(),
                "telemetry.sdk.version", ShopTopology.SDK_VERSION};
    }

    /** Buffers a complete span; writes a line as soon as one is full. */
    @Override
    public void add(SimSpan span) throws IOException {
        byInstance.get(span.instance.index()).add(span);
        if (++buffered == spansPerLine) {
            writeLine();
        }
    }

    /** Lines hold a fixed number of spans, whatever the requests. */
    @Override
    public void endRequest() {
    }

    /** Writes the last, partial line. */
    @Override
    public void finish() throws IOException {
        if (buffered > 0) {
            writeLine();
        }
        gen.flush();
    }

    @Override
    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void writeLine() throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(RESOURCE_SPANS);
        gen.writeStartArray();
        for (int i = 0; i < instances.size(); i++) {
            List<SimSpan> spans = byInstance.get(i);
            if (spans.isEmpty()) {
                continue;
            }
            Instance instance = instances.get(i);
            gen.writeStartObject();
            gen.writeFieldName(RESOURCE);
            gen.writeStartObject();
            gen.writeFieldName(ATTRIBUTES);
            writeAttributes(resources.get(i));
            gen.writeEndObject();
            gen.writeFieldName(SCOPE_SPANS);
            gen.writeStartArray();
            gen.writeStartObject();
            gen.writeFieldName(SCOPE);
            gen.writeStartObject();
            gen.writeFieldName(NAME);
            gen.writeString(instance.scopeName());
            gen.writeFieldName(VERSION);
            gen.writeString(instance.scopeVersion());
            gen.writeEndObject();
            gen.writeFieldName(SPANS);
            gen.writeStartArray();
            for (SimSpan s : spans) {
                writeSpan(s);
            }
            gen.writeEndArray();
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeFieldName(SCHEMA_URL);
            gen.writeString(ShopTopology.SCHEMA_URL);
            gen.writeEndObject();
            spans.clear();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.writeRaw('\n');
        buffered = 0;
        lines++;
    }

    private void writeSpan(SimSpan s) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(TRACE_ID);
        writeTraceId(s.traceHi, s.traceLo);
        gen.writeFieldName(SPAN_ID);
        writeSpanId(s.spanId);
        gen.writeFieldName(PARENT_SPAN_ID);
        if (s.parentSpanId == 0) {
            gen.writeString("");
        } else {
            writeSpanId(s.parentSpanId);
        }
        gen.writeFieldName(FLAGS);
        gen.writeNumber(s.kind == SimSpan.SERVER && s.parentSpanId != 0 ? SAMPLED_REMOTE_PARENT_FLAGS : SAMPLED_FLAGS);
        gen.writeFieldName(NAME);
        gen.writeString(s.name);
        gen.writeFieldName(KIND);
        gen.writeNumber(s.kind);
        gen.writeFieldName(START);
        gen.writeString(Long.toString(s.startNs));
        gen.writeFieldName(END);
        gen.writeString(Long.toString(s.endNs));
        gen.writeFieldName(ATTRIBUTES);
        writeAttributes(s.attributes);
        if (s.events != null) {
            gen.writeFieldName(EVENTS);
            gen.writeStartArray();
            for (SimSpan.Event e : s.events) {
                gen.writeStartObject();
                gen.writeFieldName(TIME);
                gen.writeString(Long.toString(e.timeNs()));
                gen.writeFieldName(NAME);
                gen.writeString(e.name());
                gen.writeFieldName(ATTRIBUTES);
                writeAttributes(e.attributes());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        if (s.hasLink) {
            gen.writeFieldName(LINKS);
            gen.writeStartArray();
            gen.writeStartObject();
            gen.writeFieldName(TRACE_ID);
            writeTraceId(s.linkTraceHi, s.linkTraceLo);
            gen.writeFieldName(SPAN_ID);
            writeSpanId(s.linkSpanId);
            gen.writeFieldName(FLAGS);
            gen.writeNumber(SAMPLED_REMOTE_PARENT_FLAGS);
            gen.writeEndObject();
            gen.writeEndArray();
        }
        gen.writeFieldName(STATUS);
        gen.writeStartObject();
        if (s.error) {
            gen.writeFieldName(CODE);
            gen.writeNumber(2);
            gen.writeFieldName(MESSAGE);
            gen.writeString(s.statusMessage);
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private void writeTraceId(long hi, long lo) throws IOException {
        Mix.hex16(hi, ids, 0);
        Mix.hex16(lo, ids, 16);
        gen.writeString(ids, 0, 32);
    }

    private void writeSpanId(long id) throws IOException {
        Mix.hex16(id, ids, 0);
        gen.writeString(ids, 0, 16);
    }

    private void writeAttributes(List<Object> keyValues) throws IOException {
        gen.writeStartArray();
        for (int i = 0; i < keyValues.size(); i += 2) {
            writeAttribute((String) keyValues.get(i), keyValues.get(i + 1));
        }
        gen.writeEndArray();
    }

    private void writeAttributes(Object[] keyValues) throws IOException {
        gen.writeStartArray();
        for (int i = 0; i < keyValues.length; i += 2) {
            writeAttribute((String) keyValues[i], keyValues[i + 1]);
        }
        gen.writeEndArray();
    }

    private void writeAttribute(String key, Object value) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(KEY);
        gen.writeString(key);
        gen.writeFieldName(VALUE);
        gen.writeStartObject();
        if (value instanceof String text) {
            gen.writeFieldName(STRING_VALUE);
            gen.writeString(text);
        } else if (value instanceof Long number) {
            // OTLP/JSON: int64 is a decimal string.
            gen.writeFieldName(INT_VALUE);
            gen.writeString(Long.toString(number));
        } else if (value instanceof Boolean flag) {
            gen.writeFieldName(BOOL_VALUE);
            gen.writeBoolean(flag);
        } else if (value instanceof SimSpan.Decimal decimal) {
            gen.writeFieldName(DOUBLE_VALUE);
            gen.writeNumber(decimal.text());
        } else {
            throw new IllegalArgumentException("unsupported attribute value for " + key + ": " + value);
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
