package io.prodlab.ingest;

import io.prodlab.store.RejectedRow;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static io.prodlab.ingest.OtlpJson.aRequest;
import static io.prodlab.ingest.OtlpJson.aSpan;
import static io.prodlab.ingest.OtlpJson.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP/JSON metrics and logs: key order, bad points and records, mixed-signal JSON lines. */
class OtlpMetricsLogsRulesTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private Path write(String name, String content) throws Exception {
        return Files.write(temp.dir().resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static final String RESOURCE = "{\"attributes\":[" + attr("service.name", "stringValue", "\"cart\"") + "]}";

    static String metrics(String metricsArray) {
        return "{\"resourceMetrics\":[{\"resource\":" + RESOURCE + ",\"scopeMetrics\":[{\"scope\":{\"name\":\"m\"},"
                + "\"metrics\":" + metricsArray + "}]}]}";
    }

    static String logs(String recordsArray) {
        return "{\"resourceLogs\":[{\"resource\":" + RESOURCE + ",\"scopeLogs\":[{\"scope\":{\"name\":\"l\"},"
                + "\"logRecords\":" + recordsArray + "}]}]}";
    }

    static String gauge(String name, String value) {
        return "{\"name\":\"" + name + "\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1700000000000000000\","
                + "\"asDouble\":" + value + "}]}}";
    }

    private List<RejectedRow> rejected() throws Exception {
        return ws.importLog().rejected(ws.importLog().imports().get(ws.importLog().imports().size() - 1).importId());
    }

    @Test
    void readsAResourceAndScopeThatComeAfterTheirMetricsAndATemporalityAfterThePoints() throws Exception {
        String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"dataPoints\":["
                + "{\"timeUnixNano\":\"5\",\"asInt\":\"7\",\"exemplars\":[{\"timeUnixNano\":\"4\",\"asDouble\":2.5,"
                + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
                + "\"filteredAttributes\":[" + attr("user", "stringValue", "\"u1\"") + "]}]}],"
                + "\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_CUMULATIVE\",\"isMonotonic\":true},"
                + "\"name\":\"orders\",\"unit\":\"1\"}],\"scope\":{\"name\":\"late.scope\"}}],\"resource\":" + RESOURCE
                + "}]}";
        FileImportResult r = importOne(ws, write("late.json", json));
        assertEquals(1, r.metricPoints(), r.message());
        assertEquals("orders sum 7.0 cumulative true cart late.scope", text(ws, "select name || ' ' || type || ' ' "
                + "|| value || ' ' || temporality || ' ' || monotonic || ' ' || service_name || ' ' || scope_name "
                + "from metric_points"));
        assertEquals("5b8efff798038103d269b633813fc60c eee19b7ec3c1b174 2.5 u1", text(ws, "select "
                + "(exemplars->0->>'trace_id') || ' ' || (exemplars->0->>'span_id') || ' ' || (exemplars->0->>'value') "
                + "|| ' ' || (exemplars->0->'attributes'->>'user') from metric_points"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"h","histogram":{"dataPoints":[{"timeUnixNano":"1","count":"2","bucketCounts":["1","1","0"],"explicitBounds":[1]}]}} | 3 bucketCounts for 1 explicitBounds
            {"name":"g","gauge":{"dataPoints":[{"asDouble":1}]}}                                      | no timeUnixNano
            {"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":"lots"}]}}             | asDouble must be a number
            {"name":"s","sum":{"dataPoints":[{"timeUnixNano":"1","asInt":1}],"aggregationTemporality":7}} | aggregationTemporality must be
            {"name":"h","histogram":{"dataPoints":[{"timeUnixNano":"1","count":"-3"}]}}              | count -3 is negative
            {"name":"q","summary":{"dataPoints":[{"timeUnixNano":"1","quantileValues":[{"quantile":1.5,"value":1}]}]}} | not between 0 and 1
            {"gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":1}]}}                             | has no "name"
            {"name":"x","gauge":{"dataPoints":[]},"sum":{"dataPoints":[]}}                           | one kind of data
            """)
    void rejectsABadPointOrMetricAndKeepsTheOthers(String badMetric, String reason) throws Exception {
        FileImportResult r = importOne(ws, write("m.json", metrics("[" + gauge("ok.before", "1") + "," + badMetric
                + "," + gauge("ok.after", "2") + "]")));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.metricPoints(), r.message());
        assertEquals(1, r.rejected(), r.message());
        RejectedRow row = rejected().get(0);
        assertTrue(row.reason().contains(reason), row.reason());
        assertTrue(row.location().startsWith("line 1, /resourceMetrics/0/scopeMetrics/0/metrics/1"), row.location());
    }

    @Test
    void keepsFlagEvaluationAndExceptionEventsApartByName() throws Exception {
        String records = "[{\"timeUnixNano\":\"10\",\"eventName\":\"feature_flag.evaluation\",\"attributes\":["
                + attr("feature_flag.key", "stringValue", "\"new-checkout\"") + ","
                + attr("feature_flag.result.variant", "stringValue", "\"treatment\"") + "]},"
                + "{\"timeUnixNano\":\"11\",\"severityNumber\":\"SEVERITY_NUMBER_ERROR2\",\"attributes\":["
                + attr("event.name", "stringValue", "\"exception\"") + ","
                + attr("exception.type", "stringValue", "\"java.io.IOException\"") + "]},"
                + "{\"timeUnixNano\":\"12\",\"body\":{\"intValue\":\"42\"}},"
                + "{\"timeUnixNano\":\"13\",\"severityNumber\":99},"
                + "{\"body\":{\"stringValue\":\"no time\"}}]";
        FileImportResult r = importOne(ws, write("l.json", logs(records)));
        assertEquals(3, r.logs(), r.message());
        assertEquals(2, r.rejected(), r.message());
        assertEquals("treatment", text(ws, "select attributes->>'$.\"feature_flag.result.variant\"' from logs "
                + "where event_name = 'feature_flag.evaluation'"));
        assertEquals("18 java.io.IOException", text(ws, "select severity_number || ' ' || "
                + "(attributes->>'$.\"exception.type\"') from logs where event_name = 'exception'"));
        assertEquals("42", text(ws, "select body from logs where time_ns = 12"));
        List<RejectedRow> rows = rejected();
        assertTrue(rows.get(0).reason().contains("severityNumber"), rows.get(0).reason());
        assertTrue(rows.get(1).reason().contains("neither timeUnixNano nor observedTimeUnixNano"), rows.get(1).reason());
        assertEquals("line 1, /resourceLogs/0/scopeLogs/0/logRecords/4", rows.get(1).location());
    }

    @Test
    void landsEachLineOfAMixedFileInItsTableAndTakesABrokenLineBackWhole() throws Exception {
        String spans = aRequest().withSpan(aSpan()).json();
        String brokenMetrics = metrics("[" + gauge("lost.1", "1") + "," + gauge("lost.2", "2")).replace("]}]}]}", "");
        String content = spans + "\n" + metrics("[" + gauge("kept", "3") + "]") + "\n"
                + logs("[{\"timeUnixNano\":\"1\",\"body\":{\"stringValue\":\"hi\"}}]") + "\n"
                + brokenMetrics + "\n" + logs("[{\"timeUnixNano\":\"2\"}]") + "\n";
        FileImportResult r = importOne(ws, write("mixed.jsonl", content));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(1, r.spans());
        assertEquals(1, r.metricPoints());
        assertEquals(2, r.logs());
        assertEquals(1, r.rejected());
        assertEquals("line 4", rejected().get(0).location());
        assertEquals(0, count(ws, "select count(*) from metric_points where name like 'lost%'"));
        assertTrue(r.message().contains("1 metric point") && r.message().contains("2 log records"), r.message());
    }

    @Test
    void loadsMetricPointsHandedOnInManySmallChunks() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 40; line++) {
            StringBuilder ms = new StringBuilder("[");
            for (int i = 0; i < 50; i++) {
                ms.append(i == 0 ? "" : ",").append(gauge("g" + i, Integer.toString(line * 100 + i)));
            }
            sb.append(metrics(ms.append(']').toString())).append('\n');
        }
        List<FileImportResult> r = new ImportService(4096).importPaths(ws, List.of(write("many.jsonl", sb.toString())),
                ImportListener.NONE, () -> false);
        assertEquals(2000, r.get(0).metricPoints(), r.get(0).message());
        assertEquals(2000, count(ws, "select count(distinct value) from metric_points"));
        assertEquals(0, new SqlConsole(ws).query("select * from rejected", 1).rows().size());
    }
}
