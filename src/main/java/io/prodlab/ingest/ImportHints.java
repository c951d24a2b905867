package io.prodlab.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * What the user confirmed or gave for files whose content does not say everything: a CSV's
 * column-to-field mapping ({@code prodlab import --map}, the Import view's mapping editor) and the
 * window of fault definitions that carry no time ({@code --window}, the view's window fields;
 * docs/decisions/0016-fault-definitions-without-time.md). Looked up per file by the name the import
 * reports it under (the path as given, or {@code archive.zip!/entry}).
 */
@FunctionalInterface
public interface ImportHints {
    /** No hints: every file is read by what it holds. */
    ImportHints NONE = file -> ForFile.NONE;

    /** The hints for one file; {@link ForFile#NONE} for none. */
    ForFile forFile(String file);

    /** The same hints for every file (the command line's options). */
    static ImportHints all(ForFile hints) {
        Objects.requireNonNull(hints);
        return file -> hints;
    }

    /** Hints by file name as the import reports it, none for the others (the desktop's confirmations). */
    static ImportHints byFile(Map<String, ForFile> hints) {
        Map<String, ForFile> copy = Map.copyOf(hints);
        return file -> copy.getOrDefault(file, ForFile.NONE);
    }

    /**
     * The hints of one file.
     *
     * @param csvMapping CSV column name → field (one of {@link CsvMapping#FIELDS}), optionally with a time unit
     *                   after a colon ({@code time:ms}); the columns it names are taken as given, the others
     *                   mapped by name as usual
     * @param faultWindow the window a fault definition without a time is stored over; null to refuse such
     *                    definitions (the default)
     */
    record ForFile(Map<String, String> csvMapping, TimeWindow faultWindow) {
        public static final ForFile NONE = new ForFile(Map.of(), null);

        public ForFile {
            csvMapping = Map.copyOf(csvMapping);
        }

        public boolean isEmpty() {
            return csvMapping.isEmpty() && faultWindow == null;
        }
    }

    /**
     * A window the user gave: {@code [startNs, endNs]} in Unix ns, the end null when it stays open.
     */
    record TimeWindow(long startNs, Long endNs) {
        public TimeWindow {
            if (startNs < 0) {
                throw new IllegalArgumentException("a window starts at or after 1970");
            }
            if (endNs != null && endNs < startNs) {
                throw new IllegalArgumentException("the window ends before it starts");
            }
        }
    }
}
