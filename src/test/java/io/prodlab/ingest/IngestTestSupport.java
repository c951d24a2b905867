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
}
