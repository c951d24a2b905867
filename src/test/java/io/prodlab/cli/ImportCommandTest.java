package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.demo.DemoGenerator;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceLock;
import io.prodlab.testing.ProdlabProcess;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab import}: exit codes, what it says of the workspace, and what it leaves on disk. */
class ImportCommandTest {
    private static final String TRACES = "otlp-json-traces/jaeger_memory_otel_traces_01.json";
    /** A file Prodlab refuses (a client-specification test, not an export). */
    private static final String METRICS = "feature-flags/unleash-client-spec_18-utf8-flag-names.json";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A file no reader takes. */
    private Path notAnExport() throws java.io.IOException {
        return Files.writeString(dir.resolve("notes.txt"), "not an export, just notes\n");
    }

    @Test
    void jsonOutputCountsEverySignalAndTheDuplicatesPerFile() throws Exception {
        Path ws = dir.resolve("signals.prodlab");
        CliRun r = run("import", "-w", ws.toString(), "--json",
                RealFixtures.path("otlp-json-traces/otel-tui_test_data.json").toString(),
                RealFixtures.path("otlp-json-traces/otlp2parquet_traces.jsonl").toString(),
                RealFixtures.path("otlp-protobuf").toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode files = new ObjectMapper().readTree(r.out()).get("files");
        for (JsonNode f : files) {
            for (String field : new String[] {"path", "format", "status", "spans", "events", "links", "logs",
                    "metric_points", "annotations", "exposures", "duplicates", "rejected", "message"}) {
                assertTrue(f.has(field), "missing " + field + " in " + f);
            }
        }
        JsonNode mixed = files.get(0);
        assertEquals(547, mixed.get("spans").asLong());
        assertEquals(4551, mixed.get("metric_points").asLong());
        assertEquals(23, mixed.get("logs").asLong());
        // The protobuf folder: logs, metrics (a summary), then the traces already read from their JSON twin.
        assertEquals("otlp-protobuf", files.get(2).get("format").asText());
        assertEquals(81, files.get(2).get("logs").asLong());
        assertEquals(2, files.get(3).get("metric_points").asLong());
        assertEquals(0, files.get(4).get("spans").asLong());
        assertEquals(19, files.get(4).get("duplicates").asLong());
    }

    @Test
    void aRefusedFileAmongOthersExitsThreeWhileTheOthersLand() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        CliRun r = run("import", "-w", ws.toString(), "--json", RealFixtures.path(TRACES).toString(),
                notAnExport().toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("imported", doc.get("files").get(0).get("status").asText());
        assertEquals("refused", doc.get("files").get(1).get("status").asText());
        assertTrue(doc.get("workspace").get("created").asBoolean());
        assertTrue(doc.get("workspace").get("kept").asBoolean());
        assertTrue(r.err().contains("1 of 2 files refused; the others were imported into the new workspace " + ws),
                r.err());
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(4, w.spanCount());
        }
    }

