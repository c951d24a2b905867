package io.prodlab.ingest;

import io.prodlab.store.QueryResult;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feature-flag evaluations on spans ({@code feature_flag.evaluation} events) and as log records
 * become exposures in the same file's import, in both spellings of the OpenTelemetry attributes.
 */
class FlagEvaluationExposuresTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_2 = "1bf7651916cd43dd8448eb211c80319d";

    @TempDir
    Path dir;

    private static String attr(String key, String value) {
        return "{\"key\": \"" + key + "\", \"value\": {\"stringValue\": \"" + value + "\"}}";
    }

    private static String event(long time, String... attributes) {
        return "{\"timeUnixNano\": \"" + time + "\", \"name\": \"feature_flag.evaluation\", \"attributes\": ["
                + String.join(", ", attributes) + "]}";
    }

    /** A trace line: one span with a current-spelling evaluation and an older-spelling one, one without events. */
    private static String traces() {
        String withEvents = "{\"traceId\": \"" + TRACE + "\", \"spanId\": \"b7ad6b7169203331\", \"name\": \"GET /cart\", "
                + "\"kind\": 2, \"startTimeUnixNano\": \"1700000000000000000\", \"endTimeUnixNano\": \"1700000000900000000\", "
                + "\"events\": [" + event(1700000000100000000L, attr("feature_flag.key", "new-checkout"),
                attr("feature_flag.result.variant", "treatment"), attr("feature_flag.context.id", "user-42"),
                attr("feature_flag.result.reason", "split"), attr("feature_flag.version", "7"),
                attr("feature_flag.set.id", "shop")) + ", "
                + "{\"timeUnixNano\": \"1700000000150000000\", \"name\": \"exception\", \"attributes\": []}, "
                + event(1700000000200000000L, attr("feature_flag.key", "dark-mode"), attr("feature_flag.variant", "on"),
                attr("feature_flag.evaluation.reason", "targeting_match")) + "]}";
        String plain = "{\"traceId\": \"" + TRACE_2 + "\", \"spanId\": \"c7ad6b7169203332\", \"name\": \"GET /\", "
                + "\"kind\": 2, \"startTimeUnixNano\": \"1700000001000000000\", \"endTimeUnixNano\": \"1700000001100000000\"}";
        return "{\"resourceSpans\": [{\"resource\": {\"attributes\": [" + attr("service.name", "shop") + "]}, "
                + "\"scopeSpans\": [{\"scope\": {\"name\": \"t\"}, \"spans\": [" + withEvents + ", " + plain + "]}]}]}\n";
    }

    /** A logs line: an evaluation by eventName, one by the older event.name attribute, and a plain log record. */
    private static String logs() {
        String byField = "{\"timeUnixNano\": \"1700000002000000000\", \"eventName\": \"feature_flag.evaluation\", "
                + "\"traceId\": \"" + TRACE_2 + "\", \"spanId\": \"c7ad6b7169203332\", \"attributes\": ["
                + attr("feature_flag.key", "new-checkout") + ", " + attr("feature_flag.result.variant", "control") + ", "
                + attr("feature_flag.context.id", "user-7") + ", " + attr("feature_flag.result.reason", "split") + "]}";
        String byAttribute = "{\"observedTimeUnixNano\": \"1700000003000000000\", \"attributes\": ["
                + attr("event.name", "feature_flag.evaluation") + ", " + attr("feature_flag.key", "dark-mode") + ", "
                + attr("feature_flag.variant", "off") + ", " + attr("feature_flag.context.id", "user-9") + "]}";
        String plain = "{\"timeUnixNano\": \"1700000004000000000\", \"body\": {\"stringValue\": \"hello\"}, "
                + "\"attributes\": [" + attr("feature_flag.key", "not-an-evaluation") + "]}";
        return "{\"resourceLogs\": [{\"resource\": {\"attributes\": [" + attr("service.name", "shop") + "]}, "
                + "\"scopeLogs\": [{\"scope\": {\"name\": \"l\"}, \"logRecords\": [" + byField + ", " + byAttribute + ", "
                + plain + "]}]}]}\n";
    }

    private static List<String> exposures(Workspace ws) throws Exception {
        QueryResult r = new SqlConsole(ws).query("select unit_id, flag_key, variant, time_ns, reason, flag_version, "
                + "trace_id, attributes->>'$.\"feature_flag.set.id\"' from exposures order by time_ns", 100);
        return r.rows().stream().map(row -> row.stream().map(String::valueOf).collect(Collectors.joining(" | ")))
                .toList();
    }

    @Test
    void spanEventsAndLogRecordsInBothSpellingsBecomeExposuresFieldByField() throws Exception {
        Path file = Files.writeString(dir.resolve("mixed.jsonl"), traces() + logs());
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            FileImportResult r = importOne(ws, file);
            assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
            assertEquals(4, r.exposures(), r.message());
            assertTrue(r.message().contains("4 exposures"), r.message());
            assertEquals(List.of(
                    "user-42 | new-checkout | treatment | 1700000000100000000 | split | 7 | " + TRACE + " | shop",
                    // no context id: the trace is the unit
                    TRACE + " | dark-mode | on | 1700000000200000000 | targeting_match |  | " + TRACE + " | null",
                    "user-7 | new-checkout | control | 1700000002000000000 | split |  | " + TRACE_2 + " | null",
                    // no time: when it was observed; no trace
                    "user-9 | dark-mode | off | 1700000003000000000 |  |  |  | null"), exposures(ws));
            assertEquals(4, count(ws, "select exposures from imports"));
            assertEquals(3, count(ws, "select count(*) from span_events"), "the events stay where they were");
            assertEquals(3, count(ws, "select count(*) from logs"));

            FileImportResult again = importOne(ws, file);
            assertEquals(FileImportResult.Status.SKIPPED, again.status(), again.message());
            assertEquals(4, count(ws, "select count(*) from exposures"), "a re-import is a no-op");

            // The same spans in other bytes: stored once, and their evaluations give no second exposure.
            Path copy = Files.writeString(dir.resolve("copy.jsonl"), traces() + "\n");
            FileImportResult dup = importOne(ws, copy);
            assertEquals(2, dup.duplicates(), dup.message());
            assertEquals(0, dup.exposures(), dup.message());
            assertEquals(4, count(ws, "select count(*) from exposures"));
        }
    }

    @Test
    void aFileWithoutEvaluationsHasNoExposures() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.jsonl"), traces().replace("feature_flag.evaluation", "other"));
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            FileImportResult r = importOne(ws, file);
            assertEquals(0, r.exposures(), r.message());
            assertEquals(0, count(ws, "select count(*) from exposures"));
        }
    }

    @Test
    void theRealTraceWithAFlagdEvaluationGivesItsExposure() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            FileImportResult r = importOne(ws, fixture("otlp-json-traces/jaeger-pr9263_error_timeout_masked.json"));
            assertEquals(1, r.exposures(), r.message());
            // An empty context id: the trace is the unit.
            assertEquals(1, count(ws, "select count(*) from exposures e join span_events v on v.trace_id = e.trace_id "
                    + "and v.time_ns = e.time_ns where e.unit_id = e.trace_id and e.flag_key = 'productCatalogFailure' "
                    + "and e.variant = 'off' and e.reason = 'targeting_match' and v.name = 'feature_flag.evaluation'"));
        }
    }

    @Test
    void aBigFileLoadedThroughCsvGivesTheSameExposures() throws Exception {
        // Enough rows that the chunk goes through a CSV file and DuckDB's reader, not bound parameters.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append(traces().replace(TRACE, String.format("%032x", i + 1)).replace(TRACE_2, String.format("%032x", i + 100_001)));
        }
        Path file = Files.writeString(dir.resolve("big.jsonl"), sb.toString());
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            FileImportResult r = new ImportService().importPaths(ws, List.of(file), null, null).get(0);
            assertEquals(800, r.spans(), r.message());
            assertEquals(800, r.exposures(), r.message());
            assertEquals(400, count(ws, "select count(*) from exposures where unit_id = 'user-42' and variant = 'treatment'"));
        }
    }
}
