package io.prodlab.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Tells an out-of-memory failure from others, also when the DuckDB driver hid it: an
 * {@link OutOfMemoryError} thrown while the driver builds a result in Java (a huge value, a huge row)
 * comes back as {@code SQLException("Invalid Error: Java heap space")}, which a command would
 * otherwise report as a failed query.
 */
public final class OutOfMemory {
    /** The messages of the JVM's OutOfMemoryErrors. */
    private static final List<String> JVM_WORDS = List.of("Java heap space", "GC overhead limit exceeded",
            "Requested array size exceeds VM limit", "Direct buffer memory", "Metaspace");

    private OutOfMemory() {
    }

    /** The JVM's words for the memory that ran out, if {@code failure} (or a cause of it) is that. */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return Optional.of(oom.getMessage() == null ? "OutOfMemoryError" : oom.getMessage());
            }
            if (t instanceof SQLException && t.getMessage() != null) {
                for (String words : JVM_WORDS) {
                    if (t.getMessage().contains("Invalid Error: " + words)) {
                        return Optional.of(words);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
