package io.prodlab.ingest;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/**
 * A file cannot be imported at all: it is not a format Prodlab reads, or its structure is broken
 * beyond the record level. The message names the file, the place and what was expected.
 */
public class ImportException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(ErrorCategory.BAD_INPUT, message);
    }

    public ImportException(String message, Throwable cause) {
        super(ErrorCategory.BAD_INPUT, message, cause);
    }
}
