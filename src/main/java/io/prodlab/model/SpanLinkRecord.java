package io.prodlab.model;

/** A link from a span to another span, possibly in another trace. */
public record SpanLinkRecord(String traceId, String spanId, String linkedTraceId, String linkedSpanId,
                             String traceState, String attributesJson) {
}
