package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportProbeTest {
    @TempDir
    Path dir;

    @Test
    void recognisesTheRealExportsAndTheSampleData() {
        assertTrue(ExportProbe.looksLikeExport(RealFixtures.path("otlp-json-traces/otlp2parquet_traces.jsonl")));
        assertTrue(ExportProbe.looksLikeExport(Path.of("sample-data/traces.otlp.jsonl.gz")), "gzip is read through");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "jaeger-ui-pr2564_oltp2jaeger-multi-out.crlf.json", "jaeger-ui_2992f2a5b5d037a8aabffd08ef384237.json",
            "jaeger-ui_TraceFlamegraph_testTrace.json", "jaeger-ui_genaiTestTrace.json", "jaeger-ui_otlp2jaeger-out.json",
            "jaeger-ui_spanAmongEachOtherGroupedAndSpans.json", "jaeger_anonymizer_trace_success.json",
            "jaeger_thrift_fixtures_domain_03.json", "jaeger_uimodel_ui_01.json"})
    void recognisesEveryRealJaegerFile(String name) {
        assertTrue(ExportProbe.looksLikeExport(RealFixtures.path("jaeger-json/" + name)), name);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "jaeger_zipkindeser_zipkin_v1_merged_spans.json", "otel-collector_zipkin_sample1.json", "zipkin-lens_envoy.json",
            "zipkin-lens_messaging-kafka.json", "zipkin-lens_skew.json", "zipkin-lens_smartthings-mobile-web-install.json",
            "zipkin-lens_smartthings-oauth-authorization.json", "zipkin-lens_yelp.json", "zipkin-ui_netflix.json"})
    void recognisesEveryRealZipkinV2File(String name) {
        assertTrue(ExportProbe.looksLikeExport(RealFixtures.path("zipkin-v2-json/" + name)), name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"data": [{"traceID": "1", "spans": [], "processes": {}}]}                | true
            [{"traceID": "1", "spanID": "2", "operationName": "x"}]                    | true
            {"status": "success", "data": {"resultType": "matrix", "result": []}}      | true
            {"status": "success", "data": {"result": []}}                               | false
            [{"traceId": "1", "id": "2", "name": "x", "localEndpoint": {}}]            | true
            [{"traceId": "1", "id": "2", "annotations": [{"endpoint": {}}]}]           | true
            """)
    void recognisesJaegerShapesButNotOtherDataWrappers(String content, boolean export) throws Exception {
        Path f = Files.writeString(dir.resolve("f.json"), content);
        assertTrue(ExportProbe.looksLikeExport(f) == export, content);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"resourceSpans": [{"resource": {}, "scopeSpans": []}]}                 | true
            {"schema": {"a": [1, 2]}, "resourceSpans": []}                             | true
            {"result": {"resourceSpans": []}}                                          | true
            {"data": {"resourceSpans": []}}                                            | false
            {"resourceMetrics": []}                                                    | true
            {"resourceLogs": []}                                                       | true
            [{"resourceSpans": []}]                                                    | false
            hello                                                                      | false
            """)
    void looksForResourceSpansAtTheTopOrInJaegersWrapper(String content, boolean export) throws Exception {
        Path f = Files.writeString(dir.resolve("f.json"), content);
        assertTrue(ExportProbe.looksLikeExport(f) == export, content);
    }

    @Test
    void gzippedExportsAreRecognised() throws Exception {
        Path f = dir.resolve("x.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("{\"resourceSpans\": []}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(ExportProbe.looksLikeExport(f));
    }

    @Test
    void aWorkspaceAnEmptyFileAndAFolderAreNotExports() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        Workspace.openOrCreate(ws).close();
        assertFalse(ExportProbe.looksLikeExport(ws));
        assertFalse(ExportProbe.looksLikeExport(Files.createFile(dir.resolve("empty.json"))));
        assertFalse(ExportProbe.looksLikeExport(dir));
        assertFalse(ExportProbe.looksLikeExport(dir.resolve("missing.json")));
    }

    @Test
    void aBigObjectBeforeResourceSpansIsNotReadToTheEnd() throws Exception {
        String filler = "\"x\": \"" + "a".repeat(2 * TraceInput.PEEK) + "\", ";
        Path f = Files.writeString(dir.resolve("big.json"), "{" + filler + "\"resourceSpans\": []}");
        assertFalse(ExportProbe.looksLikeExport(f), "only the first " + TraceInput.PEEK + " bytes are looked at");
    }
}
