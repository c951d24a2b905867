package io.prodlab.experiment;

import java.util.Locale;

/** How experiment results write a number in words and reports: four significant digits, no trailing zeros. */
public final class Figures {
    private Figures() {
    }

    /** {@code 7.899}, {@code 0.05}, {@code 1.6e-08}; {@code n/a} for NaN. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v != 0 && Math.abs(v) < 0.001) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** A share as a percentage: {@code 0.0757} is {@code 7.57%}. */
    public static String percent(double share) {
        return format(share * 100) + "%";
    }
}
