package io.prodlab.store;

/**
 * Another program has the workspace file open in a way that this operation cannot share (a
 * {@code prodlab query} reading while the app wants to write). Nothing was changed; trying again
 * later works.
 */
public final class WorkspaceBusyException extends WorkspaceException {
    private static final long serialVersionUID = 1L;

    WorkspaceBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
