package io.prodlab.store;

/**
 * A workspace could not be created, opened, read or written. The message is for the user: it
 * names the workspace file and says what to do.
 */
public class WorkspaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
