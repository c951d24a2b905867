package io.prodlab.cli;

/** The user's input (a file, a filter, an option value) cannot be used: exit code 3. */
public class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
