package io.prodlab.demo;

/** Small deterministic helpers: a 64-bit mixer and fixed-width encodings. */
final class Mix {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Mix() {
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection that scatters nearby inputs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from a mixed value. */
    static double unit(long mixed) {
        return (mixed >>> 11) * 0x1.0p-53;
    }

    /** Writes {@code v} as 16 lower-case hex digits into {@code out} at {@code at}. */
    static void hex16(long v, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    static String hex16(long v) {
        char[] c = new char[16];
        hex16(v, c, 0);
        return new String(c);
    }

    static String base36(long v, int width) {
        char[] c = new char[width];
        long u = v;
        for (int i = width - 1; i >= 0; i--) {
            c[i] = BASE36[(int) Long.remainderUnsigned(u, 36)];
            u = Long.divideUnsigned(u, 36);
        }
        return new String(c);
    }

    static String uuid(long hi, long lo) {
        String h = hex16(hi) + hex16(lo);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /**
     * Formats {@code v} with exactly {@code places} decimals using integer arithmetic, so the text is the
     * same on every JDK (Double.toString changed in JDK 19).
     */
    static String decimal(double v, int places) {
        long scale = 1;
        for (int i = 0; i < places; i++) {
            scale *= 10;
        }
        long n = Math.round(v * scale);
        String sign = n < 0 ? "-" : "";
        n = Math.abs(n);
        if (places == 0) {
            return sign + n;
        }
        String frac = Long.toString(n % scale);
        return sign + (n / scale) + "." + "0".repeat(places - frac.length()) + frac;
    }
}
