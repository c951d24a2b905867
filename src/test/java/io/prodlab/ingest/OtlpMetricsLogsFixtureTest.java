package io.prodlab.ingest;

import io.prodlab.store.QueryResult;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every real OTLP/JSON metrics and logs fixture, and the collector's mixed-signal JSON lines, with exact counts. */
class OtlpMetricsLogsFixtureTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private List<List<Object>> rows(String sql) throws Exception {
        QueryResult r = new SqlConsole(ws).query(sql, 100);
        return r.rows();
    }

    /** The rows as text, so expected values need not match the JDBC types. */
    private String table(String sql) throws Exception {
        return rows(sql).toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            otlp-json-metrics/gcp-otel-ops-go_exponential_histogram.json          | 2   | 0 | 0
            otlp-json-metrics/gcp-otel-ops-go_ops_agent_host_metrics.json         | 106 | 0 | 0
            otlp-json-metrics/gcp-otel-ops-go_prometheus_empty_buckets.json       | 6   | 0 | 0
            otlp-json-metrics/gcp-otel-ops-go_workload_metrics.json               | 200 | 0 | 0
            otlp-json-metrics/opentelemetry-proto_examples_metrics.json           | 4   | 0 | 0
            otlp-json-metrics/otel-rust_integration_expected_metrics.json         | 3   | 0 | 0
            otlp-json-metrics/otel-rust_integration_expected_test_histogram_meter.json | 1 | 0 | 0
            otlp-json-metrics/otlp2parquet_metrics_summary.json                   | 2   | 0 | 0
            otlp-json-logs/opentelemetry-proto_examples_events.json               | 0   | 1 | 0
            otlp-json-logs/opentelemetry-proto_examples_logs.json                 | 0   | 1 | 0
            otlp-json-logs/otel-rust_integration_expected_logs.json               | 0   | 1 | 0
            otlp-json-logs/otlp2parquet_log.json                                  | 0   | 1 | 0
            otlp-json-traces/otel-tui_test_data.json                              | 4551 | 23 | 547
            """)
    void importsEveryFixtureWithItsCounts(String relative, long points, long logs, long spans) throws Exception {
        FileImportResult r = importOne(ws, fixture(relative));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals("otlp-json", r.format());
        assertEquals(points, r.metricPoints(), r.message());
        assertEquals(logs, r.logs(), r.message());
        assertEquals(spans, r.spans(), r.message());
        assertEquals(0, r.rejected(), r.message());
        assertEquals(points, count(ws, "select count(*) from metric_points"));
        assertEquals(logs, count(ws, "select count(*) from logs"));
        var info = ws.importLog().imports().get(0).counts();
        assertEquals(points, info.metricPoints());
        assertEquals(logs, info.logs());
    }

    @Test
    void readsEveryKindOfPointOfTheProtoExample() throws Exception {
        importOne(ws, fixture("otlp-json-metrics/opentelemetry-proto_examples_metrics.json"));
        assertEquals("[[my.counter, sum, 1, 5.0, delta, true, my.service, my.library], "
                        + "[my.exponential.histogram, exp_histogram, 1, 10.0, delta, , my.service, my.library], "
                        + "[my.gauge, gauge, 1, 10.0, , , my.service, my.library], "
                        + "[my.histogram, histogram, 1, 2.0, delta, , my.service, my.library]]",
                table("select name, type, unit, value, temporality, coalesce(monotonic::varchar, ''), service_name, "
                        + "scope_name from metric_points order by name"));
        assertEquals(List.of(List.of(2L, 0.0, 2.0, "[1.0]", "[1, 1]", "some value")), rows("select count, min, max, "
                + "bucket_bounds::varchar, bucket_counts::varchar, attributes->>'$.\"my.histogram.attr\"' "
                + "from metric_points where type = 'histogram'"));
        // Scale 0: base 2; the zero bucket, then positive buckets 1 and 2 (lower bounds 2 and 4).
        assertEquals(List.of(List.of(3L, "[0.0, 2.0, 4.0]", "[1, 0, 2]")), rows("select count, bucket_bounds::varchar, "
                + "bucket_counts::varchar from metric_points where type = 'exp_histogram'"));
        assertEquals("1544712660300000000", text(ws, "select time_ns from metric_points where type = 'gauge'"));
        assertEquals("I am a Counter", text(ws, "select description from metric_points where type = 'sum'"));
    }

    @Test
    void readsNegativeScaleAndNegativeBucketsOfExponentialHistograms() throws Exception {
        importOne(ws, fixture("otlp-json-metrics/gcp-otel-ops-go_exponential_histogram.json"));
        // Scale -1: base 4; positive offset -1 (0.25, 1, 4), then the one negative bucket (index 0: -4).
        assertEquals(List.of(List.of(7L, 12.5, "[0.0, 0.25, 1.0, 4.0, -4.0]")), rows("select count, value, "
                + "bucket_bounds::varchar from metric_points where name = 'foohist'"));
        assertEquals("[[114, 10000]]", table("select len(bucket_counts), list_sum(bucket_counts) "
                + "from metric_points where name = 'durationhist'"));
    }

    @Test
    void readsSummariesWithAndWithoutQuantiles() throws Exception {
        importOne(ws, fixture("otlp-json-metrics/otlp2parquet_metrics_summary.json"));
        // The first quantile has no "quantile" key: proto3 left the 0 out.
        assertEquals(0.0, ((Number) rows("select quantiles[1] from metric_points order by time_ns limit 1").get(0)
                .get(0)).doubleValue());
        assertEquals(2, count(ws, "select count(*) from metric_points where type = 'summary' and count > 0 "
                + "and len(quantiles) = len(quantile_values) and len(quantiles) > 0"));
        importOne(ws, fixture("otlp-json-metrics/gcp-otel-ops-go_workload_metrics.json"));
        assertEquals(3, count(ws, "select count(*) from metric_points where type = 'summary' and len(quantiles) = 0"));
    }

    @Test
    void readsIntegerSumsAsNumbersWithCumulativeTemporality() throws Exception {
        importOne(ws, fixture("otlp-json-metrics/otel-rust_integration_expected_metrics.json"));
        assertEquals(3, count(ws, "select count(*) from metric_points where temporality = 'cumulative'"));
        assertEquals(1, count(ws, "select count(*) from metric_points where type = 'sum' and value < 0 "
                + "and not monotonic"));
    }

    @Test
    void readsLogRecordsWithEventNamesBodiesAndIds() throws Exception {
        importOne(ws, fixture("otlp-json-logs/opentelemetry-proto_examples_events.json"));
        importOne(ws, fixture("otlp-json-logs/otlp2parquet_log.json"));
        importOne(ws, fixture("otlp-json-logs/otel-rust_integration_expected_logs.json"));
        assertEquals("[[browser.page_view, 9, my.service, my.library, {\"type\":0,\"url\":"
                + "\"https://www.guidgenerator.com/online-guid-generator.aspx\",\"referrer\":\"https://wwww.google.com\","
                + "\"title\":\"Free Online GUID Generator\"}]]", table("select event_name, "
                + "severity_number, service_name, scope_name, body from logs where event_name = 'browser.page_view'"));
        // The envoy access log: base64 ids as hex, the severity given by its enum name.
        // Its event name is the older "event.name" attribute.
        assertEquals("[[9, INFO, frontend-proxy, 32, 16, proxy.access]]", table("select severity_number, "
                + "severity_text, service_name, length(trace_id), length(span_id), event_name from logs "
                + "where service_name = 'frontend-proxy'"));
        assertEquals("[[hello from banana. My price is 2.99., 0, 1715753202587469939, , ]]",
                table("select body, time_ns, observed_time_ns, trace_id, span_id from logs "
                        + "where service_name = 'logs-integration-test'"));
    }

    @Test
    void landsEachLineOfTheCollectorsMixedFileInItsTable() throws Exception {
        FileImportResult r = importOne(ws, fixture("otlp-json-traces/otel-tui_test_data.json"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(547, ws.spanCount());
        assertEquals(4551, count(ws, "select count(*) from metric_points"));
        assertEquals(23, count(ws, "select count(*) from logs"));
        assertEquals(0, count(ws, "select count(*) from rejected"));
        // Log records tied to spans of the same file.
        assertEquals(count(ws, "select count(*) from logs where trace_id <> ''"), count(ws, "select count(*) from logs l "
                + "where trace_id <> '' and exists (select 1 from spans s where s.trace_id = l.trace_id)"));
    }
}
