package io.prodlab.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A workspace written by an earlier Prodlab is upgraded in place and keeps what it held. */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    /** Writes the file an earlier Prodlab would have: its migrations only, and some imported data. */
    private static void writeVersion(Path file, int version) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("create table schema_version (version integer primary key, applied_at timestamptz not null, "
                    + "prodlab_version varchar not null)");
            for (int v = 1; v <= version; v++) {
                st.execute(Migrations.ALL.get(v - 1));
                st.execute("insert into schema_version values (" + v + ", now(), 'old')");
            }
            st.execute("insert into imports (import_id, path, sha256, format, bytes, spans, events, links, rejected, "
                    + "status, message, started_at, finished_at) values (nextval('import_id_seq'), '/data/a.json', "
                    + "'abc', 'otlp-json', 1234, 2, 1, 0, 1, 'imported', '2 spans', now(), now())");
            st.execute("insert into spans values ('0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b7', '', 'cart', "
                    + "'1.2', 'GET /cart', 'server', 100, 250, 150, 'ok', '', '{\"http.route\":\"/cart\"}', "
                    + "'{\"service.name\":\"cart\"}', 'lib', '1', '', 1)");
            st.execute("insert into spans values ('0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b8', "
                    + "'00f067aa0ba902b7', 'cart', '1.2', 'select', 'client', 120, 200, 80, 'unset', '', '{}', "
                    + "'{\"service.name\":\"cart\"}', 'lib', '1', '', 1)");
            st.execute("insert into span_events values ('0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b7', 130, "
                    + "'retry', '{}', 1)");
            st.execute("insert into rejected values (1, '/data/a.json', 'line 3', 'no traceId', '{...}')");
        }
    }

    @Test
    void upgradesAVersionOneWorkspaceAndKeepsItsData() throws Exception {
        Path file = dir.resolve("old.prodlab");
        writeVersion(file, 1);
        try (Workspace ws = Workspace.open(file)) {
            SqlConsole q = new SqlConsole(ws);
            assertEquals(Migrations.latest(), ((Number) q.query("select max(version) from schema_version", 1)
                    .rows().get(0).get(0)).intValue());
            assertEquals(2, ws.spanCount());
            assertEquals(List.of(List.of("GET /cart", 150L, "/cart")), q.query(
                    "select name, duration_ns, attributes->>'http.route' from spans where kind = 'server'", 5).rows());
            assertEquals(1L, ((Number) q.query("select count(*) from span_events", 1).rows().get(0).get(0)).longValue());
            assertEquals(1L, ((Number) q.query("select count(*) from rejected", 1).rows().get(0).get(0)).longValue());

            ImportInfo old = ws.importLog().imports().get(0);
            assertEquals("/data/a.json", old.path());
            assertEquals(new ImportCounts(2, 1, 0, 0, 0, 0, 0, 0, 1), old.counts());
            for (String table : new String[] {"logs", "metric_points", "annotations", "exposures"}) {
                assertEquals(0L, ((Number) q.query("select count(*) from " + table, 1).rows().get(0).get(0))
                        .longValue(), table);
            }
            // The sequence goes on where it was: the next import does not reuse id 1.
            try (ImportWriter w = ws.beginImport("/data/b.json", "def", "otlp-json", 10)) {
                assertEquals(2, w.importId());
            }
        }
        // And a reader (which never upgrades) accepts the upgraded file.
        try (Workspace ro = Workspace.openReadOnly(file)) {
            assertEquals(2, ro.spanCount());
        }
    }
}
