package io.prodlab.compare;

import java.time.Duration;
import java.time.Instant;

/**
 * A half-open interval of time, {@code [startNs, endNs)} in nanoseconds since the epoch: a span is
 * in it when it starts in it.
 */
public record TimeWindow(long startNs, long endNs) {
    public TimeWindow {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("a time window ends after it starts: " + startNs + " .. " + endNs);
        }
    }

    public long lengthNs() {
        return endNs - startNs;
    }

    public double seconds() {
        return lengthNs() / 1e9;
    }

    /** The window of the same length that ends where this one starts. */
    public TimeWindow before() {
        return new TimeWindow(startNs - lengthNs(), startNs);
    }

    public Instant start() {
        return Instant.ofEpochSecond(0, startNs);
    }

    public Instant end() {
        return Instant.ofEpochSecond(0, endNs);
    }

    /** {@code 2026-11-01T12:15:00Z .. 2026-11-01T12:17:00Z (2m)}. */
    @Override
    public String toString() {
        return start() + " .. " + end() + " (" + Duration.ofNanos(lengthNs()).toString().substring(2).toLowerCase(
                java.util.Locale.ROOT) + ")";
    }
}
