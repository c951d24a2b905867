package io.prodlab.store;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportService;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small-chunk path (bound parameters, the duplicate check in Java) stores exactly what the CSV
 * path does: every real fixture imported both ways gives the same rows in every table.
 */
class SmallChunkLoadTest {
    private static final List<String> TABLES = List.of("spans", "span_events", "span_links", "logs", "metric_points",
            "annotations", "exposures", "rejected", "imports");

    @TempDir
    Path dir;

    private Map<String, String> importEverything(String name, int maxRows) throws Exception {
        int before = SmallChunkLoad.maxRows;
        SmallChunkLoad.maxRows = maxRows;
        Path ws = dir.resolve(name);
        try (Workspace w = Workspace.openOrCreate(ws)) {
            List<FileImportResult> results = new ImportService().importPaths(w, List.of(RealFixtures.root()), null, null);
            assertTrue(results.stream().filter(r -> r.status() == FileImportResult.Status.IMPORTED).count() > 50,
                    results::toString);
        } finally {
            SmallChunkLoad.maxRows = before;
        }
        Map<String, String> digests = new LinkedHashMap<>();
        try (Workspace w = Workspace.openReadOnly(ws)) {
            for (String t : TABLES) {
                String exclude = t.equals("imports") ? "import_id, started_at, finished_at" : "import_id";
                digests.put(t, w.sql().query("digest " + t, "select count(*) || ' rows, ' || coalesce(md5(string_agg(x::varchar, "
                        + "chr(10) order by x::varchar)), '') from (select * exclude (" + exclude + ") from " + t + ") x",
                        rs -> {
                            rs.next();
                            return rs.getString(1);
                        }));
            }
        }
        return digests;
    }

    @Test
    void everyRealFixtureGivesTheSameRowsThroughEitherPath() throws Exception {
        Map<String, String> csv = importEverything("csv.prodlab", -1);
        Map<String, String> small = importEverything("small.prodlab", SmallChunkLoad.maxRows);
        assertEquals(csv, small);
        assertTrue(!csv.get("spans").startsWith("0 rows") && !csv.get("logs").startsWith("0 rows")
                && !csv.get("metric_points").startsWith("0 rows") && !csv.get("exposures").startsWith("0 rows"), csv::toString);
    }

    @Test
    void readsBackWhatTheChunkWrote() {
        SpanChunk c = new SpanChunk();
        c.addEvent("t", "s", 5, "", "{\"a\":\"x\\ny\"}");
        c.addEvent("t", "s", -1, "with\nline break and \u0001quote\u001f", "{}");
        c.addEvent("t", "s", 0, "ünïcødé \ud83d\ude00", "{}");
        List<String[]> rows = SmallChunkLoad.rows(c.rows[ChunkTable.EVENTS.ordinal()], ChunkTable.EVENTS.fields());
        assertEquals(3, rows.size());
        assertEquals(List.of("t", "s", "5", "", "{\"a\":\"x\\ny\"}", "-1"), List.of(rows.get(0)), "no span before it: -1");
        assertEquals("with\nline break and \u0001quote\u001f", rows.get(1)[3]);
        assertEquals("-1", rows.get(1)[2]);
        assertEquals("ünïcødé \ud83d\ude00", rows.get(2)[3]);
    }
}
