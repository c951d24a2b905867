package io.prodlab.cli;

/** The exit codes of DESIGN.md: a contract that users' scripts rely on. */
public final class ExitCode {
    private ExitCode() {
    }

    public static final int OK = 0;
    /** The analysis ran but found a failing check the command was asked to fail on. */
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    /** Bad input: a file, plan or filter; the message names the file and location. */
    public static final int BAD_INPUT = 3;
    public static final int WORKSPACE = 4;
    /** A defect in Prodlab itself (sysexits' EX_SOFTWARE); the message asks for a report. */
    public static final int INTERNAL = 70;
}
