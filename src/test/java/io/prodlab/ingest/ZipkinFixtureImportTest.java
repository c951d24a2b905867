package io.prodlab.ingest;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real Zipkin v2 JSON fixture, with exact counts and values. */
class ZipkinFixtureImportTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private FileImportResult imported(String name) throws Exception {
        FileImportResult r = importOne(ws, fixture("zipkin-v2-json/" + name));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(ZipkinV2JsonReader.FORMAT, r.format());
        assertEquals(ZipkinV2JsonReader.FORMAT, text(ws, "select format from imports"));
        return r;
    }

    /**
     * records: array elements; spans: after merging fragments of one id and side; split: ids shared by a
     * client and a server side, whose server side gets an id of its own.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jaeger_zipkindeser_zipkin_v1_merged_spans.json    |    2 |   2 |  6 |   0 |  1 |  0 | 0
            otel-collector_zipkin_sample1.json                |    9 |   1 |  2 |   0 |  1 |  0 | 0
            zipkin-lens_envoy.json                            |    1 |   1 |  0 |   0 |  1 |  0 | 0
            zipkin-lens_messaging-kafka.json                  |   28 |  28 |  0 |   0 |  2 |  0 | 3
            zipkin-lens_skew.json                             |    4 |   4 |  0 |   1 |  2 |  0 | 0
            zipkin-lens_smartthings-mobile-web-install.json   | 1041 | 953 | 92 | 290 | 16 |  0 | 2
            zipkin-lens_smartthings-oauth-authorization.json  |  175 | 171 |  9 |  41 |  8 |  0 | 2
            zipkin-lens_yelp.json                             |   16 |  16 |  1 |   3 |  6 |  0 | 0
            zipkin-ui_netflix.json                            |    8 |   6 |  5 |   2 |  3 |  0 | 0
            """)
    void importsEveryRealZipkinFileWithExactCounts(String name, long records, long spans, long events, long split,
                                                   long services, long rejected, long errors) throws Exception {
        FileImportResult r = imported(name);
        assertEquals(spans, r.spans(), r.message());
        assertEquals(events, r.events(), r.message());
        assertEquals(0, r.links(), r.message());
        assertEquals(rejected, r.rejected(), r.message());
        assertTrue(r.message().contains("(Zipkin v2 JSON, " + records + " record"), r.message());
        assertEquals(spans, count(ws, "select count(*) from spans"));
        assertEquals(services, count(ws, "select count(distinct service_name) from spans"));
        assertEquals(errors, count(ws, "select count(*) from spans where status = 'error'"));
        // After the split no id is used twice, and each split server side is the child of its client side.
        assertEquals(0, count(ws, "select count(*) from (select trace_id, span_id from spans group by all "
                + "having count(*) > 1)"));
        // (Zipkin shares ids by default, so in these files every server child of a client span is such a side.)
        assertEquals(split, count(ws, "select count(*) from spans s join spans c on c.trace_id = s.trace_id "
                + "and c.span_id = s.parent_span_id where s.kind = 'server' and c.kind = 'client'"));
        assertEquals(0, count(ws, "select count(*) from spans where length(trace_id) <> 32 or length(span_id) <> 16"
                + " or end_ns < start_ns"));
    }

    private Set<String> edges() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        return map.edges().stream().map(e -> e.source() + " -> " + e.target() + " calls=" + e.calls())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aSharedIdIsOneCallAndTheServersChildrenStayInTheServer() throws Exception {
        imported("zipkin-lens_skew.json");
        // servicea's client span 74280ae0c10d8062 keeps its id; serviceb's shared server side is its child,
        // and serviceb's "async" span (parent 74280ae0c10d8062 in the file) hangs under the server side.
        String server = ZipkinV2JsonReader.derivedId("00000000000000001e223ff1f80f1c69", "74280ae0c10d8062");
        assertEquals("server serviceb 74280ae0c10d8062 post", text(ws, "select kind || ' ' || service_name || ' ' "
                + "|| parent_span_id || ' ' || name from spans where span_id = '" + server + "'"));
        assertEquals("client servicea bf396325699c84bf", text(ws, "select kind || ' ' || service_name || ' ' "
                + "|| parent_span_id from spans where span_id = '74280ae0c10d8062'"));
        assertEquals(server, text(ws, "select parent_span_id from spans where name = 'async'"));
        assertEquals(Set.of("servicea -> serviceb calls=1"), edges());
    }

    @Test
    void yelpsSharedIdsGiveOneCallEach() throws Exception {
        imported("zipkin-lens_yelp.json");
        Set<String> e = edges();
        assertTrue(e.contains("yelp-main -> mobile_api calls=1"), e.toString());
        assertTrue(e.contains("mobile_api -> spectre calls=1"), e.toString());
        assertTrue(e.contains("unknown -> yelp_main/api_proxy calls=1"), e.toString());
        // mobile_api's own client calls hang under its server side, not under yelp-main's client span.
        String server = ZipkinV2JsonReader.derivedId("0000000000000000a03ee8fff1dcd9b9", "f5f268651b2a2b34");
        assertEquals(4, count(ws, "select count(*) from spans where service_name = 'mobile_api' and kind = 'client' "
                + "and parent_span_id = '" + server + "'"));
        assertEquals("blt", text(ws, "select attributes->>'$.\"peer.service\"' from spans "
                + "where span_id = '15fc03927f0f68df'"));
    }

    @Test
    void readsRemoteEndpointTagsAnnotationsAndMergesIdenticalCopies() throws Exception {
        imported("otel-collector_zipkin_sample1.json");
        assertEquals("client frontend get 86154a4ba6e91385 4d1e00c0db9010db86154a4ba6e91385", text(ws,
                "select kind || ' ' || service_name || ' ' || name || ' ' || parent_span_id || ' ' || trace_id from spans"));
        assertEquals("backend 192.168.99.101 UBIGINT 9000 /api", text(ws, "select (attributes->>'$.\"peer.service\"') "
                + "|| ' ' || (attributes->>'$.\"server.address\"') || ' ' || json_type(attributes->'$.\"server.port\"') "
                + "|| ' ' || (attributes->>'$.\"server.port\"') || ' ' || (attributes->>'$.\"http.path\"') from spans"));
        assertEquals("1472470996199000000 207000000", text(ws, "select start_ns || ' ' || duration_ns from spans"));
        assertEquals("bar 1472470996403000000, foo 1472470996238000000", text(ws,
                "select string_agg(name || ' ' || time_ns, ', ' order by name) from span_events"));
    }

    @Test
    void aLocalEndpointWithoutServiceNameIsUnknownService() throws Exception {
        imported("zipkin-lens_envoy.json");
        assertEquals("unknown_service server", text(ws, "select service_name || ' ' || kind from spans"));
    }

    @Test
    void errorTagsGiveErrorStatusWithTheirMessage() throws Exception {
        imported("zipkin-lens_messaging-kafka.json");
        assertEquals(3, count(ws, "select count(*) from spans where status = 'error' and attributes->>'$.error' is not null"));
        assertEquals(9, count(ws, "select count(*) from spans where kind = 'producer'"));
        assertEquals(7, count(ws, "select count(*) from spans where kind = 'consumer'"));
    }

    @Test
    void v1CoreAnnotationsTellTheKindWhenTheyTellOneSide() throws Exception {
        imported("jaeger_zipkindeser_zipkin_v1_merged_spans.json");
        assertEquals("server", text(ws, "select kind from spans where parent_span_id = ''"));
        assertEquals("internal", text(ws, "select kind from spans where parent_span_id <> ''"));
    }
}
