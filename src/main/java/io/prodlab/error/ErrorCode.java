package io.prodlab.error;

import java.util.Locale;

/**
 * A short code that names a failure without its stack trace, for a user to quote in a report:
 * {@code 1A2B:3C4D:5E6F} = the root cause's type, the place it was thrown, and the first place
 * in Prodlab's own code on the way. Line numbers are left out so that the same bug keeps its
 * code across small edits; the same failure gets the same code on every machine.
 */
public final class ErrorCode {
    private static final String OWN_PACKAGE = "io.prodlab.";

    private ErrorCode() {
    }

    public static String of(Throwable error) {
        Throwable root = rootCause(error);
        String type = root.getClass().getName();
        StackTraceElement[] rootTrace = root.getStackTrace();
        String thrownAt = rootTrace.length > 0 ? frame(rootTrace[0]) : "";
        String ours = "";
        for (Throwable t = error; t != null && ours.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith(OWN_PACKAGE)) {
                    ours = frame(e);
                    break;
                }
            }
        }
        return group(type) + ":" + group(thrownAt) + ":" + group(ours);
    }

    static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String frame(StackTraceElement e) {
        return e.getClassName() + "#" + e.getMethodName();
    }

    private static String group(String s) {
        int h = s.hashCode();
        return String.format(Locale.ROOT, "%04X", (h ^ (h >>> 16)) & 0xFFFF);
    }
}
