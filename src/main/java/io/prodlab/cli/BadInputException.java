package io.prodlab.cli;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/** The user's input (a file, a filter, an option value) cannot be used: exit code 3. */
public class BadInputException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(ErrorCategory.BAD_INPUT, message);
    }
}
