package io.prodlab.experiment;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size of effect as a plan states it: relative ({@code 5%}), absolute in the metric's unit
 * ({@code 3ms}, {@code 1.5s}, {@code 0.02}) or in percentage points for rates ({@code 0.5pp}).
 *
 * @param value the size: a fraction for {@link Kind#RELATIVE} (5% is 0.05), milliseconds for a
 *     duration, a fraction for {@link Kind#PERCENTAGE_POINTS} (0.5pp is 0.005), else as written
 */
public record Effect(double value, Kind kind, String text) {
    public enum Kind {
        RELATIVE, ABSOLUTE, PERCENTAGE_POINTS;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern FORM = Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(%|pp|ns|us|µs|ms|s|m|h)?");

    /** The effect {@code text} states, or null when it is not one. Effects are sizes: never negative. */
    public static Effect parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        if (!Double.isFinite(v)) {
            return null;
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "%" -> new Effect(v / 100, Kind.RELATIVE, text.strip());
            case "pp" -> new Effect(v / 100, Kind.PERCENTAGE_POINTS, text.strip());
            case "ns" -> new Effect(v / 1e6, Kind.ABSOLUTE, text.strip());
            case "us", "µs" -> new Effect(v / 1e3, Kind.ABSOLUTE, text.strip());
            case "ms", "" -> new Effect(v, Kind.ABSOLUTE, text.strip());
            case "s" -> new Effect(v * 1e3, Kind.ABSOLUTE, text.strip());
            case "m" -> new Effect(v * 60e3, Kind.ABSOLUTE, text.strip());
            case "h" -> new Effect(v * 3600e3, Kind.ABSOLUTE, text.strip());
            default -> null;
        };
    }

    /** True when the text carries a duration unit (only latency takes those). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDuration() {
        return kind == Kind.ABSOLUTE && text.matches(".*[0-9]\\s*(ns|us|µs|ms|s|m|h)");
    }

    /**
     * This effect in the metric's own unit, given the baseline's value: a relative effect becomes
     * {@code value * |baseline|}; absolute and percentage-point effects are already in it.
     */
    public double absolute(double baseline) {
        return kind == Kind.RELATIVE ? value * Math.abs(baseline) : value;
    }

    @Override
    public String toString() {
        return text;
    }
}
