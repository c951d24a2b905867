package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded, seeded fuzzing: truncations and byte flips of real fixtures must end as an import
 * (with rejections), a refusal or a skip — never an unexpected exception — and a file either
 * lands whole with counts that match the tables, or leaves no trace at all.
 */
class ImportFuzzTest {
    private static final long SEED = 20261127L;
    private static final int CASES_PER_FIXTURE = 40;
    private static final String PUNCTUATION = "{}[]\":,0aZ \n";

    @TempDir
    Path dir;

    @Test
    void mutatedFixturesImportWholeOrNotAtAll() throws Exception {
        fuzz(List.of(traces("jaeger_memory_otel_traces_01.json"), traces("otlp2parquet_traces.jsonl"),
                traces("opentelemetry-proto_examples_trace.json"), traces("jaeger-ui_otlp2jaeger-multi-in.json.txt")), 20);
    }

    @Test
    void mutatedMetricsLogsAndProtobufFixturesImportWholeOrNotAtAll() throws Exception {
        fuzz(List.of(IngestTestSupport.fixture("otlp-json-metrics/opentelemetry-proto_examples_metrics.json"),
                IngestTestSupport.fixture("otlp-json-metrics/gcp-otel-ops-go_exponential_histogram.json"),
                IngestTestSupport.fixture("otlp-json-logs/opentelemetry-proto_examples_events.json"),
                IngestTestSupport.fixture("otlp-protobuf/otlp2parquet_traces.pb"),
                IngestTestSupport.fixture("otlp-protobuf/otlp2parquet_logs.pb"),
                IngestTestSupport.fixture("otlp-protobuf/otlp2parquet_metrics_summary.pb")), 20);
    }

    @Test
    void mutatedJaegerAndZipkinFixturesImportWholeOrNotAtAll() throws Exception {
        fuzz(List.of(IngestTestSupport.fixture("jaeger-json/jaeger-ui_otlp2jaeger-out.json"),
                IngestTestSupport.fixture("jaeger-json/jaeger_thrift_fixtures_domain_03.json"),
                IngestTestSupport.fixture("jaeger-json/jaeger-ui_spanAmongEachOtherGroupedAndSpans.json"),
                IngestTestSupport.fixture("zipkin-v2-json/zipkin-lens_messaging-kafka.json"),
                IngestTestSupport.fixture("zipkin-v2-json/otel-collector_zipkin_sample1.json"),
                IngestTestSupport.fixture("zipkin-v2-json/zipkin-lens_skew.json")), 20);
    }

    private void fuzz(List<Path> fixtures, int atLeast) throws Exception {
        Random rnd = new Random(SEED);
        int imported = 0;
        int refused = 0;
        Files.deleteIfExists(dir.resolve("fuzz.prodlab"));
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("fuzz.prodlab"))) {
            ImportService service = new ImportService(4096);
            for (Path fixture : fixtures) {
                byte[] original = Files.readAllBytes(fixture);
                for (int i = 0; i < CASES_PER_FIXTURE; i++) {
                    byte[] mutated = mutate(original, rnd);
                    Path f = dir.resolve("case-" + imported + "-" + refused + "-" + i + ".json");
                    Files.write(f, mutated);
                    long spansBefore = ws.spanCount();
                    int importsBefore = ws.importLog().imports().size();
                    long rejectedBefore = count(ws, "select count(*) from rejected");
                    FileImportResult r = service.importPaths(ws, List.of(f), ImportListener.NONE, () -> false).get(0);
                    assertNotNull(r.message());
                    String what = fixture.getFileName() + " case " + i + ": " + r.message();
                    switch (r.status()) {
                        case IMPORTED -> {
                            imported++;
                            long id = ws.importLog().imports().get(ws.importLog().imports().size() - 1).importId();
                            assertEquals(importsBefore + 1, ws.importLog().imports().size(), what);
                            assertEquals(r.spans(), count(ws, "select count(*) from spans where import_id = " + id), what);
                            assertEquals(r.events(), count(ws, "select count(*) from span_events where import_id = " + id), what);
                            assertEquals(r.links(), count(ws, "select count(*) from span_links where import_id = " + id), what);
                            assertEquals(r.rejected(), count(ws, "select count(*) from rejected where import_id = " + id), what);
                            assertEquals(r.metricPoints(), count(ws, "select count(*) from metric_points where import_id = "
                                    + id), what);
                            assertEquals(r.logs(), count(ws, "select count(*) from logs where import_id = " + id), what);
                            assertEquals(spansBefore + r.spans(), ws.spanCount(), what);
                        }
                        case REFUSED, SKIPPED -> {
                            if (r.status() == FileImportResult.Status.REFUSED) {
                                refused++;
                                assertTrue(r.message().contains(f.toString()), what);
                            }
                            assertEquals(importsBefore, ws.importLog().imports().size(), what);
                            assertEquals(spansBefore, ws.spanCount(), what);
                            assertEquals(rejectedBefore, count(ws, "select count(*) from rejected"), what);
                        }
                        default -> throw new AssertionError("unexpected " + what);
                    }
                }
            }
        }
        assertTrue(imported > atLeast && refused > atLeast, "both outcomes exercised: imported " + imported + ", refused "
                + refused);
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 1 -> {
                for (int k = rnd.nextInt(5) + 1; k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> {
                for (int k = rnd.nextInt(3) + 1; k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) PUNCTUATION.charAt(rnd.nextInt(PUNCTUATION.length()));
                }
            }
            default -> {
                b = Arrays.copyOf(b, rnd.nextInt(b.length));
                if (b.length > 0) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
        }
        return b;
    }
}
