package io.prodlab.cli;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ErrorCode;
import io.prodlab.error.ProdlabException;
import io.prodlab.store.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One path from any failure to DESIGN.md's exit code and one line on stderr. */
class CliErrorsTest {
    /** A command that fails with whatever it is given. */
    @Command(name = "fail")
    static final class FailCommand implements Callable<Integer>, CommandExtension {
        private final Throwable failure;

        @picocli.CommandLine.Mixin
        Options.Verbose verbose;

        FailCommand(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    static final class SomeProdlabException extends ProdlabException {
        private static final long serialVersionUID = 1L;

        SomeProdlabException(ErrorCategory category, String message) {
            this(category, message, new IllegalStateException("technical detail"));
        }

        SomeProdlabException(ErrorCategory category, String message, Throwable cause) {
            super(category, message, cause);
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run failWith(Throwable failure, String... extraArgs) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[extraArgs.length + 1];
        args[0] = "fail";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        int exit = new Cli(w -> {
        }, List.of(new FailCommand(failure))).run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void theExitCodeComesFromTheCategoryAndTheMessageIsPrintedAsItIs(ErrorCategory category) {
        Run r = failWith(new SomeProdlabException(category, "Workspace w.prodlab is locked; close the other Prodlab."));
        assertEquals(category.exitCode(), r.exit());
        assertEquals("prodlab: Workspace w.prodlab is locked; close the other Prodlab.\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void theExitCodesAreDesignMdsOnes() {
        assertEquals(ExitCode.BAD_INPUT, ErrorCategory.BAD_INPUT.exitCode());
        assertEquals(ExitCode.WORKSPACE, ErrorCategory.WORKSPACE.exitCode());
        assertEquals(ExitCode.USAGE, ErrorCategory.USAGE.exitCode());
        assertEquals(ExitCode.INTERNAL, ErrorCategory.INTERNAL.exitCode());
        assertEquals(List.of(3, 4, 2, 70), List.of(ExitCode.BAD_INPUT, ExitCode.WORKSPACE, ExitCode.USAGE, ExitCode.INTERNAL));
    }

    @Test
    void anUnexpectedFailureExits70WithItsErrorCodeAndTheVersionOnOneLine() {
        IllegalStateException bug = new IllegalStateException("index 3 out of bounds\nsecond line");
        Run r = failWith(bug);
        assertEquals(70, r.exit());
        assertEquals("prodlab: internal error " + ErrorCode.of(bug) + " in Prodlab " + Version.current()
                + " (IllegalStateException: index 3 out of bounds). Please report it with this line and the output "
                + "of the same command with --verbose.\n", r.err());
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheLine() {
        IllegalStateException bug = new IllegalStateException("boom");
        Run quiet = failWith(bug);
        Run verbose = failWith(bug, "--verbose");
        assertEquals(70, verbose.exit());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        assertTrue(verbose.err().startsWith(quiet.err()), verbose.err());
        assertTrue(verbose.err().contains("java.lang.IllegalStateException: boom\n\tat "), verbose.err());
    }

    @Test
    void errorsThatPicocliLetsThroughTakeTheSamePath() {
        Run r = failWith(new StackOverflowError());
        assertEquals(70, r.exit());
        assertTrue(r.err().startsWith("prodlab: internal error "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void anOutOfMemoryErrorSaysHowToGiveMoreHeap() {
        Run r = failWith(new OutOfMemoryError("Java heap space"));
        assertEquals(70, r.exit());
        assertTrue(r.err().startsWith("prodlab: out of memory (Java heap space, at most "), r.err());
        assertTrue(r.err().contains("PRODLAB_JAVA_OPTS=-Xmx"), r.err());
    }

    @Test
    void anOutOfMemoryErrorThatTheDuckDbDriverTurnedIntoASqlErrorIsStillOutOfMemory() {
        Run r = failWith(new SomeProdlabException(ErrorCategory.BAD_INPUT, "The query failed: Invalid Error: Java heap space",
                new java.sql.SQLException("Invalid Error: Java heap space")));
        assertEquals(70, r.exit());
        assertTrue(r.err().startsWith("prodlab: out of memory (Java heap space, at most "), r.err());
        Run sqlError = failWith(new SomeProdlabException(ErrorCategory.BAD_INPUT, "The query failed: no table x",
                new java.sql.SQLException("Catalog Error: Table with name x does not exist!")));
        assertEquals(3, sqlError.exit());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nosuch | prodlab: /data/traces.json: no such file or folder.
            denied | prodlab: /data/traces.json: permission denied; check the file's or folder's permissions.
            plain  | prodlab: Stream closed
            """)
    void anIoErrorNoCommandExplainedIsBadInputInWords(String kind, String line) {
        IOException e = switch (kind) {
            case "nosuch" -> new NoSuchFileException("/data/traces.json");
            case "denied" -> new AccessDeniedException("/data/traces.json");
            default -> new IOException("Stream closed");
        };
        Run r = failWith(e);
        assertEquals(3, r.exit());
        assertEquals(line + "\n", r.err());
        Run unchecked = failWith(new UncheckedIOException(e));
        assertEquals(3, unchecked.exit());
        assertEquals(line + "\n", unchecked.err());
    }

    @Test
    void theProductCliNeitherHasNorMentionsTheBenchmark() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli product = new Cli(w -> {
        });
        assertEquals(0, product.run(new PrintWriter(out), new PrintWriter(err), "--help"));
        assertFalse(out.toString().contains("bench"), out.toString());
        assertTrue(out.toString().contains("services"), out.toString());
        assertEquals(2, product.run(new PrintWriter(out), new PrintWriter(err), "bench"));
    }
}
