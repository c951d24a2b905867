package io.prodlab.error;

/**
 * What kind of failure a {@link ProdlabException} is. The command line's exit code and the
 * desktop app's way of showing it both come from the category, never from the exception's type.
 */
public enum ErrorCategory {
    /** The user's input (a file, a filter, a SQL statement, a plan) cannot be used: exit 3. */
    BAD_INPUT(3),
    /** The workspace is missing, locked, damaged or from a newer Prodlab: exit 4. */
    WORKSPACE(4),
    /** The command cannot run as asked (an option, no display for the window): exit 2. */
    USAGE(2),
    /** A defect in Prodlab itself: exit 70 (sysexits' EX_SOFTWARE). */
    INTERNAL(70);

    private final int exitCode;

    ErrorCategory(int exitCode) {
        this.exitCode = exitCode;
    }

    /** DESIGN.md's exit code for this category. */
    public int exitCode() {
        return exitCode;
    }
}
