package io.prodlab.cli;

import io.prodlab.store.Workspace;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prodlab query} is a read-only console: no statement may change the workspace, write any
 * other file or read one outside it, and exactly one statement runs. Each attack exits 3 and
 * leaves every byte as it was.
 */
class QuerySafetyTest {
    @TempDir
    Path dir;

    private Path ws;
    private String before;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @BeforeEach
    void workspace() throws Exception {
        ws = dir.resolve("w.prodlab");
        CliRun r = run("import", "-w", ws.toString(),
                RealFixtures.path("otlp-json-traces/jaeger_memory_otel_traces_01.json").toString());
        assertEquals(0, r.exit(), r.err());
        before = sha(ws);
    }

    private void assertRefusedAndUnchanged(CliRun r, String expected) throws Exception {
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(before, sha(ws), "the workspace's bytes");
        assertFalse(Files.exists(Path.of(ws + ".wal")));
        try (Workspace w = Workspace.open(ws)) {
            assertEquals(4, w.spanCount());
        }
    }

    @Test
    void copyOntoTheWorkspaceItselfIsRefused() throws Exception {
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), "copy (select 'x') to '" + ws + "' (format csv)"),
                "tried to reach a file outside the workspace");
    }

    @Test
    void copyToAnotherFileIsRefusedAndNothingIsCreated() throws Exception {
        Path target = dir.resolve("stolen.csv");
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), "copy spans to '" + target + "'"),
                "tried to reach a file outside the workspace");
        assertFalse(Files.exists(target));
    }

    @Test
    void exportDatabaseIsRefusedAndNothingIsCreated() throws Exception {
        Path target = dir.resolve("export");
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), "export database '" + target + "'"),
                "tried to reach a file outside the workspace");
        assertFalse(Files.exists(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"select * from read_text('/etc/shadow')", "select * from read_text('/etc/passwd')",
            "select * from read_csv('/etc/passwd')", "select * from glob('/etc/*')",
            "attach '/tmp/prodlab-attack.db' as x", "install httpfs", "load httpfs"})
    void readingOrAttachingOtherFilesIsRefused(String sql) throws Exception {
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), sql), "tried to reach a file outside the workspace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"set enable_external_access = true", "set memory_limit = '1GB'",
            "delete from spans", "insert into imports select * from imports", "drop table spans",
            "create table t as select 1", "update spans set name = 'x'"})
    void writesAndSettingsAreRefused(String sql) throws Exception {
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), sql), "'prodlab query' only reads");
    }

    @Test
    void severalStatementsAreRefusedBeforeAnyRuns() throws Exception {
        Path target = dir.resolve("second.csv");
        CliRun r = run("query", "-w", ws.toString(), "select 1; copy (select 2) to '" + target + "'");
        assertRefusedAndUnchanged(r, "runs exactly one statement; this text has 2 (the second starts at column 11)");
        assertEquals("", r.out(), "not even the first statement ran");
        assertFalse(Files.exists(target));
    }

    @Test
    void aSyntaxErrorIsBadInputThatQuotesDuckDb() throws Exception {
        assertRefusedAndUnchanged(run("query", "-w", ws.toString(), "selec 1"), "syntax error");
    }

    @Test
    void semicolonsInsideStringsNamesAndCommentsAreOneStatement() {
        CliRun r = run("query", "-w", ws.toString(), "--format", "csv",
                "select ';' as \"a;b\", $$c;d$$ as e, E'f\\';g' as h -- trailing; comment\n;");
        assertEquals(0, r.exit(), r.err());
        assertEquals("a;b,e,h\n;,c;d,f';g\n", r.out().replace("\r\n", "\n"));
    }
}
