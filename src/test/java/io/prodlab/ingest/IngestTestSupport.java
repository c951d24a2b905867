package io.prodlab.ingest;

import io.prodlab.store.QueryResult;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.file.Path;
import java.util.List;

/** Shared helpers: fixture paths, one-shot imports, single-value queries. */
final class IngestTestSupport {
    private IngestTestSupport() {
    }

    static Path fixture(String relative) {
        return io.prodlab.testing.RealFixtures.path(relative);
    }

    static Path traces(String name) {
        return fixture("otlp-json-traces/" + name);
    }

    static FileImportResult importOne(Workspace ws, Path file) throws Exception {
        List<FileImportResult> r = new ImportService().importPaths(ws, List.of(file), ImportListener.NONE, () -> false);
        if (r.size() != 1) {
            throw new AssertionError("expected one result, got " + r);
        }
        return r.get(0);
    }

    static Object value(Workspace ws, String sql) throws Exception {
        QueryResult r = new io.prodlab.store.SqlConsole(ws).query(sql, 2);
        if (r.rows().size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + r.rows());
        }
        return r.rows().get(0).get(0);
    }

    static long count(Workspace ws, String sql) throws Exception {
        return ((Number) value(ws, sql)).longValue();
    }

    static String text(Workspace ws, String sql) throws Exception {
        Object v = value(ws, sql);
        return v == null ? null : v.toString();
    }

    /**
     * Imports {@code file} into a new workspace {@code wsPath} with 256 KB chunks, cancelling once more
     * than {@code spansBeforeCancel} spans were read: the file is cancelled, nothing of it is kept, and
     * within 10 s no thread whose name starts with {@code threadPrefix} is left running.
     */
    static void assertCancelKeepsNothingAndStopsThreads(Path file, Path wsPath, long spansBeforeCancel,
                                                        String threadPrefix) throws Exception {
        try (Workspace ws = Workspace.openOrCreate(wsPath)) {
            java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
            FileImportResult r = new ImportService(256 << 10).importPaths(ws, java.util.List.of(file), new ImportListener() {
                @Override
                public void progress(Path f, long bytesRead, long totalBytes, long spans) {
                    if (spans > spansBeforeCancel) {
                        cancel.set(true);
                    }
                }
            }, cancel::get).get(0);
            org.junit.jupiter.api.Assertions.assertEquals(FileImportResult.Status.CANCELLED, r.status(), r.message());
            org.junit.jupiter.api.Assertions.assertEquals(0, ws.spanCount());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (threads(threadPrefix) > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, threads(threadPrefix), threadPrefix + " threads left running");
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count();
    }

    /**
     * Imports {@code f} into a new workspace {@code wsPath} with {@code chunkBytes} chunks: its result,
     * its {@code imports} row and every table's rows (count and md5), as text, to compare two readings.
     */
    static java.util.Map<String, String> importedTables(Path f, Path wsPath, int chunkBytes) throws Exception {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Workspace ws = Workspace.openOrCreate(wsPath)) {
            FileImportResult r = new ImportService(chunkBytes).importPaths(ws, java.util.List.of(f), ImportListener.NONE,
                    () -> false).get(0);
            out.put("result", r.status() + " " + r.spans() + " " + r.events() + " " + r.links() + " " + r.logs() + " "
                    + r.metricPoints() + " " + r.duplicates() + " " + r.rejected() + " " + r.message());
            out.put("imports", text(ws, "select string_agg(concat_ws('|', format, bytes, spans, events, links, "
                    + "metric_points, logs, duplicates, rejected, status, message), chr(10)) from imports"));
            out.put("rejected count", text(ws, "select count(*) from rejected"));
            for (String table : java.util.List.of("spans", "span_events", "span_links", "rejected", "logs", "metric_points")) {
                out.put(table, text(ws, "select count(*) || ' ' || coalesce(md5(string_agg(t::varchar, chr(10) "
                        + "order by t::varchar)), '') from " + table + " t"));
            }
            out.put("rejected rows", text(ws, "select string_agg(location || ' | ' || reason || ' | ' || excerpt, "
                    + "chr(10) order by location, reason) from rejected"));
        }
        return out;
    }
}
