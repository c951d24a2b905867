package io.prodlab.error;

import java.util.Objects;

/**
 * The base of every failure Prodlab expects and can explain: it carries a message for the user
 * (what happened, where, what to do) and a {@link ErrorCategory}. The technical cause, if any,
 * stays attached for {@code --verbose} and the error dialog's details.
 */
public abstract class ProdlabException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    protected ProdlabException(ErrorCategory category, String message) {
        super(message);
        this.category = Objects.requireNonNull(category, "category");
    }

    protected ProdlabException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    public ErrorCategory category() {
        return category;
    }
}
