package io.prodlab.bench;

import io.prodlab.cli.Cli;
import io.prodlab.cli.CommandExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab bench} as the benchmark build has it: found on the class path, failing through the CLI's path. */
class BenchCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Cli(w -> {
            throw new AssertionError("no window");
        }, Cli.installedExtensions()).run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void isFoundOnTheClassPathAndListedInTheHelp() {
        List<CommandExtension> found = Cli.installedExtensions();
        assertEquals(1, found.stream().filter(e -> e instanceof BenchCommand).count(), found.toString());
        Run help = run("--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("bench"), help.out());
    }

    @Test
    void refusesZeroRunsAsBadUsageOnOneLine() {
        Run r = run("bench", "--runs", "0", "--dir", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("prodlab: bench: --spans, --spans-per-line, --runs and --chunk-mb must be at least 1, "
                + "--duckdb-runs at least 0, --attributes 0 to 10.", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void refusesAnUnknownFormatAsBadUsage() {
        Run r = run("bench", "--format", "zipkin", "--dir", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("prodlab: bench: --format must be otlp, jaeger or prometheus, found 'zipkin'.", r.err().strip());
    }

    @Test
    void refusesMissingFileAsBadInputNamingIt() {
        Path missing = dir.resolve("none.jsonl");
        Run r = run("bench", "--file", missing.toString(), "--dir", dir.toString());
        assertEquals(3, r.exit());
        assertEquals("prodlab: bench: " + missing + ": no such file.", r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }
}
