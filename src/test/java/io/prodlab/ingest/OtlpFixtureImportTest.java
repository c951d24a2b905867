package io.prodlab.ingest;

import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real OTLP/JSON trace fixture, with exact counts and values. */
class OtlpFixtureImportTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        dir = temp.dir();
        ws = temp.workspace();
    }


    @Test
    void importsProtoExampleWithUppercaseHexIdsLowerCased() throws Exception {
        FileImportResult r = importOne(ws, traces("opentelemetry-proto_examples_trace.json"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(1, r.spans());
        assertEquals(0, r.rejected());
        assertEquals("5b8efff798038103d269b633813fc60c|eee19b7ec3c1b174|eee19b7ec3c1b173|my.service||server",
                text(ws, "select trace_id || '|' || span_id || '|' || parent_span_id || '|' || service_name || '|' "
                        + "|| service_version || '|' || kind from spans"));
        assertEquals("my.library 1.0.0 I'm a server span 1000000000",
                text(ws, "select scope_name || ' ' || scope_version || ' ' || name || ' ' || duration_ns from spans"));
        assertEquals("{\"my.span.attr\":\"some value\"}", text(ws, "select attributes from spans"));
        assertEquals("{\"service.name\":\"my.service\"}", text(ws, "select resource from spans"));
    }

    @Test
    void importsEventsLinksTraceStateAndTypedAttributes() throws Exception {
        FileImportResult r = importOne(ws, traces("jaeger_memory_otel_traces_01.json"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(4, r.spans());
        assertEquals(8, r.events());
        assertEquals(8, r.links());
        assertEquals(0, r.rejected());
        assertEquals(1, count(ws, "select count(distinct service_name) from spans where service_name = 'service-x'"));
        // intValue given as the string "23456" lands as a JSON integer; bytes stay base64; doubles stay doubles.
        assertEquals("UBIGINT 23456", text(ws, "select distinct json_type(attributes->'$.\"peer.ipv4\"') || ' ' "
                + "|| (attributes->>'$.\"peer.ipv4\"') from spans"));
        assertEquals("VARCHAR AAAwOQ==", text(ws, "select distinct json_type(attributes->'$.blob') || ' ' "
                + "|| (attributes->>'$.blob') from spans"));
        assertEquals("DOUBLE 72.5", text(ws, "select distinct json_type(attributes->'$.temperature') || ' ' "
                + "|| (attributes->>'$.temperature') from spans"));
        assertEquals(4, count(ws, "select count(*) from spans where status = 'error'"));
        assertEquals("client", text(ws, "select kind from spans where span_id = '0000000000000003'"));
        assertEquals("state.2", text(ws, "select trace_state from spans where span_id = '0000000000000002'"));
        // Every span links to span ff of another trace, as a child_of reference.
        assertEquals(4, count(ws, "select count(*) from span_links where linked_trace_id = "
                + "'00000000000000ff0000000000000000' and linked_span_id = '00000000000000ff' "
                + "and attributes->>'$.\"opentracing.ref_type\"' = 'child_of'"));
        assertEquals(4, count(ws, "select count(*) from span_events where name = '' and attributes->>'$.x' = 'y'"));
        assertEquals("testing-library-2 1.1.1", text(ws,
                "select distinct scope_name || ' ' || scope_version from spans where span_id = '0000000000000002'"));
    }

    @Test
    void importsJsonLinesFileWhoseNameSaysTxtByContent() throws Exception {
        FileImportResult r = importOne(ws, traces("jaeger-ui_otlp2jaeger-multi-in.json.txt"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertTrue(r.message().contains("lines"), r.message());
        assertEquals(4, r.spans());
        assertEquals(1, count(ws, "select count(*) from spans where parent_span_id = '' and name = 'main'"));
        assertEquals(1, count(ws, "select count(distinct trace_id) from spans"));
        assertEquals("widgets 1.2.3", text(ws, "select scope_name || ' ' || scope_version from spans where name = 'main'"));
        assertEquals("\"nodejs\"", text(ws, "select distinct resource->'$.\"telemetry.sdk.language\"' from spans"));
    }

    @Test
    void decodesBase64IdsAndEnumKindNames() throws Exception {
        FileImportResult r = importOne(ws, traces("otlp2parquet_traces.jsonl"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(19, r.spans());
        assertEquals(6, r.events());
        assertEquals(0, r.links());
        assertEquals(0, r.rejected());
        assertEquals(8, count(ws, "select count(distinct service_name) from spans"));
        assertEquals(8, new io.prodlab.store.ServiceStatsQuery(ws).services().size());
        assertEquals("69842a979911036cf3e822086ecaa007", text(ws,
                "select trace_id from spans where span_id = '5a69fc178ba8f837'"));
        assertEquals(6, count(ws, "select count(*) from spans where kind = 'client'"));
        assertEquals(3, count(ws, "select count(*) from spans where kind = 'server'"));
        assertEquals(10, count(ws, "select count(*) from spans where kind = 'internal'"));
        assertEquals("2.1.3", text(ws, "select distinct service_version from spans"));
        assertEquals(9, count(ws, "select count(*) from spans where json_type(attributes->'$.\"rpc.grpc.status_code\"') "
                + "in ('UBIGINT', 'BIGINT')"));
    }

    @Test
    void rejectsJaegerApiV3SpanWithoutTimestampsAndSaysWhere() throws Exception {
        FileImportResult r = importOne(ws, traces("jaeger_apiv3_GetTrace.json"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(0, r.spans());
        assertEquals(1, r.rejected());
        List<RejectedRow> rejected = ws.importLog().rejected(ws.importLog().imports().get(0).importId());
        assertEquals(1, rejected.size());
        RejectedRow row = rejected.get(0);
        assertEquals("line 10, /result/resourceSpans/0/scopeSpans/0/spans/0", row.location());
        assertTrue(row.reason().contains("startTimeUnixNano"), row.reason());
        assertTrue(row.excerpt().contains("foobar"), row.excerpt());
        assertTrue(row.file().endsWith("jaeger_apiv3_GetTrace.json"), row.file());
    }

    @Test
    void importsCollectorFileExporterOutputWithEventIntAttribute() throws Exception {
        FileImportResult r = importOne(ws, traces("otel-rust_integration_expected_traces.json"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.spans());
        assertEquals(2, r.events());
        assertEquals("d58cf2d702a061e0", text(ws, "select span_id from spans where parent_span_id = ''"));
        assertEquals("UBIGINT 100", text(ws, "select json_type(attributes->'$.bogons') || ' ' || (attributes->>'$.bogons') "
                + "from span_events where name = 'Nice operation!'"));
        assertEquals("unset", text(ws, "select distinct status from spans"));
        assertEquals("basic-otlp-tracing-example", text(ws, "select distinct service_name from spans"));
    }

    @Test
    void recordsCountsAndSha256InImportsTable() throws Exception {
        Path f = traces("otlp2parquet_traces.jsonl");
        importOne(ws, f);
        var info = ws.importLog().imports().get(0);
        assertEquals("imported", info.status());
        assertEquals(19, info.spans());
        assertEquals(java.nio.file.Files.size(f), info.bytes());
        assertEquals(TraceInput.sha256(f), info.sha256());
        assertEquals(64, info.sha256().length());
    }
}
