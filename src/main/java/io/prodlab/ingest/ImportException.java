package io.prodlab.ingest;

/**
 * A file cannot be imported at all: it is not a format Prodlab reads, or its structure is broken
 * beyond the record level. The message names the file, the place and what was expected.
 */
public class ImportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
