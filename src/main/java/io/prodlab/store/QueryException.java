package io.prodlab.store;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/**
 * A user's SQL cannot run: a syntax error, an unknown column, more than one statement, a
 * statement that would write or reach outside the workspace. Bad input, not a workspace problem.
 */
public final class QueryException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    QueryException(String message) {
        super(ErrorCategory.BAD_INPUT, message);
    }

    QueryException(String message, Throwable cause) {
        super(ErrorCategory.BAD_INPUT, message, cause);
    }
}
