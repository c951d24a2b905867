package io.prodlab.compare;

import java.util.Locale;

/** What one observation of a comparison is. */
public enum Unit {
    /** Each matching span. */
    SPAN,
    /** Each trace with a matching span; its latency is the sum over its scoped spans, failed when any failed. */
    TRACE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
