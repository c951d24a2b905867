package io.prodlab.model;

import java.util.Locale;

/** OpenTelemetry span kind, stored lower-case in the {@code spans.kind} column. */
public enum SpanKind {
    INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

    /** The value stored in the workspace and used by the filter language. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Maps the OTLP numeric kind (0 unspecified, 1 internal ... 5 consumer). Unspecified is
     * stored as internal, as the OpenTelemetry specification says to treat it.
     *
     * @return the kind, or {@code null} when the number is outside 0..5
     */
    public static SpanKind fromOtlpNumber(long n) {
        return switch ((int) n) {
            case 0, 1 -> INTERNAL;
            case 2 -> SERVER;
            case 3 -> CLIENT;
            case 4 -> PRODUCER;
            case 5 -> CONSUMER;
            default -> null;
        };
    }
}
