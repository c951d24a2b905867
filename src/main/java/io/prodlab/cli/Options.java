package io.prodlab.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options that several commands share, as picocli mixins. */
final class Options {
    private Options() {
    }

    /** {@code -w WORKSPACE}: required by every command that reads or writes a workspace. */
    static final class WorkspaceOption {
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WORKSPACE",
                description = "The workspace file (.prodlab).")
        Path workspace;
    }

    static final class Verbose {
        @Option(names = "--verbose", description = "Print the stack trace of a failure.")
        boolean verbose;
    }
}
