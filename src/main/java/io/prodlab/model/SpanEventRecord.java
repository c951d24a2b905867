package io.prodlab.model;

/** An event recorded on a span (feature-flag evaluations arrive as these). */
public record SpanEventRecord(String traceId, String spanId, long timeNs, String name, String attributesJson) {
}
