package io.prodlab.ingest;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real Zipkin v1 fixture, malformed v1 input, and seeded mutations of the real files. */
class ZipkinV1ReaderTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private FileImportResult imported(Path f) throws Exception {
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(ZipkinV1JsonReader.FORMAT, r.format(), r.message());
        return r;
    }

    /**
     * records: v1 spans in the file; spans: sides written; split: ids a client and a server side shared
     * (the server side gets an id of its own). otel-collector_zipkin_v2_notimestamp.json, despite its
     * name, is Zipkin v1 (annotations with endpoints, binaryAnnotations) whose span has no timestamp.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            otel-collector_zipkin_v1_error_batch.json       | 2 | 1 | 1 | 0 | 1 | 1
            otel-collector_zipkin_v1_multiple_batches.json  | 5 | 5 | 0 | 2 | 4 | 0
            otel-collector_zipkin_v1_single_batch.json      | 5 | 5 | 0 | 2 | 4 | 0
            otel-collector_zipkin_v2_notimestamp.json       | 1 | 1 | 0 | 0 | 1 | 0
            zipkin_benchmarks_span-local.json               | 1 | 1 | 0 | 0 | 1 | 0
            zipkin_benchmarks_span-rpc-ipv6.json            | 1 | 2 | 2 | 1 | 2 | 0
            zipkin_benchmarks_span-rpc.json                 | 1 | 2 | 2 | 1 | 2 | 0
            """)
    void importsEveryRealZipkinV1FileWithExactCounts(String name, long records, long spans, long events, long split,
                                                     long services, long rejected) throws Exception {
        FileImportResult r = imported(fixture("zipkin-v1-json/" + name));
        assertEquals(spans, r.spans(), r.message());
        assertEquals(events, r.events(), r.message());
        assertEquals(rejected, r.rejected(), r.message());
        assertTrue(r.message().contains("(Zipkin v1 JSON, " + records + " record"), r.message());
        assertEquals(split > 0, r.message().contains(split + " shared client/server id"), r.message());
        assertEquals(services, count(ws, "select count(distinct service_name) from spans"));
        assertEquals(0, count(ws, "select count(*) from (select trace_id, span_id from spans group by all "
                + "having count(*) > 1)"));
        assertEquals(split, count(ws, "select count(*) from spans s join spans c on c.trace_id = s.trace_id "
                + "and c.span_id = s.parent_span_id where s.kind = 'server' and c.kind = 'client'"));
        assertEquals(0, count(ws, "select count(*) from spans where end_ns < start_ns or start_ns < 1000000000000000000"));
    }

    private Set<String> edges() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        return map.edges().stream().map(e -> e.source() + " -> " + e.target() + " calls=" + e.calls())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void clientAndServerHalvesSharingAnIdAreBothKeptAndCountedAsOneCall() throws Exception {
        imported(fixture("zipkin-v1-json/otel-collector_zipkin_v1_single_batch.json"));
        String server = ZipkinV2JsonReader.derivedId("00000000000000000ed2e63cbe71f5a8", "0ed2e63cbe71f5a8");
        assertEquals("client front-proxy 1544805927446743000 12956000", text(ws, "select kind || ' ' || service_name "
                + "|| ' ' || start_ns || ' ' || duration_ns from spans where span_id = '0ed2e63cbe71f5a8'"));
        // The server half has no timestamp of its own: sr and ss give its window.
        assertEquals("server service1 0ed2e63cbe71f5a8 1544805927448081000", text(ws, "select kind || ' ' "
                + "|| service_name || ' ' || parent_span_id || ' ' || start_ns from spans where span_id = '" + server + "'"));
        // service1's client call hangs under service1's server side, not under front-proxy's client span.
        assertEquals(server, text(ws, "select parent_span_id from spans where span_id = 'f9ebb6e64880612a'"));
        assertEquals("200", text(ws, "select attributes->>'$.\"http.status_code\"' from spans "
                + "where service_name = 'service2'"));
        // fe351a053fbcac1f logged nothing with an endpoint: its service is unknown, and it runs under service1.
        assertEquals(Set.of("front-proxy -> service1 calls=1", "service1 -> service2 calls=1",
                "service1 -> unknown_service calls=1"), edges());
    }

    @Test
    void oneRecordWithBothSidesBecomesTwoSpansWithTheirEndpointsAndAddresses() throws Exception {
        imported(fixture("zipkin-v1-json/zipkin_benchmarks_span-rpc.json"));
        assertEquals("client zipkin-web 1461750491274000 51000 zipkin-query 172.18.0.4 9411", text(ws,
                "select kind || ' ' || service_name || ' ' || start_ns // 1000 || ' ' || duration_ns // 1000 || ' ' "
                        + "|| (attributes->>'$.\"peer.service\"') || ' ' || (attributes->>'$.\"server.address\"') || ' ' "
                        + "|| (attributes->>'$.\"server.port\"') from spans where kind = 'client'"));
        assertEquals("zipkin-query /api/v1/traces 6.34.0", text(ws, "select service_name || ' ' "
                + "|| (attributes->>'$.\"http.path\"') || ' ' || (attributes->>'$.\"srv/finagle.version\"') "
                + "from spans where kind = 'server'"));
        // ws/wr (wire send/receive) are not core annotations: they stay as events of the side that logged them.
        assertEquals("ws client, wr client", text(ws, "select string_agg(e.name || ' ' || s.kind, ', ' order by e.time_ns) "
                + "from span_events e join spans s using (trace_id, span_id)"));
        assertEquals(Set.of("zipkin-web -> zipkin-query calls=1"), edges());
    }

    @Test
    void aLocalSpanTakesItsServiceFromTheLcAnnotation() throws Exception {
        imported(fixture("zipkin-v1-json/zipkin_benchmarks_span-local.json"));
        assertEquals("internal zipkin-server JDBCSpanStore 15495000", text(ws, "select kind || ' ' || service_name "
                + "|| ' ' || (attributes->>'$.lc') || ' ' || duration_ns from spans"));
    }

    @Test
    void aBadIdRejectsItsRecordNamingPlaceAndReason() throws Exception {
        FileImportResult r = imported(fixture("zipkin-v1-json/otel-collector_zipkin_v1_error_batch.json"));
        assertEquals("line 36, /1 | parentId \"BADID\" is not up to 16 hex digits", text(ws,
                "select location || ' | ' || reason from rejected"));
        assertEquals("custom time event", text(ws, "select name from span_events"));
        assertTrue(r.message().contains("1 record rejected"), r.message());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            "annotations":[{"timestamp":1,"value":"cs"}]             | "annotations":"cs"                                          | annotations must be an array, found the string "cs"
            "annotations":[{"timestamp":1,"value":"cs"}]             | "annotations":[{"value":"cs"}]                              | annotations/0 has no timestamp
            "annotations":[{"timestamp":1,"value":"cs"}]             | "annotations":[{"timestamp":"x","value":"cs"}]              | annotations/0/timestamp must be a number of microseconds, found the string "x"
            "annotations":[{"timestamp":1,"value":"cs"}]             | "annotations":[{"timestamp":1,"value":"cs","endpoint":[]}]  | annotations/0/endpoint must be an object, found an array
            "binaryAnnotations":[]                                    | "binaryAnnotations":[{"key":"k","value":{"a":1}}]           | binaryAnnotations/0/value must be a string, number or boolean, found an object
            "binaryAnnotations":[]                                    | "binaryAnnotations":[{"value":"v"}]                         | binaryAnnotations/0 has no key
            "id":"00000000000000a2"                                   | "id":7                                                      | id must be a hex string, found 7
            """)
    void rejectsABadRecordAndKeepsTheOthers(String replace, String with, String reason) throws Exception {
        String good = "{\"traceId\":\"00000000000000a1\",\"id\":\"00000000000000a1\",\"name\":\"ok\","
                + "\"annotations\":[{\"timestamp\":1,\"value\":\"cs\"}],\"binaryAnnotations\":[]}";
        String bad = good.replace("00000000000000a1\",\"name", "00000000000000a2\",\"name").replace(replace, with);
        Path f = dir.resolve("v1.json");
        Files.writeString(f, "[\n" + good + ",\n" + bad + "\n]\n");
        FileImportResult r = imported(f);
        assertEquals(1, r.spans(), r.message());
        assertEquals(1, r.rejected(), r.message());
        assertEquals("line 3, /1 | " + reason, text(ws, "select location || ' | ' || reason from rejected"));
    }

    @Test
    void refusesATruncatedFileNamingLineAndColumnAndWritesNothing() throws Exception {
        String s = Files.readString(fixture("zipkin-v1-json/otel-collector_zipkin_v1_single_batch.json"));
        Path f = dir.resolve("cut.json");
        Files.writeString(f, s.substring(0, s.length() / 2));
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().startsWith(f + ": line "), r.message());
        assertTrue(r.message().contains("the JSON is broken") && r.message().contains(ZipkinV1JsonReader.EXPECTED),
                r.message());
        assertEquals(0, ws.importLog().imports().size());
        assertEquals(0, ws.spanCount());
    }

    @Test
    void aNonSpanBetweenSpansIsRejectedAndAScalarAtTheTopRefused() throws Exception {
        Path f = dir.resolve("mixed.json");
        Files.writeString(f, "[{\"traceId\":\"a1\",\"id\":\"a1\",\"annotations\":[{\"timestamp\":5,\"value\":\"sr\"}]},\n42]");
        FileImportResult r = imported(f);
        assertEquals(1, r.spans(), r.message());
        assertEquals("line 2, /1 | expected a Zipkin v1 span object, found the number 42", text(ws,
                "select location || ' | ' || reason from rejected"));
    }

    @Test
    void mutatedRealFilesNeverCrashOrHang() throws Exception {
        assertTrue(ReadIntoChunks.fuzz(ReadIntoChunks.filesOf("zipkin-v1-json"), 20261201L, 60, "{}[]\":,0aZ \n", dir,
                Duration.ofSeconds(60)) > 0, "some mutations must still read");
    }
}
