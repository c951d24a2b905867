package io.prodlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table for terminal output: numbers right-aligned, text left-aligned. */
final class TextTable {
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    TextTable(List<String> headers) {
        this.headers = headers;
        this.numeric = new boolean[headers.size()];
        java.util.Arrays.fill(numeric, true);
    }

    void add(List<?> cells) {
        String[] row = new String[headers.size()];
        for (int i = 0; i < row.length; i++) {
            Object v = cells.get(i);
            row[i] = format(v);
            if (!(v == null || v instanceof Number)) {
                numeric[i] = false;
            }
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            // Three decimals, or three significant digits for figures too small to show that way.
            return d != 0 && Math.abs(d) < 0.01 ? String.format(java.util.Locale.ROOT, "%.3g", d)
                    : String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        return v.toString();
    }

    private int[] width;

    void print(PrintWriter out) {
        width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        printRow(out, headers.toArray(String[]::new), width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] r : rows) {
            printRow(out, r, width);
        }
        rows.clear();
        out.flush();
    }

    /** After {@link #print}: one more row in the printed columns' widths and alignment (a streamed result). */
    void printMore(PrintWriter out, List<?> cells) {
        String[] row = new String[headers.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = format(cells.get(i));
        }
        printRow(out, row, width);
    }

    private void printRow(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(Math.max(0, width[i] - cells[i].length()));
            sb.append(numeric[i] ? pad + cells[i] : (i == cells.length - 1 ? cells[i] : cells[i] + pad));
        }
        out.println(sb.toString().stripTrailing());
    }
}
