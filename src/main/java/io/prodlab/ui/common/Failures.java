package io.prodlab.ui.common;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a failure that no task handler took goes, decided by what it is rather than where it came
 * from: a {@link ProdlabException} the user can act on (bad input, a workspace problem, usage)
 * shows its user message in the status bar; an internal one, and anything that is not a
 * {@code ProdlabException} at all (a bug), opens the error dialog.
 */
public final class Failures implements ErrorReporter {
    private static final Logger LOG = Logger.getLogger(Failures.class.getName());

    private final StatusBarModel status;
    private final ErrorReporter dialog;

    public Failures(StatusBarModel status, ErrorReporter dialog) {
        this.status = status;
        this.dialog = dialog;
    }

    /** Whether {@code error} is shown as a message the user can act on, not as a defect. */
    public static boolean isExpected(Throwable error) {
        return error instanceof ProdlabException p && p.category() != ErrorCategory.INTERNAL;
    }

    @Override
    public void unexpected(Throwable error) {
        if (isExpected(error)) {
            LOG.info(error.getMessage());
            LOG.log(Level.FINE, "shown in the status bar", error);
            status.error(error.getMessage());
        } else {
            dialog.unexpected(error);
        }
    }
}
