package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    final List<Path> guiOpened = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Cli(guiOpened::add).run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    Path workspaceWithSpans() throws Exception {
        Path file = dir.resolve("w.prodlab");
        try (Workspace ws = Workspace.openOrCreate(file); ImportWriter w = ws.beginImport("t.json", "h", "otlp-json", 1)) {
            for (int i = 1; i <= 4; i++) {
                w.addSpan(aSpan().service("cart").version("1").name("GET").kind(SpanKind.SERVER)
                        .startNs(i * 1_000_000_000L).durationMs(2 * i).status(i == 4 ? SpanStatus.ERROR : SpanStatus.OK)
                        .build());
            }
            w.commit("");
        }
        return file;
    }

    @Test
    void queryPrintsJsonWithColumnsAndTypedRows() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("query", "-w", ws.toString(), "--format", "json",
                "select service_name, count(*) as n, avg(duration_ns) / 1e6 as ms from spans group by 1");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("service_name", doc.get("columns").get(0).asText());
        assertEquals("cart", doc.get("rows").get(0).get(0).asText());
        assertEquals(4, doc.get("rows").get(0).get(1).asLong());
        assertTrue(doc.get("rows").get(0).get(1).isIntegralNumber());
        assertEquals(5.0, doc.get("rows").get(0).get(2).asDouble(), 1e-12);
    }

    @Test
    void queryWritesCsvWithQuoting() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("query", "-w", ws.toString(), "--format", "csv", "select 'a,b' as x, 2 as y");
        assertEquals(0, r.exit(), r.err());
        assertEquals("x,y\n\"a,b\",2\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void queryRefusesWritesAsBadInputBecauseTheWorkspaceIsOpenReadOnly() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("query", "-w", ws.toString(), "delete from spans");
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("'prodlab query' only reads"), r.err());
        assertEquals("", r.out());
        try (Workspace w = Workspace.open(ws)) {
            assertEquals(4, w.spanCount());
        }
    }

    @Test
    void commandsRefuseAMissingWorkspaceWithExit4() {
        Path missing = dir.resolve("missing.prodlab");
        for (String cmd : new String[] {"query", "services"}) {
            Run r = cmd.equals("query") ? run(cmd, "-w", missing.toString(), "select 1") : run(cmd, "-w", missing.toString());
            assertEquals(ExitCode.WORKSPACE, r.exit(), cmd);
            assertTrue(r.err().contains(missing.toString()), r.err());
            assertFalse(Files.exists(missing), "a read command must not create the workspace");
        }
    }

    @Test
    void servicesJsonHasTheContractFields() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("services", "-w", ws.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out()).get("services").get(0);
        for (String f : new String[] {"name", "spans", "rate_per_s", "errors", "error_rate", "p50_ms", "p95_ms", "p99_ms"}) {
            assertTrue(s.has(f), "missing " + f);
        }
        assertEquals("cart", s.get("name").asText());
        assertEquals(1, s.get("errors").asLong());
        assertEquals(0.25, s.get("error_rate").asDouble(), 1e-12);
        // durations 2, 4, 6, 8 ms: numpy.quantile(..., 0.5) = 5.0, 0.95 -> 7.7
        assertEquals(5.0, s.get("p50_ms").asDouble(), 1e-9);
        assertEquals(7.7, s.get("p95_ms").asDouble(), 1e-9);
    }

    @Test
    void servicesTablePrintsOneRowPerService() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("services", "-w", ws.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\\R");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("service"));
        assertTrue(lines[2].startsWith("cart"));
    }

    @Test
    void unknownOptionIsBadUsage() {
        Run r = run("services", "-w", dir.resolve("x.prodlab").toString(), "--bogus");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void guiCommandOpensTheGivenWorkspace() throws Exception {
        Path ws = workspaceWithSpans();
        Run r = run("gui", ws.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(ws), guiOpened);
    }

    @Test
    void importOfMissingFileIsBadInputAndCreatesNoWorkspace() {
        Path ws = dir.resolve("new.prodlab");
        Run r = run("import", "-w", ws.toString(), dir.resolve("nope.json").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("nope.json"), r.err());
        assertFalse(Files.exists(ws));
    }

    @Test
    void demoGenerateWithDefaultsReproducesTheCommittedSampleData() throws Exception {
        Path out = dir.resolve("gen");
        Run r = run("demo", "generate", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("spans"), r.out());
        Path committed = Path.of(System.getProperty("user.dir"), "sample-data");
        for (String f : new String[] {"ground-truth.json"}) {
            assertEquals(Files.readString(committed.resolve(f)), Files.readString(out.resolve(f)), f);
        }
        assertTrue(Files.exists(out.resolve("traces.otlp.jsonl.gz")));
    }

    @Test
    void demoGenerateRefusesZeroSpans() {
        Run r = run("demo", "generate", "--spans", "0", dir.resolve("g").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--spans"), r.err());
    }

    @Test
    void demoWithoutGuiBuildsTheDemoWorkspaceOnceFromTheSampleData() throws Exception {
        String old = System.getProperty("prodlab.data");
        System.setProperty("prodlab.data", dir.resolve("data").toString());
        try {
            Run first = run("demo", "--no-gui");
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("(50004 spans)"), first.out());
            Run again = run("demo", "--no-gui");
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.out().contains("(50004 spans)"), "a second run must not import twice: " + again.out());
            assertTrue(guiOpened.isEmpty());
            try (Workspace ws = Workspace.openReadOnly(dir.resolve("data").resolve("demo.prodlab"))) {
                assertEquals(1, ws.importLog().imports().size());
            }
            // A demo workspace holding data that is not the current sample set is rebuilt, not mixed.
            assertEquals(0, run("import", "-w", dir.resolve("data").resolve("demo.prodlab").toString(),
                    fixture("otlp-json-traces/opentelemetry-proto_examples_trace.json").toString()).exit());
            Run rebuilt = run("demo", "--no-gui");
            assertEquals(0, rebuilt.exit(), rebuilt.err());
            assertTrue(rebuilt.out().contains("(50004 spans)"), rebuilt.out());
        } finally {
            if (old == null) {
                System.clearProperty("prodlab.data");
            } else {
                System.setProperty("prodlab.data", old);
            }
        }
    }

    static Path fixture(String relative) {
        return io.prodlab.testing.RealFixtures.path(relative);
    }

    @Test
    void importPrintsCountsThatQueryAgreesWith() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        Run r = run("import", "-w", ws.toString(), "--json",
                fixture("otlp-json-traces/jaeger_memory_otel_traces_01.json").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode file = new ObjectMapper().readTree(r.out()).get("files").get(0);
        assertEquals("imported", file.get("status").asText());
        assertEquals("otlp-json", file.get("format").asText());
        for (String f : new String[] {"path", "spans", "events", "links", "metric_points", "annotations", "exposures",
                "rejected", "message"}) {
            assertTrue(file.has(f), "missing " + f);
        }
        assertEquals(4, file.get("spans").asLong());
        Run q = run("query", "-w", ws.toString(), "--format", "csv", "select count(*) as n from spans");
        assertEquals("n\n4\n", q.out().replace("\r\n", "\n"));
    }

    @Test
    void malformedFileExitsThreeNamesTheFileAndLeavesTheWorkspaceAsItWas() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        assertEquals(0, run("import", "-w", ws.toString(),
                fixture("otlp-json-traces/opentelemetry-proto_examples_trace.json").toString()).exit());
        byte[] whole = Files.readAllBytes(fixture("otlp-json-traces/jaeger_memory_otel_traces_01.json"));
        Path truncated = dir.resolve("truncated.json");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Run r = run("import", "-w", ws.toString(), truncated.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("truncated.json"), r.err());
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(1, w.spanCount());
            assertEquals(1, w.importLog().imports().size());
            assertEquals(0L, ((Number) new io.prodlab.store.SqlConsole(w).query("select count(*) from rejected", 1).rows().get(0).get(0)).longValue());
        }
    }

    @Test
    void refusedFirstImportLeavesNoWorkspaceBehind() throws Exception {
        Path ws = dir.resolve("fresh.prodlab");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not an export\n");
        Run r = run("import", "-w", ws.toString(), notes.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("notes.txt"), r.err());
        assertFalse(Files.exists(ws));
    }
}
