package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every real Jaeger JSON fixture, with exact counts and values. */
class JaegerFixtureImportTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    static Path jaeger(String name) {
        return fixture("jaeger-json/" + name);
    }

    private FileImportResult imported(String name) throws Exception {
        FileImportResult r = importOne(ws, jaeger(name));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(JaegerJsonReader.FORMAT, r.format());
        assertEquals(JaegerJsonReader.FORMAT, text(ws, "select format from imports"));
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jaeger-ui-pr2564_oltp2jaeger-multi-out.crlf.json  |  4 | 0 | 0 | 0 | 0 | 1 | 3
            jaeger-ui_2992f2a5b5d037a8aabffd08ef384237.json   |  2 | 0 | 0 | 1 | 0 | 1 | 0
            jaeger-ui_TraceFlamegraph_testTrace.json          |  4 | 0 | 0 | 0 | 0 | 2 | 3
            jaeger-ui_genaiTestTrace.json                     | 57 | 0 | 0 | 0 | 0 | 10 | 56
            jaeger-ui_otlp2jaeger-out.json                    |  1 | 1 | 0 | 0 | 0 | 1 | 1
            jaeger-ui_spanAmongEachOtherGroupedAndSpans.json  | 17 | 0 | 0 | 0 | 0 | 2 | 16
            jaeger_anonymizer_trace_success.json              |  2 | 0 | 0 | 0 | 0 | 2 | 2
            jaeger_thrift_fixtures_domain_03.json             |  2 | 0 | 4 | 1 | 0 | 1 | 0
            jaeger_uimodel_ui_01.json                         |  4 | 1 | 2 | 2 | 0 | 2 | 3
            """)
    void importsEveryRealJaegerFileWithExactCounts(String name, long spans, long duplicates, long events, long links,
                                                   long rejected, long services, long withParent) throws Exception {
        FileImportResult r = imported(name);
        assertEquals(spans, r.spans(), r.message());
        // Two fixtures repeat a span id (same trace, kind and service): the first is kept.
        assertEquals(duplicates, r.duplicates(), r.message());
        assertEquals(events, r.events(), r.message());
        assertEquals(links, r.links(), r.message());
        assertEquals(rejected, r.rejected(), r.message());
        assertEquals(spans, count(ws, "select count(*) from spans"));
        assertEquals(events, count(ws, "select count(*) from span_events"));
        assertEquals(links, count(ws, "select count(*) from span_links"));
        assertEquals(services, count(ws, "select count(distinct service_name) from spans"));
        assertEquals(withParent, count(ws, "select count(*) from spans where parent_span_id <> ''"));
        assertEquals(0, count(ws, "select count(*) from spans where length(trace_id) <> 32 or length(span_id) <> 16"
                + " or trace_id <> lower(trace_id) or end_ns < start_ns"));
    }

    @Test
    void readsTypedTagsReferencesAndLogsOfTheUiModelFixture() throws Exception {
        // The fixture repeats span id 2 (the second one carries the typed tags): give the first another id,
        // so that both land and the tags can be checked.
        String json = java.nio.file.Files.readString(jaeger("jaeger_uimodel_ui_01.json"));
        int first = json.indexOf("\"0000000000000002\"");
        json = json.substring(0, first) + "\"00000000000000f2\"" + json.substring(first + 18);
        FileImportResult r = importOne(ws, java.nio.file.Files.writeString(temp.dir().resolve("ui_01.json"), json));
        assertEquals(5, r.spans(), r.message());
        // Tags keep their type: int64 (also when written as a string), float64, bool; binary stays base64.
        assertEquals("UBIGINT 9223372036854775222", text(ws, "select json_type(attributes->'$.javascript_limit') || ' ' "
                + "|| (attributes->>'$.javascript_limit') from spans where attributes->>'$.javascript_limit' is not null"));
        assertEquals("UBIGINT 23456", text(ws, "select json_type(attributes->'$.\"peer.ipv4\"') || ' ' "
                + "|| (attributes->>'$.\"peer.ipv4\"') from spans where attributes->>'$.blob' is not null"));
        assertEquals("DOUBLE 72.5", text(ws, "select json_type(attributes->'$.temperature') || ' ' "
                + "|| (attributes->>'$.temperature') from spans where attributes->>'$.blob' is not null"));
        assertEquals("BOOLEAN AAAwOQ==", text(ws, "select json_type(attributes->'$.error') || ' ' "
                + "|| (attributes->>'$.blob') from spans where attributes->>'$.blob' is not null"));
        // error=true is an error status.
        assertEquals("error some-operation service-x", text(ws,
                "select status || ' ' || name || ' ' || service_name from spans where status = 'error'"));
        // 64-bit trace ids are left-padded to 32 hex digits.
        assertEquals(5, count(ws, "select count(*) from spans where trace_id = '00000000000000000000000000000001'"));
        // The second CHILD_OF (same trace) is the parent; the one into trace ff and FOLLOWS_FROM become links.
        assertEquals("0000000000000002", text(ws, "select parent_span_id from spans where span_id = '0000000000000004'"));
        assertEquals("child_of 000000000000000000000000000000ff 00000000000000ff", text(ws,
                "select (attributes->>'$.\"opentracing.ref_type\"') || ' ' || linked_trace_id || ' ' || linked_span_id"
                        + " from span_links where linked_trace_id <> trace_id"));
        assertEquals("follows_from 0000000000000002", text(ws,
                "select (attributes->>'$.\"opentracing.ref_type\"') || ' ' || linked_span_id"
                        + " from span_links where linked_trace_id = trace_id"));
        // Logs: microseconds to nanoseconds, the event field names the event.
        assertEquals("some-event 1485467191639875000", text(ws,
                "select name || ' ' || time_ns from span_events where name = 'some-event'"));
        assertEquals(1, count(ws, "select count(*) from span_events where name = ''"));
        assertEquals("service-y", text(ws, "select resource->>'$.\"service.name\"' from spans where span_id = "
                + "'0000000000000005'"));
    }

    @Test
    void readsTheApiV2ProtobufJsonFormWithBase64IdsAndRfc3339Times() throws Exception {
        imported("jaeger_thrift_fixtures_domain_03.json");
        assertEquals("000000000000000052969a8955571a3f", text(ws, "select distinct trace_id from spans"));
        // 2017-01-26T16:46:31.639875-05:00 is 21:46:31.639875 UTC; "22938000ns" is 22.938 ms.
        assertEquals("1485467191639875000 22938000", text(ws,
                "select distinct start_ns || ' ' || duration_ns from spans"));
        assertEquals("server api api246-sjc1", text(ws, "select distinct kind || ' ' || service_name || ' ' || "
                + "(resource->>'$.hostname') from spans"));
        assertEquals("UBIGINT 53931 BOOLEAN", text(ws, "select distinct json_type(attributes->'$.\"peer.port\"') || ' ' "
                + "|| (attributes->>'$.\"peer.port\"') || ' ' || json_type(attributes->'$.someBool') from spans"));
        assertEquals("c29tZS1iaW5hcnktZGF0YQ==", text(ws,
                "select attributes->>'$.\"some.binary.data\"' from spans where attributes->>'$.\"some.binary.data\"' "
                        + "is not null"));
        // The second span names itself as parent: no parent, the reference kept as a link.
        assertEquals(0, count(ws, "select count(*) from spans where parent_span_id = span_id"));
        assertEquals(2, count(ws, "select count(*) from span_events where name = 'nothing'"));
    }

    @Test
    void readsKindScopeAndProcessTagsOfTheQueryApiResponse() throws Exception {
        imported("jaeger-ui-pr2564_oltp2jaeger-multi-out.crlf.json");
        assertEquals("example-trace nodejs", text(ws, "select distinct service_name || ' ' || "
                + "(resource->>'$.\"telemetry.sdk.language\"') from spans"));
        assertEquals("widgets 1.2.3", text(ws, "select distinct scope_name || ' ' || scope_version from spans "
                + "where name = 'main'"));
        assertEquals(0, count(ws, "select count(*) from spans where attributes->>'$.\"otel.library.name\"' is not null"
                + " or attributes->>'$.\"span.kind\"' is not null"));
        assertEquals("49b8e9efa1e8a3b1", text(ws, "select distinct parent_span_id from spans where name = 'ohboy.do'"));
    }

    @Test
    void readsAnArrayOfSpansWithTheirProcessInlineAndErrorTagWrittenAsString() throws Exception {
        imported("jaeger_anonymizer_trace_success.json");
        assertEquals("client error 3c220036602f839e 7606ddfe69932d34", text(ws, "select kind || ' ' || status || ' ' "
                + "|| service_name || ' ' || parent_span_id from spans where span_id = '7bd66f09ba90ea3d'"));
        assertEquals("00000000000000002be38093ead7a083", text(ws, "select distinct trace_id from spans"));
    }

    @Test
    void readsTraceWithThirtyOneDigitIdAndGenAiTrace() throws Exception {
        imported("jaeger-ui_spanAmongEachOtherGroupedAndSpans.json");
        assertEquals("0df84e36b9e2ee3815d07f0867a5be1f", text(ws, "select distinct trace_id from spans"));
        assertEquals("server api-gateway", text(ws, "select kind || ' ' || service_name from spans "
                + "where span_id = '9afcdf2e24e8d70a'"));
    }

    @Test
    void readsGenAiTraceWithOneErrorAndIntTags() throws Exception {
        imported("jaeger-ui_genaiTestTrace.json");
        assertEquals("0000000000000011", text(ws, "select span_id from spans where status = 'error'"));
        assertEquals(30, count(ws, "select count(*) from spans where kind = 'server'"));
        assertEquals(19, count(ws, "select count(*) from spans where kind = 'client'"));
        assertEquals("UBIGINT 200", text(ws, "select json_type(attributes->'$.\"http.response.status_code\"') || ' ' ||"
                + " (attributes->>'$.\"http.response.status_code\"') from spans where span_id = '0000000000000001'"));
        // duration 44000000 µs = 44 s.
        assertEquals("api-edge 44000000000", text(ws, "select service_name || ' ' || duration_ns from spans "
                + "where span_id = '0000000000000001'"));
    }

    @Test
    void readsUiDownloadWithFollowsFromAndUiStateWithInlineProcesses() throws Exception {
        imported("jaeger-ui_2992f2a5b5d037a8aabffd08ef384237.json");
        assertEquals("1bdf4201221bb2ac ea7cfaca83f0724b follows_from", text(ws, "select span_id || ' ' || linked_span_id"
                + " || ' ' || (attributes->>'$.\"opentracing.ref_type\"') from span_links"));
        assertEquals("issue115", text(ws, "select distinct service_name from spans"));
    }
}
