package io.prodlab.model;

import java.util.Locale;

/** OpenTelemetry span status code, stored lower-case in the {@code spans.status} column. */
public enum SpanStatus {
    UNSET, OK, ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Maps the OTLP numeric status code (0 unset, 1 ok, 2 error); {@code null} otherwise. */
    public static SpanStatus fromOtlpNumber(long n) {
        return switch ((int) n) {
            case 0 -> UNSET;
            case 1 -> OK;
            case 2 -> ERROR;
            default -> null;
        };
    }
}
