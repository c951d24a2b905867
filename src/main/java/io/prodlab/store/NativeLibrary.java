package io.prodlab.store;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Optional;

/**
 * What went wrong when DuckDB's native library would not load, in one line for the user.
 *
 * <p>The DuckDB JDBC driver (2.0.0.1, {@code org.duckdb.DuckDBNative}) copies its library
 * ({@code libduckdb_java*.so}, 40–72 MB) out of its jar into {@code java.io.tmpdir} and loads it from
 * there the first time a connection is opened; it honours no property for another place. So a
 * temporary folder that is full, missing, not writable or mounted {@code noexec} makes the first
 * workspace access fail with an {@link ExceptionInInitializerError} or {@link UnsatisfiedLinkError}
 * (and every later one with {@link NoClassDefFoundError}), none of which says what to do.
 */
public final class NativeLibrary {
    private static final String DUCKDB_NATIVE = "org.duckdb.DuckDBNative";
    /** DuckDBNative's methods that unpack and load the library (not the native calls it then offers). */
    private static final java.util.Set<String> LOADING_METHODS = java.util.Set.of("<clinit>", "loadNativeLibrary",
            "unpackAndLoad", "loadFromCurrentJarDir");
    private static final String WHAT_TO_DO = "set another temporary folder with -Djava.io.tmpdir=DIR "
            + "(app/prodlab: PRODLAB_JAVA_OPTS=-Djava.io.tmpdir=DIR).";

    private NativeLibrary() {
    }

    /**
     * One line that names the cause and what to do, if {@code error} (or one of its causes) is
     * DuckDB's native library failing to load; empty for anything else.
     */
    public static Optional<String> explainLoadFailure(Throwable error) {
        if (!isDuckDbLoadFailure(error)) {
            return Optional.empty();
        }
        String tmp = System.getProperty("java.io.tmpdir");
        String library = "DuckDB's native library" + sizeNote();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("no space left")) {
                return Optional.of("the temporary folder " + tmp + " has no space for " + library
                        + "; free some space there or " + WHAT_TO_DO);
            }
            if (t instanceof UnsatisfiedLinkError && (lower.contains("failed to map segment")
                    || lower.contains("operation not permitted"))) {
                return Optional.of("the temporary folder " + tmp + " does not allow loading programs (it is "
                        + "mounted noexec), so " + library + " cannot be loaded from it; " + WHAT_TO_DO);
            }
            if (t instanceof NoSuchFileException) {
                return Optional.of("the temporary folder " + tmp + " does not exist, so " + library
                        + " cannot be unpacked; create it or " + WHAT_TO_DO);
            }
            if (t instanceof AccessDeniedException || lower.contains("read-only file system")) {
                return Optional.of("the temporary folder " + tmp + " cannot be written, so " + library
                        + " cannot be unpacked; " + WHAT_TO_DO);
            }
            if (t instanceof FileSystemException || (t instanceof IOException && t.getCause() == null)) {
                return Optional.of("the temporary folder " + tmp + " cannot take " + library + " ("
                        + reason(t) + "); " + WHAT_TO_DO);
            }
            if (t instanceof NoClassDefFoundError && message.contains(DUCKDB_NATIVE)) {
                return Optional.of(library + " failed to load from the temporary folder " + tmp
                        + " earlier in this run; restart Prodlab, and if it fails again, " + WHAT_TO_DO);
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Optional.of(library + " cannot be loaded on this system (" + reason(root)
                + "); it was unpacked into the temporary folder " + tmp + ". If that folder is the cause, "
                + WHAT_TO_DO);
    }

    private static boolean isDuckDbLoadFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).contains(DUCKDB_NATIVE)) {
                return true;
            }
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(DUCKDB_NATIVE) && LOADING_METHODS.contains(e.getMethodName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String reason(Throwable t) {
        if (t instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** " (about 72 MB)" for the library in the driver's jar for this platform, or "" if unknown. */
    private static String sizeNote() {
        try {
            Class<?> nativeClass = Class.forName(DUCKDB_NATIVE, false, NativeLibrary.class.getClassLoader());
            URL url = nativeClass.getResource("/libduckdb_java.so_" + osName() + "_" + cpuArch());
            if (url == null) {
                return "";
            }
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            long bytes = c.getContentLengthLong();
            return bytes > 0 ? " (about " + Math.round(bytes / 1e6) + " MB)" : "";
        } catch (ClassNotFoundException | IOException | RuntimeException e) {
            return "";
        }
    }

    /** The driver's names for the platform (see {@code DuckDBNative.osName()/cpuArch()}). */
    private static String osName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos" : "linux";
    }

    private static String cpuArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    }
}
