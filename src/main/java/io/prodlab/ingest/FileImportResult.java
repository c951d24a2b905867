package io.prodlab.ingest;

/**
 * What happened to one file of an import; the CLI prints it as one element of
 * {@code import --json}'s {@code files} array.
 *
 * @param format the format the file was read as ({@code otlp-json}, ...), or {@code unknown}
 * @param duplicates spans that were already in the workspace (or earlier in the file) and were not stored again
 * @param message a sentence for the user: why a file was skipped or refused, or a summary
 */
public record FileImportResult(String path, String format, Status status, long spans, long events, long links,
                               long logs, long metricPoints, long annotations, long exposures, long duplicates,
                               long rejected, String message) {

    /** A result without log records or duplicates (the shape before they were counted). */
    public FileImportResult(String path, String format, Status status, long spans, long events, long links,
                            long metricPoints, long annotations, long exposures, long rejected, String message) {
        this(path, format, status, spans, events, links, 0, metricPoints, annotations, exposures, 0, rejected, message);
    }

    public enum Status {
        /** The file landed whole (with its rejected records listed). */
        IMPORTED,
        /** The same content (same sha256) was imported before: nothing was written. */
        SKIPPED,
        /** The file could not be read as any supported format: nothing was written. */
        REFUSED,
        /** The user cancelled while this file was importing: nothing of it was written. */
        CANCELLED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static FileImportResult notImported(String path, String format, Status status, String message) {
        return new FileImportResult(path, format, status, 0, 0, 0, 0, 0, 0, 0, 0, 0, message);
    }
}
