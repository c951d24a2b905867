package io.prodlab.ingest;

/** Short, single-line pieces of input for messages and the {@code rejected.excerpt} column. */
final class Excerpts {
    static final int MAX = 200;

    private Excerpts() {
    }

    /** At most {@code max} characters, line breaks shown as spaces, "…" when cut. */
    static String shorten(CharSequence s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c < 0x20 ? '?' : c);
        }
        if (s.length() > max) {
            sb.append('…');
        }
        return sb.toString();
    }
}
