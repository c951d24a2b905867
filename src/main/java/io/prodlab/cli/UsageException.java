package io.prodlab.cli;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/** The command cannot run as asked here (for example the window with no display): exit code 2. */
public class UsageException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ErrorCategory.USAGE, message);
    }

    public UsageException(String message, Throwable cause) {
        super(ErrorCategory.USAGE, message, cause);
    }
}
