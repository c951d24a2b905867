package io.prodlab.cli;

/** The command cannot run as asked here (for example the window with no display): exit code 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
