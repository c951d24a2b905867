package io.prodlab.ingest;

import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real OTLP protobuf fixture, with exact counts and the same rows as its OTLP/JSON twin; streams and bad bytes. */
class OtlpProtobufFixtureTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    @TempDir
    Path other;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private static Path pb(String name) {
        return fixture("otlp-protobuf/" + name);
    }

    private static final String SPAN_ROWS = "select trace_id, span_id, parent_span_id, service_name, service_version, "
            + "name, kind, start_ns, end_ns, status, status_message, attributes::varchar, resource::varchar, scope_name, "
            + "scope_version, trace_state from spans order by all";

    @Test
    void importsTheTraceRequestWithTheSameRowsAsItsJsonTwin() throws Exception {
        FileImportResult r = importOne(ws, pb("otlp2parquet_traces.pb"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals("otlp-protobuf", r.format());
        assertEquals(19, r.spans());
        assertEquals(6, r.events());
        assertEquals(0, r.rejected());
        assertEquals(8, count(ws, "select count(distinct service_name) from spans"));
        assertEquals("69842a979911036cf3e822086ecaa007", text(ws, "select trace_id from spans where span_id = "
                + "'5a69fc178ba8f837'"));
        try (Workspace json = Workspace.openOrCreate(other.resolve("json.prodlab"))) {
            importOne(json, fixture("otlp-json-traces/otlp2parquet_traces.jsonl"));
            assertEquals(new SqlConsole(json).query(SPAN_ROWS, 100).rows(), new SqlConsole(ws).query(SPAN_ROWS, 100).rows());
            String events = "select trace_id, span_id, time_ns, name, attributes::varchar from span_events order by all";
            assertEquals(new SqlConsole(json).query(events, 100).rows(), new SqlConsole(ws).query(events, 100).rows());
        }
    }

    @Test
    void importsTheSummaryMetricsRequestLikeItsJsonTwin() throws Exception {
        FileImportResult r = importOne(ws, pb("otlp2parquet_metrics_summary.pb"));
        assertEquals(2, r.metricPoints(), r.message());
        String rows = "select name, type, unit, time_ns, value, count, quantiles::varchar, quantile_values::varchar, "
                + "attributes::varchar, service_name from metric_points order by all";
        try (Workspace json = Workspace.openOrCreate(other.resolve("json.prodlab"))) {
            importOne(json, fixture("otlp-json-metrics/otlp2parquet_metrics_summary.json"));
            assertEquals(new SqlConsole(json).query(rows, 10).rows(), new SqlConsole(ws).query(rows, 10).rows());
        }
    }

    @Test
    void importsTheLogsRequest() throws Exception {
        FileImportResult r = importOne(ws, pb("otlp2parquet_logs.pb"));
        assertEquals(81, r.logs(), r.message());
        assertEquals(0, r.rejected());
        assertEquals(6, count(ws, "select count(distinct service_name) from logs"));
        assertEquals(81, count(ws, "select count(*) from logs where time_ns > 0 or observed_time_ns > 0"));
    }

    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    private static byte[] fixed32(long n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private Path stream(String name, boolean varint) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : new String[] {"otlp2parquet_traces.pb", "otlp2parquet_logs.pb", "otlp2parquet_metrics_summary.pb"}) {
            byte[] b = Files.readAllBytes(pb(f));
            out.write(varint ? varint(b.length) : fixed32(b.length));
            out.write(b);
        }
        return Files.write(temp.dir().resolve(name), out.toByteArray());
    }

    @Test
    void importsAVarintDelimitedStreamMixingSignals() throws Exception {
        FileImportResult r = importOne(ws, stream("mixed.pbs", true));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(19, r.spans());
        assertEquals(81, r.logs());
        assertEquals(2, r.metricPoints());
        assertTrue(r.message().contains("3 length-prefixed requests"), r.message());
    }

    @Test
    void importsTheFileExportersFourByteLengthPrefixedStreamGzipped() throws Exception {
        Path gz = temp.dir().resolve("export.pb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(stream("fixed.pbs", false), out);
        }
        FileImportResult r = importOne(ws, gz);
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(19, r.spans());
        assertEquals(81, r.logs());
        assertEquals(2, r.metricPoints());
    }

    @Test
    void refusesATruncatedRequestWholeAndWritesNothing() throws Exception {
        byte[] b = Files.readAllBytes(pb("otlp2parquet_traces.pb"));
        Path cut = Files.write(temp.dir().resolve("cut.pb"), Arrays.copyOf(b, b.length - 100));
        FileImportResult r = importOne(ws, cut);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().contains("cut.pb") && r.message().contains("protobuf data is broken"), r.message());
        assertEquals(0, ws.spanCount());
        assertEquals(0, ws.importLog().imports().size());
    }

    @Test
    void doesNotTakePrometheusProtobufForOtlp() throws Exception {
        FileImportResult r = importOne(ws, fixture("prometheus-protobuf/prometheus-common_expfmt_testdata_protobuf.bin"));
        assertNotEquals("otlp-protobuf", r.format(), r.message());
        assertEquals(0, count(ws, "select count(*) from spans"));
    }
}
