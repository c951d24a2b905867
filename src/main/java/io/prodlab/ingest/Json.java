package io.prodlab.ingest;

/** Writes JSON scalars into a StringBuilder. */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** A JSON string literal; control characters escaped, everything else as is. */
    static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(s, start, n).append('"');
    }

    /** Like {@link #string(StringBuilder, CharSequence)}, from a parser's character buffer (no String made). */
    static void string(StringBuilder out, char[] c, int off, int len) {
        out.append('"');
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char ch = c[i];
            if (ch >= 0x20 && ch != '"' && ch != '\\') {
                continue;
            }
            out.append(c, start, i - start);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
            }
            start = i + 1;
        }
        out.append(c, start, end - start).append('"');
    }

    /**
     * A double that reads back as a double: always with a '.' or an exponent ({@code 1.0},
     * {@code 1.0E20}); NaN and infinities, which JSON cannot hold, as the strings
     * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
     */
    static void number(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("\"NaN\"");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(d);
        }
    }
}
