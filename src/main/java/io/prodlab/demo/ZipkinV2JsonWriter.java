package io.prodlab.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes spans as Zipkin v2 JSON (one array of spans), in Zipkin's RPC model as Brave reports it: a
 * server span whose parent is a client span shares the client's id ({@code "shared": true}, its
 * {@code parentId} the client's parent) and its children name that id as their parent. Tags are strings;
 * a failure is an {@code error} tag holding the status message; a call to a database, cache or broker
 * names it in {@code remoteEndpoint.serviceName}; events become annotations; times in microseconds
 * (rounded down). Zipkin has no resource (only the service name travels, in {@code localEndpoint}), no
 * scope and no links, so those are not written.
 */
final class ZipkinV2JsonWriter extends BufferingJsonWriter {
    private static final String[] KINDS = {null, null, "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

    ZipkinV2JsonWriter(OutputStream out) throws IOException {
        super(out);
        gen.writeStartArray();
    }

    @Override
    void writeBuffered() throws IOException {
        Map<Long, SimSpan> byId = new HashMap<>();
        buffered.forEach(s -> byId.put(s.spanId, s));
        Map<Long, Long> sharedAs = new HashMap<>(); // server span id -> the client id it shares
        for (SimSpan s : buffered) {
            SimSpan parent = byId.get(s.parentSpanId);
            if (s.kind == SimSpan.SERVER && parent != null && parent.kind == SimSpan.CLIENT) {
                sharedAs.put(s.spanId, parent.spanId);
            }
        }
        for (SimSpan s : buffered) {
            boolean shared = sharedAs.containsKey(s.spanId);
            long parent = shared ? byId.get(s.parentSpanId).parentSpanId : sharedAs.getOrDefault(s.parentSpanId,
                    s.parentSpanId);
            writeSpan(s, shared ? sharedAs.get(s.spanId) : s.spanId, parent, shared);
        }
    }

    private void writeSpan(SimSpan s, long id, long parent, boolean shared) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("traceId", Mix.hex16(s.traceHi) + Mix.hex16(s.traceLo));
        gen.writeStringField("id", Mix.hex16(id));
        if (parent != 0) {
            gen.writeStringField("parentId", Mix.hex16(parent));
        }
        if (KINDS[s.kind] != null) {
            gen.writeStringField("kind", KINDS[s.kind]);
        }
        gen.writeStringField("name", s.name);
        long start = SpanWriter.micros(s.startNs);
        gen.writeNumberField("timestamp", start);
        gen.writeNumberField("duration", SpanWriter.micros(s.endNs) - start);
        if (shared) {
            gen.writeBooleanField("shared", true);
        }
        gen.writeObjectFieldStart("localEndpoint");
        gen.writeStringField("serviceName", s.instance.serviceName());
        gen.writeEndObject();
        String remote = null;
        for (int i = 0; i < s.attributes.size() && remote == null; i += 2) {
            String key = (String) s.attributes.get(i);
            if ((s.kind == SimSpan.CLIENT || s.kind == SimSpan.PRODUCER)
                    && (key.equals("db.system") || key.equals("messaging.system"))) {
                remote = (String) s.attributes.get(i + 1);
            }
        }
        if (remote != null) {
            gen.writeObjectFieldStart("remoteEndpoint");
            gen.writeStringField("serviceName", remote);
            gen.writeEndObject();
        }
        if (s.events != null) {
            gen.writeArrayFieldStart("annotations");
            for (SimSpan.Event e : s.events) {
                gen.writeStartObject();
                gen.writeNumberField("timestamp", SpanWriter.micros(e.timeNs()));
                gen.writeStringField("value", e.name());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        gen.writeObjectFieldStart("tags");
        for (int i = 0; i < s.attributes.size(); i += 2) {
            gen.writeStringField((String) s.attributes.get(i), SpanWriter.text(s.attributes.get(i + 1)));
        }
        if (s.error) {
            gen.writeStringField("error", s.statusMessage == null || s.statusMessage.isBlank() ? "true" : s.statusMessage);
        }
        gen.writeEndObject();
        gen.writeEndObject();
        records++;
    }

    @Override
    void writeEnd() throws IOException {
        gen.writeEndArray();
    }
}
