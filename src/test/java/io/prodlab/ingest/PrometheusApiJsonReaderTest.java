package io.prodlab.ingest;

import io.prodlab.model.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Prometheus HTTP API responses, every result type, malformed responses, and seeded mutations. */
class PrometheusApiJsonReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jaeger_service_datapoint_response.json            | 1 | 1 | {"service_name":"emailservice"}
            jaeger_service_operation_datapoint_response.json  | 1 | 1 | {"operation":"/OrderResult","service_name":"emailservice"}
            jaeger_service_span_name_datapoint_response.json  | 1 | 1 | {"service_name":"emailservice","span_name":"/OrderResult"}
            jaeger_warning_response.json                      | 0 | 0 | ''
            """)
    void readsEveryRealResponse(String name, long series, long points, String attributes) throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("prometheus-api-json/" + name));
        assertEquals(PrometheusApiJsonReader.FORMAT, r.format());
        assertTrue(r.summary().startsWith("Prometheus API matrix result, " + series + " series as " + points
                + " metric point"), r.summary());
        assertEquals(points, r.points().size());
        assertEquals(0, r.rejected().size());
        if (points > 0) {
            MetricPoint p = r.points().get(0);
            assertEquals(PrometheusApiJsonReader.UNNAMED, p.name(), "the series has no __name__");
            assertEquals("gauge", p.type());
            assertEquals(1_620_351_786_000_000_000L, p.timeNs());
            assertEquals(9_223_372_036_854.0, p.value());
            assertEquals(attributes, p.attributesJson());
        }
    }

    @Test
    void warningsFromPrometheusAreNamedInTheSummary() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("prometheus-api-json/jaeger_warning_response.json"));
        assertTrue(r.summary().endsWith("; 2 warnings from Prometheus: warning0; warning1"), r.summary());
    }

    @Test
    void readsVectorMatrixAndScalarResultsWithFractionalSecondsAndSpecialValues() throws Exception {
        ReadIntoChunks.Result v = ReadIntoChunks.read(dir, "v.json", """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"api"},"value":[1435781451.781,"1"]},
                  {"metric":{"__name__":"up","job":"db"},"value":[1435781451.781,"NaN"]}]}}""");
        assertEquals(List.of("up {\"job\":\"api\"} 1435781451781000000 1.0", "up {\"job\":\"db\"} 1435781451781000000 NaN"),
                v.points().stream().map(p -> p.name() + " " + p.attributesJson() + " " + p.timeNs() + " " + p.value()).toList());
        ReadIntoChunks.Result m = ReadIntoChunks.read(dir, "m.json", """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"__name__":"rate"},"values":[[1,"1.5"],[2,"+Inf"],[3,"-Inf"]]}]}}""");
        assertEquals(3, m.points().size());
        assertEquals(Double.POSITIVE_INFINITY, m.points().get(1).value());
        ReadIntoChunks.Result s = ReadIntoChunks.read(dir, "s.json", """
                {"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}}""");
        assertEquals("scalar 1700000000000000000 42.0", s.points().get(0).name() + " " + s.points().get(0).timeNs() + " "
                + s.points().get(0).value());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"metric":{"a":1},"value":[1,"2"]}        | /data/result/0   | metric/a must be a string, found 1
            {"metric":{},"value":[1,2]}               | /data/result/0   | /data/result/0/value: the value must be a string ("1.5", "NaN", "+Inf"), found 2
            {"metric":{},"value":["x","2"]}           | /data/result/0   | /data/result/0/value must be [time in seconds, "value"], found an array
            {"metric":{},"value":[1,"two"]}           | /data/result/0   | the value "two" is not a number (digits, NaN, +Inf or -Inf)
            {"metric":{},"histogram":[1,{}]}          | /data/result/0   | native histograms are not read (only float samples)
            7                                         | /data/result/0   | expected a series object, found 7
            """)
    void aBadSeriesIsRejectedWithWhereAndWhyAndTheOthersKept(String bad, String where, String reason) throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "r.json", "{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"vector\",\"result\":[" + bad + ",{\"metric\":{},\"value\":[1,\"3\"]}]}}");
        assertEquals(1, r.points().size());
        assertEquals(where, r.rejected().get(0).location());
        assertEquals(reason, r.rejected().get(0).reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"status":"error","errorType":"bad_data","error":"parse error at char 4"}                  | the file is a Prometheus API error response (bad_data: parse error at char 4), not query results
            {"status":"success","data":{"resultType":"string","result":[1,"hello"]}}                 | /data/resultType: the response is a string result ([1,"hello"]), not a metric
            {"status":"success","data":{"resultType":"streams","result":[]}}                         | /data/resultType: expected a Prometheus HTTP API query response
            {"status":"success","data":{"resultType":"vector","result":{}}}                          | /data/result: expected a Prometheus HTTP API query response ({"status": "success", "data": {"resultType": "vector" or "matrix" or "scalar", "result": ...}}); a vector result must be an array, found an object
            {"status":"success","data":{"resultType":"vector","result":[]                            | the JSON is broken
            """)
    void aResponseThatIsNotQueryResultsIsRefusedSayingWhy(String content, String message) throws Exception {
        Path f = Files.writeString(dir.resolve("e.json"), content);
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was imported."), e.getMessage());
    }

    @Test
    void mutatedRealResponsesNeverCrashOrHang() throws Exception {
        assertTrue(ReadIntoChunks.fuzz(ReadIntoChunks.filesOf("prometheus-api-json"), 20261203L, 80, "{}[]\":,0aZ \n",
                dir, Duration.ofSeconds(60)) > 0);
    }
}
