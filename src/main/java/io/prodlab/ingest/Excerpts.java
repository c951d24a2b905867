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

    /** A size for a message: {@code 64 MB}, {@code 16 KB}, {@code 12 bytes}. */
    static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) {
            return (n >> 30) + " GB";
        }
        if (n >= 1 << 20) {
            return (n >> 20) + " MB";
        }
        return n >= 1 << 10 ? (n >> 10) + " KB" : n + " bytes";
    }
}
