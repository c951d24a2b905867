package io.prodlab.ingest;

import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.SpanChunk;

/**
 * Where the OTLP/JSON readers put what they read: the part of {@link SpanChunk}'s API they use. On
 * the reading thread that is the sink's current chunk ({@link #of}); on a thread that parses JSON
 * lines in parallel it is a {@link RecordedRows}, replayed into the chunk in file order.
 */
interface Rows {
    void defineContext(int id, String serviceName, String serviceVersion, String resourceJson, String scopeName,
                       String scopeVersion);

    /** See {@link SpanChunk#addSpan}. */
    void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name, SpanKind kind,
                 long startNs, long endNs, SpanStatus status, CharSequence statusMessage, CharSequence attributesJson,
                 CharSequence traceState, SpanFlags extra);

    void addEvent(String traceId, String spanId, long timeNs, CharSequence name, CharSequence attributesJson);

    void addLink(String traceId, String spanId, String linkedTraceId, String linkedSpanId, CharSequence traceState,
                 CharSequence attributesJson);

    void reject(RejectedRecord r);

    void add(MetricPoint p);

    void add(LogRecord r);

    /** Remembers the current end, for {@link #rollbackToMark()}. */
    void mark();

    /** Drops what was added since {@link #mark()}, except context definitions (a later record may use them). */
    void rollbackToMark();

    /** How full the target is, in bytes of CSV (0 for a target that is never handed on). */
    int bytes();

    /** The sink's current chunk, whichever it is at each call. */
    static Rows of(OtlpJsonTraceReader.Sink sink) {
        return new Rows() {
            @Override
            public void defineContext(int id, String serviceName, String serviceVersion, String resourceJson,
                                      String scopeName, String scopeVersion) {
                sink.chunk().defineContext(id, serviceName, serviceVersion, resourceJson, scopeName, scopeVersion);
            }

            @Override
            public void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name,
                                SpanKind kind, long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                                CharSequence attributesJson, CharSequence traceState, SpanFlags extra) {
                sink.chunk().addSpan(traceId, spanId, parentSpanId, contextId, name, kind, startNs, endNs, status,
                        statusMessage, attributesJson, traceState, extra);
            }

            @Override
            public void addEvent(String traceId, String spanId, long timeNs, CharSequence name,
                                 CharSequence attributesJson) {
                sink.chunk().addEvent(traceId, spanId, timeNs, name, attributesJson);
            }

            @Override
            public void addLink(String traceId, String spanId, String linkedTraceId, String linkedSpanId,
                                CharSequence traceState, CharSequence attributesJson) {
                sink.chunk().addLink(traceId, spanId, linkedTraceId, linkedSpanId, traceState, attributesJson);
            }

            @Override
            public void reject(RejectedRecord r) {
                sink.chunk().reject(r);
            }

            @Override
            public void add(MetricPoint p) {
                sink.chunk().add(p);
            }

            @Override
            public void add(LogRecord r) {
                sink.chunk().add(r);
            }

            @Override
            public void mark() {
                sink.chunk().mark();
            }

            @Override
            public void rollbackToMark() {
                sink.chunk().rollbackToMark();
            }

            @Override
            public int bytes() {
                return sink.chunk().bytes();
            }
        };
    }
}
