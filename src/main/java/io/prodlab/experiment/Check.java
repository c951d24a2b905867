package io.prodlab.experiment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One bias check's outcome: what it found, the figures behind it, why it matters and what to do.
 *
 * @param id the check's stable id ({@code srm}, {@code covariate_balance}, ...)
 * @param evidence the figures and thresholds it decided by (names are part of the JSON output)
 * @param message what it found, in plain words
 * @param why why it matters, for someone learning experiment design
 * @param next what to do about it
 */
public record Check(String id, Status status, Map<String, Object> evidence, String message, String why, String next) {
    public Check {
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public enum Status {
        PASS, WARN, FAIL, NOT_APPLICABLE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The checks whose failure undermines the comparison itself; the others go no further than warn. */
    static boolean mayFail(String id) {
        return switch (id) {
            case "novelty", "peeking", "multiple_comparisons", "low_power" -> false;
            default -> true;
        };
    }
}
