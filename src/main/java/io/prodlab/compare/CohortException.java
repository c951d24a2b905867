package io.prodlab.compare;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/** A cohort cannot be used as given: its filter, its name, their number. Bad input. */
public final class CohortException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    public CohortException(String message) {
        super(ErrorCategory.BAD_INPUT, message);
    }

    CohortException(String message, Throwable cause) {
        super(ErrorCategory.BAD_INPUT, message, cause);
    }
}
