package io.prodlab.ui.common;

import java.text.NumberFormat;
import java.util.Locale;

/** How numbers read in tables: grouped integers, fixed decimals, a dash for "no value". */
public final class Formats {
    /** Shown for a figure that does not exist (a quantile of no spans). */
    public static final String NO_VALUE = "–";

    private Formats() {
    }

    public static String integer(long value) {
        return NumberFormat.getIntegerInstance(Locale.getDefault(Locale.Category.FORMAT)).format(value);
    }

    public static String decimal(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NO_VALUE;
        }
        NumberFormat f = NumberFormat.getNumberInstance(Locale.getDefault(Locale.Category.FORMAT));
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(value);
    }

    /**
     * A positive figure too small for {@code digits} decimals reads "&lt; 0.01" rather than a
     * misleading 0.00 (a rate over a workspace that spans months).
     */
    public static String small(double value, int digits) {
        double smallest = Math.pow(10, -digits);
        if (value > 0 && value < smallest / 2) {
            return "< " + decimal(smallest, digits);
        }
        return decimal(value, digits);
    }

    /** A fraction (0.0123) as a percentage figure without the sign (1.23); the unit is in the header. */
    public static String percent(double fraction, int digits) {
        return decimal(fraction * 100, digits);
    }

    /**
     * A duration given in milliseconds, in the unit that reads best: "850 µs", "12.5 ms", "3.20 s",
     * "4.5 min". Units are SI symbols, not words, so they need no translation.
     */
    public static String duration(double ms) {
        if (Double.isNaN(ms) || Double.isInfinite(ms)) {
            return NO_VALUE;
        }
        double abs = Math.abs(ms);
        if (abs < 1) {
            return decimal(ms * 1000, 0) + " \u00b5s";
        }
        if (abs < 1000) {
            return decimal(ms, abs < 100 ? 1 : 0) + " ms";
        }
        if (abs < 60_000) {
            return decimal(ms / 1000, 2) + " s";
        }
        if (abs < 3_600_000) {
            return decimal(ms / 60_000, 1) + " min";
        }
        return decimal(ms / 3_600_000, 1) + " h";
    }
}
