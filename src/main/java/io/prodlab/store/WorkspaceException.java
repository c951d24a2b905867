package io.prodlab.store;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/**
 * A workspace could not be created, opened, read or written. The message is for the user: it
 * names the workspace file and says what to do.
 */
public class WorkspaceException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(ErrorCategory.WORKSPACE, message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(ErrorCategory.WORKSPACE, message, cause);
    }
}
