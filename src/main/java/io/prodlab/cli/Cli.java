package io.prodlab.cli;

import io.prodlab.ingest.ImportException;
import io.prodlab.store.WorkspaceException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry to the command line: builds the picocli tree and maps failures to DESIGN.md's exit
 * codes. Errors go to stderr as one message (with the stack trace only under {@code --verbose});
 * stdout carries only the requested output.
 */
public final class Cli {
    private final GuiOpener gui;

    public Cli(GuiOpener gui) {
        this.gui = gui;
    }

    public int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine(out, err);
        return cmd.execute(args);
    }

    CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new ProdlabCommand(), new Factory(gui));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("prodlab: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            ex.getCommandLine().getErr().flush();
            return ExitCode.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            e.println("prodlab: " + ex.getMessage());
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || (parseResult.subcommand() != null && anyVerbose(parseResult));
            if (verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return exitCodeOf(ex);
        });
        return cmd;
    }

    private static boolean anyVerbose(CommandLine.ParseResult r) {
        for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static int exitCodeOf(Exception ex) {
        if (ex instanceof io.prodlab.error.ProdlabException pe) {
            return pe.category().exitCode();
        }
        if (ex instanceof ImportException || ex instanceof BadInputException) {
            return ExitCode.BAD_INPUT;
        }
        if (ex instanceof UsageException) {
            return ExitCode.USAGE;
        }
        if (ex instanceof WorkspaceException) {
            return ExitCode.WORKSPACE;
        }
        if (ex instanceof UncheckedIOException || ex instanceof java.io.IOException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INTERNAL;
    }

    /** Gives commands the GUI opener they need; everything else is built the picocli way. */
    private static final class Factory implements CommandLine.IFactory {
        private final GuiOpener gui;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(GuiOpener gui) {
            this.gui = gui;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GuiCommand.class) {
                return cls.cast(new GuiCommand(gui));
            }
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(gui));
            }
            return fallback.create(cls);
        }
    }
}
