package io.prodlab.ingest;

/**
 * One record (a span, a resource, a line) cannot be taken; the reader rejects it and goes on.
 * Thrown often on bad input, so it carries no stack trace.
 */
final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRecordException(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
