package io.prodlab.model;

/**
 * One log record as it is written to {@code logs} (OTLP log records; log-based events such as
 * {@code feature_flag.evaluation} and {@code exception} land here too).
 *
 * @param timeNs the record's time (Unix ns), 0 when not given
 * @param observedTimeNs when the collector saw it, 0 when not given
 * @param severityNumber OTLP's 1..24, 0 when unset
 * @param body the body: a string as is, any other value as its JSON
 * @param traceId lower-case hex, empty when the record is not tied to a span
 * @param eventName the OTLP {@code eventName} (or the {@code event.name} attribute), empty when none
 */
public record LogRecord(
        long timeNs,
        long observedTimeNs,
        int severityNumber,
        String severityText,
        String body,
        String attributesJson,
        String resourceJson,
        String scopeName,
        String traceId,
        String spanId,
        String eventName) {
}
