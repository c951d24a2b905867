package io.prodlab.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Times as the exports of other tools write them: numbers since 1970 in seconds, milliseconds,
 * microseconds or nanoseconds, told apart by magnitude, and ISO-8601 text with or without a zone
 * (without one, UTC).
 */
final class Timestamps {
    /** The unit of a number since 1970. */
    enum Unit {
        S(1_000_000_000L, "s"), MS(1_000_000L, "ms"), US(1_000L, "µs"), NS(1L, "ns");

        final long nanos;
        final String symbol;

        Unit(long nanos, String symbol) {
            this.nanos = nanos;
            this.symbol = symbol;
        }
    }

    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private Timestamps() {
    }

    /**
     * The unit a positive number since 1970 is most likely in: below 10^11 seconds (until year
     * 5138), below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds. Dates between
     * 1973 and 5138 are told apart without error; earlier ones would need the unit given.
     */
    static Unit guess(double v) {
        double a = Math.abs(v);
        return a < 1e11 ? Unit.S : a < 1e14 ? Unit.MS : a < 1e17 ? Unit.US : Unit.NS;
    }

    /** {@code v} in {@code unit} as Unix ns; throws when it is not a time between 1970 and 2262. */
    static long toNanos(double v, Unit unit, String what) throws BadRecordException {
        double ns = v * unit.nanos;
        if (!(ns >= 0) || ns >= 9.2e18) {
            throw new BadRecordException(what + " " + v + " " + unit.symbol + " is not a time between 1970 and 2262");
        }
        return unit == Unit.NS ? (long) v : Math.round(ns);
    }

    /** An exact integer count since 1970 as Unix ns. */
    static long toNanos(long v, Unit unit, String what) throws BadRecordException {
        if (v < 0 || v > Long.MAX_VALUE / unit.nanos) {
            throw new BadRecordException(what + " " + v + " " + unit.symbol + " is not a time between 1970 and 2262");
        }
        return v * unit.nanos;
    }

    /** ISO-8601 (with a zone or offset, or without one, then UTC; a date alone is its midnight UTC); null when not. */
    static Instant iso(String s) {
        String t = s.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + "T" + t.substring(11);
        }
        if (t.endsWith(" UTC")) {
            t = t.substring(0, t.length() - 4) + "Z";
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // Try the forms without an offset.
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XX",
                    Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            // Next.
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // Next.
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO-8601 time as Unix ns, or throws saying what was found. */
    static long isoNanos(String s, String what) throws BadRecordException {
        Instant i = iso(s);
        if (i == null) {
            throw new BadRecordException(what + " \"" + Excerpts.shorten(s, 40) + "\" is not an ISO-8601 time");
        }
        if (i.getEpochSecond() < 0 || i.getEpochSecond() >= MAX_SECONDS) {
            throw new BadRecordException(what + " \"" + Excerpts.shorten(s, 40) + "\" is not between 1970 and 2262");
        }
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
