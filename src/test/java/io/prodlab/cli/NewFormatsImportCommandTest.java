package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prodlab import --json} over the fixture folders of the formats read by the readers of
 * issue 9 (Zipkin v1, Prometheus text and OpenMetrics, Prometheus API, fault windows, exposures):
 * each file's format, status and counts, and the rows the tables hold afterwards.
 */
class NewFormatsImportCommandTest {
    /** Histogram series in the expositions, counted by a script over the files. */
    private static final long HISTOGRAMS = 118;
    /**
     * Points at time 0: all but the 3 API points, 48 of the bench file's, 4 and 2 of the two fuzz
     * files' and 3 of the timestamps file's (whose other two are stamped 0 s).
     */
    private static final long UNTIMED = 1784 - 3 - 48 - 4 - 2 - 3;
    private static final List<String> FOLDERS = List.of("zipkin-v1-json", "prometheus-text", "openmetrics-text",
            "prometheus-api-json", "prometheus-protobuf", "chaostoolkit", "chaos-mesh", "feature-flags");

    @TempDir
    Path dir;

    /**
     * Per file: status, format, then spans (+ duplicates: a span already stored from another file),
     * metric points, annotations, exposures, log records and rejected records.
     */
    private static final String EXPECTED = """
            chaos-mesh_network-delay-example.yaml | refused unknown 0 0 0 0 0 0
            chaos-mesh_network-partition-with-external-targets-example.yaml | refused unknown 0 0 0 0 0 0
            chaos-mesh_pod-kill-example.yaml | refused unknown 0 0 0 0 0 0
            chaos-mesh_workflow_serial.yaml | refused unknown 0 0 0 0 0 0
            chaos-mesh_workflow_status-check.yaml | refused unknown 0 0 0 0 0 0
            chaostoolkit-ansible_journal.journal.json | imported chaostoolkit-journal 0 0 6 0 0 0
            chaostoolkit_check-file-exists-deviated.experiment.json | refused unknown 0 0 0 0 0 0
            community-playground_rollout-v4-service2.experiment.json | refused unknown 0 0 0 0 0 0
            go-feature-flag_collect_eval_data_mix_tracking_evaluation.json | imported exposures-json 0 0 0 1 1 0
            go-feature-flag_collect_eval_data_valid_request_with_timestamp_ms.json | imported exposures-json 0 0 0 1 0 0
            go-feature-flag_fileexporter_all_default.csv | imported go-feature-flag-csv 0 0 0 2 0 0
            go-feature-flag_fileexporter_all_default.json | imported exposures-json 0 0 0 2 0 0
            go-feature-flag_fileexporter_custom_file_name.json | imported exposures-json 0 0 0 2 0 0
            go-feature-flag_webhookexporter_valid_with_signature.json | imported exposures-json 0 0 0 2 0 0
            jaeger_service_datapoint_response.json | imported prometheus-api-json 0 1 0 0 0 0
            jaeger_service_operation_datapoint_response.json | imported prometheus-api-json 0 1 0 0 0 0
            jaeger_service_span_name_datapoint_response.json | imported prometheus-api-json 0 1 0 0 0 0
            jaeger_warning_response.json | imported prometheus-api-json 0 0 0 0 0 0
            openmetrics_parsers_escaping.txt | imported openmetrics-text 0 4 0 0 0 0
            openmetrics_parsers_histogram_exemplars.txt | imported openmetrics-text 0 1 0 0 0 0
            openmetrics_parsers_roundtrip.txt | imported openmetrics-text 0 17 0 0 0 0
            openmetrics_parsers_timestamps.txt | imported openmetrics-text 0 5 0 0 0 1
            otel-collector_zipkin_v1_error_batch.json | imported zipkin-v1-json 1 0 0 0 0 1
            otel-collector_zipkin_v1_multiple_batches.json | imported zipkin-v1-json 5 0 0 0 0 0
            otel-collector_zipkin_v1_single_batch.json | imported zipkin-v1-json 5 0 0 0 0 0
            otel-collector_zipkin_v2_notimestamp.json | imported zipkin-v1-json 1 0 0 0 0 0
            prometheus-common_expfmt_testdata_protobuf.bin | imported prometheus-protobuf 0 74 0 0 0 0
            prometheus-common_expfmt_testdata_text.gz | imported prometheus-text 0 74 0 0 0 0
            prometheus-common_expfmt_testdata_text.txt | imported prometheus-text 0 74 0 0 0 0
            prometheus-common_fuzz_from_test_parse_2.txt | imported prometheus-text 0 4 0 0 0 0
            prometheus-common_fuzz_from_test_parse_3.txt | imported prometheus-text 0 10 0 0 0 0
            prometheus-pr17022_family-switch.prom.txt | imported prometheus-text 0 401 0 0 0 0
            prometheus-pr18606_alltypes.bench.om.txt | imported openmetrics-text 0 53 0 0 0 0
            prometheus_pkg-textparse_testdata.nometa.txt | imported prometheus-text 0 410 0 0 0 0
            prometheus_textparse_1histogram.om.txt | imported openmetrics-text 0 3 0 0 0 0
            prometheus_textparse_alltypes.237mfs.prom.txt | imported prometheus-text 0 641 0 0 0 0
            prometheus_textparse_alltypes.5mfs.om.txt | imported openmetrics-text 0 10 0 0 0 0
            unleash-client-spec_08-variants.json | refused unknown 0 0 0 0 0 0
            unleash-client-spec_18-utf8-flag-names.json | refused unknown 0 0 0 0 0 0
            zipkin_benchmarks_span-local.json | imported zipkin-v1-json 1 0 0 0 0 0
            zipkin_benchmarks_span-rpc-ipv6.json | imported zipkin-v1-json 2 0 0 0 0 0
            zipkin_benchmarks_span-rpc.json | imported zipkin-v1-json 2 0 0 0 0 0
            """;