    @Test
    void jsonOutputNamesTheFormatEachFileWasReadAs() throws Exception {
        Path ws = dir.resolve("formats.prodlab");
        CliRun r = run("import", "-w", ws.toString(), "--json", RealFixtures.path("jaeger-json").toString(),
                RealFixtures.path(TRACES).toString(), RealFixtures.path("zipkin-v2-json/zipkin-lens_yelp.json").toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode files = new ObjectMapper().readTree(r.out()).get("files");
        assertEquals(11, files.size());
        long spans = 0;
        long duplicates = 0;
        for (int i = 0; i < 9; i++) {
            JsonNode f = files.get(i);
            assertEquals("imported", f.get("status").asText(), f.toString());
            assertEquals("jaeger-json", f.get("format").asText(), f.toString());
            assertTrue(f.get("message").asText().contains("(Jaeger JSON, "), f.toString());
            spans += f.get("spans").asLong();
            duplicates += f.get("duplicates").asLong();
        }
        assertEquals(95, spans + duplicates, "4+2+4+57+2+17+2+2+5 spans in the nine Jaeger fixtures");
        assertEquals(2, duplicates, "two spans of the UI's test traces repeat ones of another file");
        assertEquals("otlp-json", files.get(9).get("format").asText());
        assertEquals(4, files.get(9).get("spans").asLong());
        assertEquals("zipkin-v2-json", files.get(10).get("format").asText());
        assertEquals(16, files.get(10).get("spans").asLong());
    }

    @Test
    void freeBlocksDuckDbCutOffTheEndAreNotMistakenForAFileCutShort() throws Exception {
        // This import ends with free blocks past the end of the file: DuckDB counts 13 blocks, the
        // file holds 12. The workspace is sound and must open (it was once refused as "cut short").
        Path ws = dir.resolve("free-tail.prodlab");
        assertEquals(0, run("import", "-w", ws.toString(), RealFixtures.path("jaeger-json").toString(),
                RealFixtures.path(TRACES).toString()).exit());
        CliRun q = run("query", "-w", ws.toString(), "--format", "csv", "select count(*) as n from spans");
        assertEquals(0, q.exit(), q.err());
        assertEquals("n\n" + (93 + 4) + "\n", q.out().replace("\r\n", "\n"), "95 Jaeger spans, 2 of them repeats");
        assertEquals(0, run("check", "-w", ws.toString()).exit());
    }

    @Test
    void aFirstImportWhoseEveryFileIsRefusedKeepsNoWorkspaceAndSaysSo() throws Exception {
        Path ws = dir.resolve("fresh.prodlab");
        CliRun r = run("import", "-w", ws.toString(), "--json", notAnExport().toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("no new workspace was kept (" + ws + " was not created)"), r.err());
        assertTrue(r.out().contains("\"kept\" : false"), r.out());
        assertFalse(Files.exists(ws));
        assertFalse(Files.exists(Path.of(ws + ".wal")));
        assertFalse(Files.exists(WorkspaceLock.fileOf(ws)));
    }

    @Test
    void importingAFolderThatHoldsTheWorkspaceSkipsTheWorkspacesOwnFiles() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("exports"));
        Files.copy(RealFixtures.path(TRACES), folder.resolve("a.json"));
        Path ws = folder.resolve("w.prodlab");
        assertEquals(0, run("import", "-w", ws.toString(), folder.resolve("a.json").toString()).exit());
        CliRun r = run("import", "-w", ws.toString(), "--json", folder.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode files = new ObjectMapper().readTree(r.out()).get("files");
        assertEquals(1, files.size(), "only a.json, not the workspace or its lock file: " + r.out());
        assertEquals("skipped", files.get(0).get("status").asText());
    }

    @Test
    void killedMidImportLeavesTheWorkspaceAsBeforeAndTheNextImportWorks() throws Exception {
        Path data = dir.resolve("big");
        new DemoGenerator().generate(data, DemoGenerator.Options.defaults().withSpans(300_000).withSeed(7));
        Path ws = dir.resolve("w.prodlab");
        assertEquals(0, run("import", "-w", ws.toString(), RealFixtures.path(TRACES).toString()).exit());

        Process p = ProdlabProcess.start(List.of(), "io.prodlab.Launcher", "import", "-w", ws.toString(),
                data.resolve("traces.otlp.jsonl.gz").toString());
        p.getOutputStream().close();
        // Wait until it is mid-file: it holds the lock and has staged a chunk for loading (the
        // staging folder is named after its process); the file is committed only at its end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && !(Files.exists(WorkspaceLock.fileOf(ws)) && stagedChunks(p.pid()) > 0)) {
            assertTrue(System.nanoTime() < deadline, "the import never started loading");
            Thread.onSpinWait();
        }
        assertTrue(p.isAlive(), "the import must still run when it is killed");
        p.destroyForcibly().waitFor();

        try (Workspace w = Workspace.open(ws)) {
            assertEquals(4, w.spanCount(), "the killed import's file never landed");
            assertEquals(1, w.importLog().imports().size());
        }
        CliRun check = run("check", "-w", ws.toString());
        assertEquals(0, check.exit(), check.err());
        CliRun again = run("import", "-w", ws.toString(), RealFixtures.path(
                "otlp-json-traces/gcp-otel-ops-go_traces_basic.json").toString());
        assertEquals(0, again.exit(), "the stale lock of the killed process is taken over: " + again.err());
    }

    /** How many chunk files the import of process {@code pid} has staged in the temporary folder. */
    private static long stagedChunks(long pid) throws java.io.IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, "prodlab-import-" + pid + "-*")) {
            long n = 0;
            for (Path d : dirs) {
                try (var files = Files.list(d)) {
                    n += files.count();
                } catch (java.nio.file.NoSuchFileException gone) {
                    // Removed between listing and reading: the import moved on.
                }
            }
            return n;
        }
    }
}
