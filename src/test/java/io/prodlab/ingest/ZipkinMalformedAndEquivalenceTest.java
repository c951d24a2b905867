package io.prodlab.ingest;

import io.prodlab.graph.DependencyMapService;
import io.prodlab.store.QueryResult;
import io.prodlab.store.RejectedRow;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zipkin v2 input that is broken whole or in one record, and the same calls written as Zipkin and as OTLP. */
class ZipkinMalformedAndEquivalenceTest {
    private static final String GOOD = "{\"traceId\": \"abc\", \"id\": \"01\", \"name\": \"get\", \"kind\": \"SERVER\", "
            + "\"timestamp\": 1700000000000000, \"duration\": 5, \"localEndpoint\": {\"serviceName\": \"svc\"}}";

    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    @RegisterExtension
    final TempWorkspace otlpTemp = new TempWorkspace();

    private static String second(String replace, String with) {
        String s = GOOD.replace("\"id\": \"01\"", "\"id\": \"02\"");
        assertTrue(s.contains(replace), replace);
        return s.replace(replace, with);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `"id": "02"`                      | `"id": "xyz"`                    | id "xyz" is not up to 16 hex digits
            `"traceId": "abc"`                | `"traceId": 12`                  | traceId must be a hex string, found 12
            `"id": "02", `                    | ``                               | the span has no id
            `"kind": "SERVER"`                | `"kind": "SIDEWAYS"`             | kind "SIDEWAYS" is not CLIENT, SERVER, PRODUCER or CONSUMER
            `"timestamp": 1700000000000000`   | `"timestamp": "noon"`            | timestamp must be a number of microseconds, found the string "noon"
            `"timestamp": 1700000000000000, ` | ``                               | the span has no timestamp, and no annotation to take one from
            `"duration": 5`                   | `"duration": -5`                 | duration must be a number of microseconds, found -5
            `"duration": 5`                   | `"duration": 5, "tags": {"a": {}}` | tags/a must be a string, found an object
            `"duration": 5`                   | `"duration": 5, "annotations": [{"value": "x"}]` | annotations/0 has no timestamp
            `"duration": 5`                   | `"duration": 5, "remoteEndpoint": {"port": 70000}` | remoteEndpoint/port must be a port number, found 70000
            """)
    void rejectsTheBadRecordNamingFilePlaceAndReasonAndKeepsTheRest(String replace, String with, String reason)
            throws Exception {
        Workspace ws = temp.workspace();
        Path f = Files.writeString(temp.dir().resolve("z.json"), "[\n" + GOOD + ",\n" + second(replace, with) + "\n]\n");
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(1, r.spans(), r.message());
        assertEquals(1, r.rejected(), r.message());
        List<RejectedRow> rows = ws.importLog().rejected(ws.importLog().imports().get(0).importId());
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).file().endsWith("z.json"), rows.get(0).file());
        assertEquals("line 3, /1", rows.get(0).location());
        assertEquals(reason, rows.get(0).reason());
    }

    @Test
    void refusesTruncatedFileNamingLineAndColumnAndWritesNothing() throws Exception {
        Workspace ws = temp.workspace();
        byte[] all = Files.readAllBytes(fixture("zipkin-v2-json/zipkin-lens_yelp.json"));
        Path f = Files.write(temp.dir().resolve("cut.json"), Arrays.copyOf(all, all.length / 2));
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().startsWith(f + ": line "), r.message());
        assertTrue(r.message().contains("the JSON is broken") && r.message().contains(ZipkinV2JsonReader.EXPECTED),
                r.message());
        assertEquals(0, ws.importLog().imports().size());
        assertEquals(0, ws.spanCount());
        assertEquals(0, count(ws, "select count(*) from rejected"));
    }

    // ------------------------------------------------------------ the same calls as Zipkin and OTLP

    private static final String T = "463ac35c9f6413ad48485a3953bb6124";

    /** frontend → backend (→ postgresql) and frontend → inventory (failing), Zipkin sharing ids. */
    private static final String ZIPKIN = """
            [
            {"traceId": "%1$s", "id": "a000000000000001", "name": "get /", "kind": "SERVER", "timestamp": 1700000000000000, "duration": 900, "localEndpoint": {"serviceName": "frontend"}},
            {"traceId": "%1$s", "parentId": "a000000000000001", "id": "a000000000000002", "name": "get /api", "kind": "CLIENT", "timestamp": 1700000000000100, "duration": 500, "localEndpoint": {"serviceName": "frontend"}, "remoteEndpoint": {"serviceName": "backend"}},
            {"traceId": "%1$s", "parentId": "a000000000000001", "id": "a000000000000002", "name": "get /api", "kind": "SERVER", "shared": true, "timestamp": 1700000000000150, "duration": 400, "localEndpoint": {"serviceName": "backend"}},
            {"traceId": "%1$s", "parentId": "a000000000000002", "id": "a000000000000003", "name": "select", "kind": "CLIENT", "timestamp": 1700000000000200, "duration": 100, "localEndpoint": {"serviceName": "backend"}, "remoteEndpoint": {"serviceName": "postgresql"}},
            {"traceId": "%1$s", "parentId": "a000000000000001", "id": "a000000000000004", "name": "get /stock", "kind": "CLIENT", "timestamp": 1700000000000700, "duration": 150, "localEndpoint": {"serviceName": "frontend"}, "tags": {"error": "503"}},
            {"traceId": "%1$s", "parentId": "a000000000000001", "id": "a000000000000004", "name": "get /stock", "kind": "SERVER", "shared": true, "timestamp": 1700000000000720, "duration": 100, "localEndpoint": {"serviceName": "inventory"}, "tags": {"error": "out of stock"}}
            ]
            """.formatted(T);

    private static String otlpSpan(String service, String id, String parent, String name, int kind, long startUs,
                                   long durUs, String peer, boolean error) {
        return "{\"resourceSpans\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
                + "{\"stringValue\": \"" + service + "\"}}]}, \"scopeSpans\": [{\"spans\": [{\"traceId\": \"" + T
                + "\", \"spanId\": \"" + id + "\", \"parentSpanId\": \"" + parent + "\", \"name\": \"" + name
                + "\", \"kind\": " + kind + ", \"startTimeUnixNano\": \"" + startUs * 1000 + "\", \"endTimeUnixNano\": \""
                + (startUs + durUs) * 1000 + "\""
                + (peer == null ? "" : ", \"attributes\": [{\"key\": \"peer.service\", \"value\": {\"stringValue\": \""
                + peer + "\"}}]")
                + (error ? ", \"status\": {\"code\": 2}" : "") + "}]}]}]}\n";
    }

    /** The same calls as OTLP writes them: each side its own span id. */
    private static String otlp() {
        long t = 1700000000000000L;
        return otlpSpan("frontend", "a000000000000001", "", "get /", 2, t, 900, null, false)
                + otlpSpan("frontend", "a000000000000002", "a000000000000001", "get /api", 3, t + 100, 500, "backend", false)
                + otlpSpan("backend", "b000000000000002", "a000000000000002", "get /api", 2, t + 150, 400, null, false)
                + otlpSpan("backend", "a000000000000003", "b000000000000002", "select", 3, t + 200, 100, "postgresql", false)
                + otlpSpan("frontend", "a000000000000004", "a000000000000001", "get /stock", 3, t + 700, 150, null, true)
                + otlpSpan("inventory", "b000000000000004", "a000000000000004", "get /stock", 2, t + 720, 100, null, true);
    }

    private static Set<String> rows(Workspace ws, String sql) throws Exception {
        QueryResult r = new SqlConsole(ws).query(sql, 1000);
        return r.rows().stream().map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> edges(Workspace ws) throws Exception {
        return new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE).edges().stream()
                .map(e -> e.source() + " -> " + e.target() + " calls=" + e.calls() + " errors=" + e.errors())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void sharedIdsGiveTheSameServicesParentsAndCallsAsOtlp() throws Exception {
        Workspace z = temp.workspace();
        Workspace o = otlpTemp.workspace();
        FileImportResult rz = importOne(z, Files.writeString(temp.dir().resolve("t.zipkin.json"), ZIPKIN));
        FileImportResult ro = importOne(o, Files.writeString(otlpTemp.dir().resolve("t.otlp.jsonl"), otlp()));
        assertEquals("zipkin-v2-json", rz.format(), rz.message());
        assertEquals(6, rz.spans(), rz.message());
        assertEquals(6, ro.spans(), ro.message());
        // Ids differ where OTLP gave the server side its own id; the structure is compared by what each span is.
        String structure = "select s.service_name, s.kind, s.name, s.start_ns, s.end_ns, s.status, "
                + "coalesce(p.service_name || '/' || p.kind || '/' || p.name, 'root') "
                + "from spans s left join spans p on p.trace_id = s.trace_id and p.span_id = s.parent_span_id";
        assertEquals(rows(o, structure), rows(z, structure));
        Set<String> expected = new TreeSet<>(List.of("backend -> postgresql calls=1 errors=0",
                "frontend -> backend calls=1 errors=0", "frontend -> inventory calls=1 errors=1"));
        assertEquals(expected, edges(o), "the OTLP side is the reference");
        assertEquals(expected, edges(z));
        assertEquals("out of stock", text(z, "select status_message from spans where service_name = 'inventory'"));
    }
}
