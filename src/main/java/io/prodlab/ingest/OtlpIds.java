package io.prodlab.ingest;

import java.util.Base64;

/**
 * Normalises OTLP trace and span ids to lower-case hex. Spec OTLP/JSON writes hex (any case);
 * protobuf-canonical JSON exporters write base64 of the raw bytes; Jaeger-derived data may drop a
 * leading zero of a hex trace id.
 */
final class OtlpIds {
    static final int TRACE_BYTES = 16;
    static final int SPAN_BYTES = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OtlpIds() {
    }

    /** A malformed id; the message says what is wrong with it. */
    static final class BadIdException extends Exception {
        private static final long serialVersionUID = 1L;

        BadIdException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The id as {@code 2 * bytes} lower-case hex digits.
     *
     * @param field the JSON field, for the message ({@code traceId}, {@code spanId}, ...)
     * @throws BadIdException neither hex nor base64 of the right length, or all zeros
     */
    static String normalize(String raw, int bytes, String field) throws BadIdException {
        int hexLen = bytes * 2;
        String hex = null;
        int n = raw.length();
        if (n == hexLen) {
            hex = hexOrNull(raw);
        }
        if (hex == null && (n == base64Len(bytes, true) || n == base64Len(bytes, false))) {
            hex = base64OrNull(raw, bytes);
        }
        if (hex == null && bytes == TRACE_BYTES && n >= hexLen / 2 && n < hexLen) {
            // A hex trace id whose leading zeros were dropped (Jaeger, 64-bit ids).
            String h = hexOrNull(raw);
            if (h != null) {
                hex = "0".repeat(hexLen - n) + h;
            }
        }
        if (hex == null) {
            throw new BadIdException(field + " \"" + Excerpts.shorten(raw, 60) + "\" is neither " + hexLen
                    + " hex digits nor base64 of " + bytes + " bytes");
        }
        if (isAllZeros(hex)) {
            throw new BadIdException(field + " is all zeros, which OTLP defines as invalid");
        }
        return hex;
    }

    static boolean isAllZeros(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static int base64Len(int bytes, boolean padded) {
        return padded ? (bytes + 2) / 3 * 4 : (bytes * 4 + 2) / 3;
    }

    /** The string lower-cased if it is all hex digits; {@code null} otherwise. Avoids a copy when already lower. */
    private static String hexOrNull(String s) {
        boolean lower = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
                continue;
            }
            if (c >= 'A' && c <= 'F') {
                lower = false;
                continue;
            }
            return null;
        }
        return lower ? s : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String base64OrNull(String s, int bytes) {
        byte[] b;
        try {
            boolean url = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
            b = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (b.length != bytes) {
            return null;
        }
        char[] out = new char[bytes * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }
}
