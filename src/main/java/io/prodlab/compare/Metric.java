package io.prodlab.compare;

import java.util.Locale;
import java.util.Objects;

/**
 * What a comparison is about ({@code compare --metric}): the latency of the observations (ms), their
 * error rate, their throughput (observations per second over the cohort's window), or any numeric
 * span attribute. Every comparison computes latency (or the attribute's values), errors and
 * throughput; the metric says which of them leads (the text output's first figure, the judge's
 * metrics, the p-values adjusted together).
 *
 * @param attribute the span attribute key for {@link Kind#ATTRIBUTE}, else null
 */
public record Metric(Kind kind, String attribute) {
    public enum Kind { LATENCY, ERROR_RATE, THROUGHPUT, ATTRIBUTE }

    public static final Metric LATENCY = new Metric(Kind.LATENCY, null);
    public static final Metric ERROR_RATE = new Metric(Kind.ERROR_RATE, null);
    public static final Metric THROUGHPUT = new Metric(Kind.THROUGHPUT, null);

    public Metric {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ATTRIBUTE) != (attribute != null && !attribute.isEmpty())) {
            throw new IllegalArgumentException("an attribute metric names its attribute, the others none");
        }
    }

    /** The numeric span attribute {@code key}. */
    public static Metric attribute(String key) {
        return new Metric(Kind.ATTRIBUTE, key);
    }

    /**
     * {@code latency}, {@code error_rate} (or {@code errors}), {@code throughput}, else a span attribute
     * key, written bare or as {@code span.KEY}.
     */
    public static Metric parse(String text) {
        String t = text.strip();
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "latency", "duration" -> LATENCY;
            case "error_rate", "errors", "error-rate" -> ERROR_RATE;
            case "throughput", "rate" -> THROUGHPUT;
            default -> {
                String key = t.startsWith("span.") ? t.substring("span.".length()) : t;
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("expected latency, error_rate, throughput or a span attribute "
                            + "key, found '" + text + "'");
                }
                yield attribute(key);
            }
        };
    }

    /** As {@code --json} names it: latency, error_rate, throughput, or the attribute key. */
    public String code() {
        return kind == Kind.ATTRIBUTE ? attribute : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The unit of the values that the value tests compare: ms for latency, none for an attribute. */
    public String valueUnit() {
        return kind == Kind.ATTRIBUTE ? "" : "ms";
    }

    /** True when the value tests run on an attribute rather than the latency. */
    public boolean onAttribute() {
        return kind == Kind.ATTRIBUTE;
    }
}
