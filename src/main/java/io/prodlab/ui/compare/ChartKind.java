package io.prodlab.ui.compare;

import java.util.Locale;

/** The Compare screen's charts. */
public enum ChartKind {
    HISTOGRAM, ECDF, SHIFT, ERROR_RATES;

    /** "error-rates": for node ids, message keys and file names. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
