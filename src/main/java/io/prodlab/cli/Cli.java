package io.prodlab.cli;

import io.prodlab.error.ErrorCode;
import io.prodlab.error.ProdlabException;
import io.prodlab.store.NativeLibrary;
import io.prodlab.store.OutOfMemory;
import io.prodlab.store.Version;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Entry to the command line: builds the picocli tree and maps failures to DESIGN.md's exit
 * codes. Errors go to stderr as one line (with the stack trace only under {@code --verbose});
 * stdout carries only the requested output.
 *
 * <p>Every failure takes the same path, {@link #report}: a {@link ProdlabException} exits with its
 * {@link io.prodlab.error.ErrorCategory}'s code; an I/O error on a file exits 3; DuckDB's native
 * library failing to load and running out of memory exit 70 with a line that names the cause; anything
 * else is a defect in Prodlab and exits 70 with its {@link ErrorCode}, the version and a request to
 * report it.
 */
public final class Cli {
    private final GuiOpener gui;
    private final List<CommandExtension> extensions;

    /** The product's commands only. */
    public Cli(GuiOpener gui) {
        this(gui, List.of());
    }

    /** The product's commands plus {@code extensions} (e.g. the benchmark build's {@code bench}). */
    public Cli(GuiOpener gui, List<CommandExtension> extensions) {
        this.gui = gui;
        this.extensions = List.copyOf(extensions);
    }

    /** The extensions on the class path ({@code META-INF/services/io.prodlab.cli.CommandExtension}). */
    public static List<CommandExtension> installedExtensions() {
        return ServiceLoader.load(CommandExtension.class, Cli.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    public int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = null;
        try {
            cmd = commandLine(out, err);
            return cmd.execute(args);
        } catch (Throwable t) {
            // picocli hands Exceptions to the handler below but lets Errors through: out of memory,
            // DuckDB's native library that would not load (ExceptionInInitializerError, UnsatisfiedLinkError).
            boolean verbose = Arrays.asList(args).contains("--verbose")
                    || (cmd != null && cmd.getParseResult() != null && anyVerbose(cmd.getParseResult()));
            return report(err, t, verbose);
        }
    }

    CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new ProdlabCommand(), new Factory(gui));
        for (CommandExtension e : extensions) {
            cmd.addSubcommand(e);
        }
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
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                report(commandLine.getErr(), ex, anyVerbose(parseResult)));
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

    /** Prints the failure as one line (plus the stack trace when {@code verbose}) and returns its exit code. */
    static int report(PrintWriter err, Throwable failure, boolean verbose) {
        err.println("prodlab: " + messageOf(failure));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(failure);
    }

    static int exitCodeOf(Throwable failure) {
        if (outOfMemory(failure) != null) {
            return ExitCode.INTERNAL;
        }
        if (failure instanceof ProdlabException p) {
            return p.category().exitCode();
        }
        if (failure instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        if (NativeLibrary.explainLoadFailure(failure).isPresent()) {
            return ExitCode.INTERNAL;
        }
        if (ioFailure(failure) != null) {
            // An I/O error that no command turned into a ProdlabException is about a file or folder the
            // user named (to read or to write) or the disk it is on: the user can act on it; it is not a
            // defect to report.
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INTERNAL;
    }

    /** The one line the user reads: what happened, where, and what to do. */
    static String messageOf(Throwable failure) {
        String oom = outOfMemory(failure);
        if (oom != null) {
            long maxMb = Runtime.getRuntime().maxMemory() >> 20;
            return "out of memory (" + oom + ", at most " + maxMb + " MB): give Prodlab more with "
                    + "-Xmx, e.g. PRODLAB_JAVA_OPTS=-Xmx" + Math.max(2, 2 * ((maxMb + 1023) / 1024)) + "g for app/prodlab.";
        }
        if (failure instanceof ProdlabException || failure instanceof CommandLine.ParameterException) {
            return failure.getMessage();
        }
        var nativeLibrary = NativeLibrary.explainLoadFailure(failure);
        if (nativeLibrary.isPresent()) {
            return nativeLibrary.get();
        }
        IOException io = ioFailure(failure);
        if (io != null) {
            return describe(io);
        }
        String what = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage()));
        return "internal error " + ErrorCode.of(failure) + " in Prodlab " + Version.current() + " (" + what
                + "). Please report it with this line and the output of the same command with --verbose.";
    }

    private static String outOfMemory(Throwable failure) {
        return OutOfMemory.reason(failure).orElse(null);
    }

    private static IOException ioFailure(Throwable failure) {
        if (failure instanceof UncheckedIOException u) {
            return u.getCause();
        }
        return failure instanceof IOException io ? io : null;
    }

    /** An I/O error in words: the JDK's messages for these are often just the path. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or folder.";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied; check the file's or folder's permissions.";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists.";
        }
        if (e instanceof DirectoryNotEmptyException d) {
            return d.getFile() + ": the folder is not empty.";
        }
        if (e instanceof NotDirectoryException d) {
            return d.getFile() + ": not a folder.";
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": "
                    + (f.getReason() == null ? "cannot be read or written" : f.getReason()) + ".";
        }
        return e.getMessage() == null ? "input/output error (" + e.getClass().getSimpleName() + ")."
                : firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
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
