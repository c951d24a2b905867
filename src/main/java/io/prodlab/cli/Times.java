package io.prodlab.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times on the command line: ISO-8601 instants in, ISO-8601 instants out. */
final class Times {
    private Times() {
    }

    /** Nanoseconds since the epoch of {@code text}, or {@code none} when it is absent. */
    static long parse(String option, String text, long none) throws BadInputException {
        if (text == null) {
            return none;
        }
        try {
            Instant i = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadInputException(option + ": '" + text + "' is not a time; expected ISO-8601 such as "
                    + "2026-11-01T12:00:00Z.");
        }
    }

    static String format(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
    }
}
