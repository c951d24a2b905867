package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records of the other signals go through the chunk into their tables, in the file's transaction. */
class ImportWriterRecordsTest {
    @TempDir
    Path dir;

    private static MetricPoint histogram() {
        return new MetricPoint("http.server.duration", "histogram", "ms", "Duration of\nrequests", 1_000, 2_000,
                12.5, 4L, 0.5, 9.0, "cumulative", null, new double[] {1, 5, 10}, new long[] {1, 2, 1, 0}, null, null,
                "{\"http.route\":\"/cart\"}", "{\"service.name\":\"cart\"}", "io.otel",
                "[{\"time_ns\":1500,\"value\":3.0,\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}]");
    }

    private static MetricPoint gauge(double value) {
        return new MetricPoint("queue.depth", "gauge", "", "", 0, 3_000, value, null, null, null, "", null,
                null, null, null, null, "{}", "{}", "", "");
    }

    private static SpanChunk chunkWithEverything() {
        SpanChunk c = new SpanChunk();
        c.defineContext(1, "cart", "1.0", "{\"service.name\":\"cart\"}", "lib", "2");
        c.addSpan("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7", "", 1, "GET /cart", SpanKind.SERVER, 100,
                250, SpanStatus.OK, "", "{}", "");
        c.add(histogram());
        c.add(gauge(Double.NaN));
        c.add(new MetricPoint("q", "summary", "s", "", 0, 4_000, 7.5, 3L, null, null, "", null, null, null,
                new double[] {0.5, 0.99}, new double[] {2.0, Double.POSITIVE_INFINITY}, "{}", "{}", "", ""));
        c.add(new MetricPoint("requests", "sum", "1", "", 10, 20, 42, null, null, null, "delta", true, null, null,
                null, null, "{}", "{}", "", ""));
        c.add(new LogRecord(5_000, 5_001, 17, "ERROR", "boom \u001f with\u0001 odd bytes", "{\"a\":1}",
                "{\"service.name\":\"cart\"}", "log.lib", "0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7",
                "exception"));
        c.add(new LogRecord(0, 6_000, 0, "", "", "{}", "{}", "", "", "", ""));
        c.add(new Annotation("fault", "latency in cart", 1_000, 9_000L, "cart", "{\"delay_ms\":250}"));
        c.add(new Annotation("deploy", "v2", 2_000, null, "", "{}"));
        c.add(new Exposure("user-7", "new-checkout", "treatment", 1_500, "split", "3",
                "0af7651916cd43dd8448eb211c80319c", "{}"));
        return c;
    }

    @Test
    void countsEveryRecordInTheChunksSize() {
        SpanChunk c = new SpanChunk();
        int before = c.bytes();
        c.add(gauge(1));
        assertTrue(c.bytes() > before, "a metric point counts");
        int afterGauge = c.bytes();
        c.add(new LogRecord(1, 1, 9, "INFO", "hello", "{}", "{}", "", "", "", ""));
        c.add(new Annotation("fault", "x", 1, 2L, "", "{}"));
        c.add(new Exposure("u", "f", "v", 1, "", "", "", "{}"));
        assertTrue(c.bytes() > afterGauge, "logs, annotations and exposures count");
        c.mark();
        c.add(gauge(2));
        c.add(new Exposure("u2", "f", "v", 1, "", "", "", "{}"));
        c.rollbackToMark();
        assertEquals(1, c.metricPointRows());
        assertEquals(1, c.exposureRows());
        c.clear();
        assertTrue(c.isEmpty());
        assertEquals(0, c.bytes());
    }

    @Test
    void writesLogsMetricPointsAnnotationsAndExposuresWithTheFilesCounts() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/x/all.json", "abc", "test", 10)) {
                w.write(chunkWithEverything());
                assertEquals(4, w.metricPoints());
                w.commit("ok");
            }
            SqlConsole q = new SqlConsole(ws);
            ImportInfo info = ws.importLog().imports().get(0);
            assertEquals(new ImportCounts(1, 0, 0, 2, 4, 2, 1, 0, 0), info.counts());

            assertEquals(List.of(List.of("histogram", "ms", "Duration of\nrequests", 1_000L, 2_000L, 12.5, 4L, 0.5,
                            9.0, "cumulative", "[1.0, 5.0, 10.0]", "[1, 2, 1, 0]", "/cart", "cart", "io.otel",
                            "0af7651916cd43dd8448eb211c80319c")),
                    q.query("select type, unit, description, start_time_ns, time_ns, value, count, min, max, temporality, "
                            + "bucket_bounds::varchar, bucket_counts::varchar, attributes->>'http.route', service_name, "
                            + "scope_name, exemplars->0->>'trace_id' from metric_points where name = 'http.server.duration'",
                            5).rows());
            assertEquals(List.of(List.of(true, "[]", true, true)), q.query("select isnan(value), exemplars::varchar, "
                    + "count is null, bucket_bounds is null from metric_points where name = 'queue.depth'", 5).rows());
            assertEquals(List.of(List.of("[0.5, 0.99]", "[2.0, inf]")), q.query("select quantiles::varchar, "
                    + "quantile_values::varchar from metric_points where type = 'summary'", 5).rows());
            assertEquals(List.of(List.of(true, "delta", 10L)), q.query("select monotonic, temporality, start_time_ns "
                    + "from metric_points where type = 'sum'", 5).rows());

            assertEquals(List.of(List.of(5_000L, 17, "ERROR", "boom \u001f with\u0001 odd bytes", 1L, "cart",
                            "log.lib", "00f067aa0ba902b7", "exception", 1L)),
                    q.query("select time_ns, severity_number, severity_text, body, (attributes->>'a')::bigint, "
                            + "service_name, scope_name, span_id, event_name, import_id from logs where time_ns > 0", 5)
                            .rows());
            assertEquals(List.of(List.of("", "", "")), q.query("select body, service_name, trace_id from logs "
                    + "where time_ns = 0", 5).rows());

            assertEquals(List.of(List.of("deploy", "v2", 2_000L, true), List.of("fault", "latency in cart", 1_000L, false)),
                    q.query("select kind, name, start_ns, end_ns is null from annotations order by kind", 5).rows());
            assertEquals(List.of(List.of("user-7", "new-checkout", "treatment", 1_500L, "split", "3")),
                    q.query("select unit_id, flag_key, variant, time_ns, reason, flag_version from exposures", 5).rows());
        }
    }

    @Test
    void rollsBackTheOtherSignalsWithTheFile() throws Exception {
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/x/all.json", "abc", "test", 10)) {
                w.write(chunkWithEverything());
                // Closed without a commit: a refused or cancelled file.
            }
            SqlConsole q = new SqlConsole(ws);
            for (String table : new String[] {"spans", "logs", "metric_points", "annotations", "exposures", "imports"}) {
                assertEquals(0L, ((Number) q.query("select count(*) from " + table, 1).rows().get(0).get(0))
                        .longValue(), table);
            }
        }
    }
}
