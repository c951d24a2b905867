package io.prodlab.model;

/**
 * One span as it is written to the workspace. Ids are lower-case hex; attributes and resource
 * are JSON objects whose values keep their OTLP types (see docs/decisions/0001-attributes-as-json.md).
 *
 * @param parentSpanId empty for a root span
 * @param serviceVersion empty when the resource carries no {@code service.version}
 * @param statusMessage empty when there is none
 * @param traceState empty when there is none
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        String serviceName,
        String serviceVersion,
        String name,
        SpanKind kind,
        long startNs,
        long endNs,
        SpanStatus status,
        String statusMessage,
        String attributesJson,
        String resourceJson,
        String scopeName,
        String scopeVersion,
        String traceState) {

    public long durationNs() {
        return endNs - startNs;
    }
}