    @Test
    void everyFixtureOfTheNewFormatsImportsWithItsCountsOrIsRefusedWithItsReason() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        List<String> args = new ArrayList<>(List.of("import", "-w", ws.toString(), "--json"));
        FOLDERS.forEach(f -> args.add(RealFixtures.path(f).toString()));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(ExitCode.BAD_INPUT, r.exit(), "the fault definitions and client-spec tests are refused");
        JsonNode files = new ObjectMapper().readTree(r.out()).get("files");
        Map<String, String> got = new TreeMap<>();
        long duplicates = 0;
        for (JsonNode f : files) {
            String name = Path.of(f.get("path").asText()).getFileName().toString();
            duplicates += f.get("duplicates").asLong();
            got.put(name, f.get("status").asText() + " " + f.get("format").asText() + " "
                    + (f.get("spans").asLong() + f.get("duplicates").asLong()) + " " + f.get("metric_points") + " "
                    + f.get("annotations") + " " + f.get("exposures") + " " + f.get("logs") + " " + f.get("rejected"));
        }
        StringBuilder actual = new StringBuilder();
        got.forEach((k, v) -> actual.append(k).append(" | ").append(v).append('\n'));
        assertEquals(EXPECTED, actual.toString());
        assertTrue(r.err().contains("9 of 42 files refused; the others were imported"), r.err());

        CliRun q = CliRun.of("query", "-w", ws.toString(), "--format", "csv", "select (select count(*) from spans) + "
                + duplicates + " spans, (select count(*) from metric_points) points, (select count(*) from annotations) "
                + "annotations, (select count(*) from exposures) exposures, (select count(*) from logs) logs, "
                + "(select count(*) from rejected) rejected, (select count(*) from metric_points where type = 'histogram') "
                + "histograms, (select count(*) from metric_points where time_ns = 0) untimed");
        assertEquals(0, q.exit(), q.err());
        assertEquals("spans,points,annotations,exposures,logs,rejected,histograms,untimed\n"
                + "17,1784,6,10,1,2," + HISTOGRAMS + "," + UNTIMED + "\n", q.out().replace("\r\n", "\n"));
    }
}
