package io.prodlab.store;

import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceTest {
    @TempDir
    Path dir;

    static SpanRecord span(String service, SpanKind kind, long startNs, long durNs, SpanStatus status) {
        return new SpanRecord("0af7651916cd43dd8448eb211c80319c", Long.toHexString(startNs + 1), "", service, "1.0",
                "GET /", kind, startNs, startNs + durNs, status, "", "{\"http.status_code\":200}",
                "{\"service.name\":\"" + service + "\"}", "lib", "1", "");
    }

    @Test
    void createsSchemaAndRecordsItsVersion() throws Exception {
        Path file = dir.resolve("a.prodlab");
        try (Workspace ws = Workspace.openOrCreate(file)) {
            QueryResult r = new SqlConsole(ws).query("select max(version) from schema_version", 10);
            assertEquals(Migrations.latest(), ((Number) r.rows().get(0).get(0)).intValue());
            assertEquals(0, ws.spanCount());
        }
    }

    @Test
    void refusesWorkspaceFromNewerVersionAndLeavesItUnchanged() throws Exception {
        Path file = dir.resolve("new.prodlab");
        try (Workspace ws = Workspace.openOrCreate(file)) {
            new SqlConsole(ws).query("insert into schema_version values (999, now(), 'future')", 1);
        }
        byte[] before = java.nio.file.Files.readAllBytes(file);
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("newer Prodlab"), e.getMessage());
        assertTrue(e.getMessage().contains("999"), e.getMessage());
        WorkspaceException ro = assertThrows(WorkspaceException.class, () -> Workspace.openReadOnly(file));
        assertTrue(ro.getMessage().contains("newer Prodlab"), ro.getMessage());
        WorkspaceException held = assertThrows(WorkspaceException.class, () -> Workspace.hold(file, false, "app"));
        assertTrue(held.getMessage().contains("newer Prodlab"), held.getMessage());
        assertTrue(java.util.Arrays.equals(before, java.nio.file.Files.readAllBytes(file)), "left unchanged");
        assertFalse(java.nio.file.Files.exists(WorkspaceFiles.walOf(file)), "no WAL");
        assertFalse(java.nio.file.Files.exists(WorkspaceLock.fileOf(file)), "no lock file");
    }

    @Test
    void importRecordsWhenItReallyFinished() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("t.prodlab"))) {
            long t0 = System.currentTimeMillis();
            new io.prodlab.ingest.ImportService().importPaths(ws,
                    java.util.List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
            long t1 = System.currentTimeMillis();
            ImportInfo i = ws.importLog().imports().get(0);
            assertTrue(i.finishedAt().isAfter(i.startedAt()), i.startedAt() + " .. " + i.finishedAt());
            assertTrue(i.startedAt().toEpochMilli() >= t0 - 1000 && i.finishedAt().toEpochMilli() <= t1 + 1000,
                    "both within the import's own run");
        }
    }

    @Test
    void refusesMissingWorkspaceForOpen() {
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(dir.resolve("none.prodlab")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void refusesDuckDbFileThatIsNotAWorkspace() throws Exception {
        Path file = dir.resolve("other.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("create table t(x int)");
        }
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("not a Prodlab workspace"), e.getMessage());
    }

    @Test
    void importLandsWholeOnCommit() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/x/a.json", "abc", "otlp-json", 10)) {
                w.addSpan(span("cart", SpanKind.SERVER, 1_000_000_000L, 5_000_000, SpanStatus.OK));
                w.reject(new RejectedRecord("line 3", "bad id", "{...}"));
                w.commit("ok");
            }
            assertEquals(1, ws.spanCount());
            List<ImportInfo> imports = ws.importLog().imports();
            assertEquals(1, imports.size());
            assertEquals("imported", imports.get(0).status());
            assertEquals(1, imports.get(0).rejected());
            assertEquals("line 3", ws.importLog().rejected(imports.get(0).importId()).get(0).location());
            assertTrue(ws.importLog().findBySha256("abc").isPresent());
            QueryResult attr = new SqlConsole(ws).query("select attributes->>'$.\"http.status_code\"' from spans", 1);
            assertEquals("200", attr.rows().get(0).get(0));
        }
    }

    @Test
    void importLeavesNothingWhenNotCommitted() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/x/a.json", "abc", "otlp-json", 10)) {
                for (int i = 0; i < 5000; i++) {
                    w.addSpan(span("cart", SpanKind.SERVER, 1_000_000_000L + i, 5_000_000, SpanStatus.OK));
                }
                w.reject(new RejectedRecord("line 3", "bad id", "{...}"));
            }
            assertEquals(0, ws.spanCount());
            assertEquals(0, ws.importLog().imports().size());
            assertEquals(0L, ((Number) new SqlConsole(ws).query("select count(*) from rejected", 1).rows().get(0).get(0)).longValue());
            assertTrue(ws.importLog().findBySha256("abc").isEmpty());
        }
    }

    @Test
    void servicesReportServerSpanLatencyQuantilesInMilliseconds() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/x/a.json", "abc", "otlp-json", 10)) {
                // durations 1..10 ms, start 1 s apart: numpy.quantile([1..10], [.5,.95,.99]) = 5.5, 9.55, 9.91
                for (int i = 1; i <= 10; i++) {
                    w.addSpan(span("cart", SpanKind.SERVER, i * 1_000_000_000L, i * 1_000_000L,
                            i == 10 ? SpanStatus.ERROR : SpanStatus.OK));
                }
                w.addSpan(span("cart", SpanKind.CLIENT, 2_000_000_000L, 500_000_000L, SpanStatus.ERROR));
                w.addSpan(span("loadgen", SpanKind.CLIENT, 1_000_000_000L, 2_000_000L, SpanStatus.OK));
                // Seen for one second, long after the others: its rate is over its own second.
                for (int i = 0; i < 3; i++) {
                    w.addSpan(span("api", SpanKind.SERVER, 100_000_000_000L + i * 500_000_000L, 10_000_000L,
                            SpanStatus.OK));
                }
                w.commit("ok");
            }
            var services = new ServiceStatsQuery(ws).services();
            assertEquals(3, services.size());
            var api = services.get(0);
            assertEquals("api", api.name());
            assertEquals(3, api.requests());
            assertEquals(3 / 1.01, api.ratePerS(), 1e-9, "3 requests from 100 s to 101.01 s");
            services = services.subList(1, 3);
            var cart = services.get(0);
            assertEquals("cart", cart.name());
            assertEquals(11, cart.spans());
            assertEquals(10, cart.serverSpans());
            assertEquals(1, cart.errors());
            assertEquals(0.1, cart.errorRate(), 1e-12);
            assertEquals(5.5, cart.p50Ms(), 1e-9);
            assertEquals(9.55, cart.p95Ms(), 1e-9);
            assertEquals(9.91, cart.p99Ms(), 1e-9);
            // time range: first start 1 s .. last end 10.01 s (the 10 s span lasts 10 ms)
            assertEquals(10 / 9.01, cart.ratePerS(), 1e-9);
            var loadgen = services.get(1);
            assertEquals(1, loadgen.spans());
            assertTrue(Double.isNaN(loadgen.ratePerS()), "one request has no rate");
            assertEquals(2.0, loadgen.p50Ms(), 1e-9);
        }
    }

    @Test
    void readOnlyWorkspaceRefusesWrites() throws Exception {
        Path file = dir.resolve("w.prodlab");
        Workspace.openOrCreate(file).close();
        try (Workspace ws = Workspace.openReadOnly(file)) {
            QueryException e = assertThrows(QueryException.class, () -> new SqlConsole(ws).query("delete from spans", 1));
            assertTrue(e.getMessage().contains("'prodlab query' only reads"), e.getMessage());
        }
    }

    @Test
    void aRunningQueryIsCancelledThroughItsStatement() throws Exception {
        Path file = dir.resolve("c.prodlab");
        Workspace.openOrCreate(file).close();
        try (Workspace ws = Workspace.openReadOnly(file)) {
            var failure = new java.util.concurrent.CompletableFuture<Throwable>();
            Thread query = new Thread(() -> {
                try {
                    new SqlConsole(ws).query("select sum(hash(range)) from range(100000000000)", 1);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            query.start();
            // A cancel that lands before DuckDB starts executing the statement is lost: cancel until it ends.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!failure.isDone() && System.nanoTime() < deadline) {
                ws.cancelRunningQuery();
                Thread.onSpinWait();
            }
            Throwable t = failure.get(1, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(t instanceof java.util.concurrent.CancellationException, String.valueOf(t));
            assertEquals(0, ws.spanCount(), "the workspace answers after the cancel");
        }
    }
}
