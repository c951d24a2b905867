package io.prodlab.ingest;

import io.prodlab.model.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real Prometheus text and OpenMetrics fixture, malformed expositions, and seeded mutations. */
class PrometheusTextReaderTest {
    @TempDir
    Path dir;

    /**
     * points: one per series and group of its family's lines (a histogram's or summary's samples of
     * one label set are one point; a series written twice is two points; a family written again after
     * another's lines starts new points: parse_3 and family-switch interleave families); counted
     * independently by src/test/resources/ingest/count_prometheus_points.py.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            prometheus-text/prometheus-common_expfmt_testdata_text.gz              | prometheus-text  |  37 |  248 |  74 | 0
            prometheus-text/prometheus-common_expfmt_testdata_text.txt             | prometheus-text  |  37 |  248 |  74 | 0
            prometheus-text/prometheus-common_fuzz_from_test_parse_2.txt           | prometheus-text  |   2 |    4 |   4 | 0
            prometheus-text/prometheus-common_fuzz_from_test_parse_3.txt           | prometheus-text  |   2 |   12 |  10 | 0
            prometheus-text/prometheus-pr17022_family-switch.prom.txt              | prometheus-text  |   5 |  428 | 401 | 0
            prometheus-text/prometheus_pkg-textparse_testdata.nometa.txt           | prometheus-text  |   0 |  410 | 410 | 0
            prometheus-text/prometheus_textparse_alltypes.237mfs.prom.txt          | prometheus-text  | 237 | 1857 | 641 | 0
            openmetrics-text/openmetrics_parsers_escaping.txt                      | openmetrics-text |   1 |    4 |   4 | 0
            openmetrics-text/openmetrics_parsers_histogram_exemplars.txt           | openmetrics-text |   1 |    3 |   1 | 0
            openmetrics-text/openmetrics_parsers_roundtrip.txt                     | openmetrics-text |   9 |   40 |  17 | 0
            openmetrics-text/openmetrics_parsers_timestamps.txt                    | openmetrics-text |   2 |    5 |   5 | 1
            openmetrics-text/prometheus-pr18606_alltypes.bench.om.txt              | openmetrics-text |  30 |  123 |  53 | 0
            openmetrics-text/prometheus_textparse_1histogram.om.txt                | openmetrics-text |   1 |   42 |   3 | 0
            openmetrics-text/prometheus_textparse_alltypes.5mfs.om.txt             | openmetrics-text |   5 |   53 |  10 | 0
            """)
    void readsEveryRealExpositionWithExactCounts(String relative, String format, long families, long samples,
                                                 long points, long rejected) throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture(relative));
        assertEquals(format, r.format(), r.summary());
        assertEquals(points, r.points().size(), r.summary());
        assertEquals(rejected, r.rejected().size(), r.rejected().toString());
        assertTrue(r.summary().contains(families + (families == 1 ? " family, " : " families, ") + samples
                + " sample"), r.summary());
        // Only the timestamps file stamps its samples (two of them at 0 s); 8 of the bench file's points are stamped.
        long untimed = relative.contains("timestamps") ? 0 : relative.contains("bench") ? points - 48
                : relative.contains("parse_3") ? 6 : relative.contains("parse_2") ? 2 : points;
        assertEquals(untimed > 0, r.summary().contains(untimed + " of them without a timestamp, stored at time 0"),
                r.summary());
        assertTrue(r.spans().isEmpty());
    }

    private static MetricPoint point(ReadIntoChunks.Result r, String name, String attributes) {
        return r.points().stream().filter(p -> p.name().equals(name) && p.attributesJson().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError(name + attributes + " not among " + r.points()));
    }

    @Test
    void aSummarysQuantilesSumAndCountAreOnePoint() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("prometheus-text/prometheus-common_expfmt_testdata_text.txt"));
        MetricPoint p = point(r, "http_request_duration_microseconds", "{\"handler\":\"prometheus\"}");
        assertEquals("summary", p.type());
        assertArrayEquals(new double[] {0.5, 0.9, 0.99}, p.quantiles());
        assertArrayEquals(new double[] {1307.275, 1858.632, 3087.384}, p.quantileValues());
        assertEquals(179886.5000000001, p.value());
        assertEquals(119L, p.count());
        assertEquals("The HTTP request latencies in microseconds.", p.description());
        assertEquals(0, p.timeNs());
        MetricPoint counter = r.points().stream().filter(x -> x.name().equals("http_requests_total")).findFirst().orElseThrow();
        assertEquals("sum", counter.type());
        assertEquals(Boolean.TRUE, counter.monotonic());
        assertEquals("cumulative", counter.temporality());
    }

    @Test
    void aHistogramsCumulativeBucketsBecomePerBucketCountsWithTheOverflowLast() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("openmetrics-text/prometheus_textparse_alltypes.5mfs.om.txt"));
        MetricPoint h = point(r, "rpc_durations_histogram_seconds", "{}");
        assertEquals("histogram", h.type());
        assertEquals(20, h.bucketBounds().length);
        assertEquals(-0.00099, h.bucketBounds()[0]);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 3, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0}, h.bucketCounts());
        assertEquals(15L, h.count());
        assertEquals(-8.452185437166741e-05, h.value());
        assertEquals(1726839813016302000L, h.startTimeNs(), "from _created, in seconds");
        assertTrue(h.exemplarsJson().startsWith("[{\"time_ns\":1726839814223908200,\"value\":-3.825067330956884E-4,"
                + "\"trace_id\":\"\",\"span_id\":\"\",\"attributes\":{\"dummyID\":\"17783\"}}"), h.exemplarsJson());
        assertEquals(6, h.exemplarsJson().split("time_ns").length - 1);
        MetricPoint c = point(r, "promhttp_metric_handler_errors_total", "{\"cause\":\"encoding\"}");
        assertEquals(1726839813016397000L, c.startTimeNs());
        assertEquals(0.0, c.value());
    }

    @Test
    void openMetricsEscapesAndUnitsAreRead() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("openmetrics-text/openmetrics_parsers_escaping.txt"));
        assertEquals("he\n\\l\\tp", r.points().get(0).description());
        List<String> labels = r.points().stream().map(MetricPoint::attributesJson).toList();
        assertEquals(List.of("{\"foo\":\"b\\\"a\\nr\"}", "{\"foo\":\"b\\\\a\\\\z\"}", "{\"foo\":\"b\\\"a\\nr # \"}",
                "{\"foo\":\"b\\\\a\\\\z # \"}"), labels);
        ReadIntoChunks.Result units = ReadIntoChunks.read(fixture("openmetrics-text/prometheus-pr18606_alltypes.bench.om.txt"));
        assertTrue(units.points().stream().anyMatch(p -> p.name().equals("http_requests_total")
                && p.unit().equals("requests")), units.points().toString());
    }

    @Test
    void timestampsAreMillisecondsInPrometheusTextAndSecondsInOpenMetrics() throws Exception {
        ReadIntoChunks.Result om = ReadIntoChunks.read(fixture("openmetrics-text/openmetrics_parsers_timestamps.txt"));
        assertEquals(List.of(0L, 0L, 1_100_000_000L, 1_500_000_000_000L, 1_234_567_890_000_000_000L),
                om.points().stream().map(MetricPoint::timeNs).toList());
        assertEquals("line 6", om.rejected().get(0).location());
        assertEquals("the timestamp \"12345678901234567890.1234567890\" is past the year 2262", om.rejected().get(0).reason());
        ReadIntoChunks.Result prom = ReadIntoChunks.read(fixture("prometheus-text/prometheus-common_fuzz_from_test_parse_2.txt"));
        assertEquals(1_234_567_890_000_000L, point(prom, "name", "{\"basename\":\"base\\\"v\\\\al\\nue\",\"labelname\":\"val2\"}").timeNs());
        assertEquals(Double.NEGATIVE_INFINITY, point(prom, "name2", "{\"labelname\":\"val1\"}").value());
    }

    @Test
    void aFamilyWrittenAgainAfterAnothersLinesStartsNewPointsInARealFile() throws Exception {
        // parse_3 writes my_summary's samples in four groups, between decoy, fake_sum and another_summary.
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("prometheus-text/prometheus-common_fuzz_from_test_parse_3.txt"));
        List<MetricPoint> val1 = r.points().stream().filter(p -> p.name().equals("my_summary")
                && p.attributesJson().equals("{\"n1\":\"val1\"}")).toList();
        assertEquals(2, val1.size(), val1.toString());
        assertArrayEquals(new double[] {0.5}, val1.get(0).quantiles(), "the group before decoy");
        assertNull(val1.get(0).count());
        assertEquals(0, val1.get(0).timeNs());
        assertArrayEquals(new double[] {0.9}, val1.get(1).quantiles(), "the group after decoy");
        assertEquals(42L, val1.get(1).count());
        assertEquals(4711.0, val1.get(1).value());
        assertEquals(2_000_000L, val1.get(1).timeNs(), "the latest of the group's timestamps (1 and 2 ms)");
        List<MetricPoint> both = r.points().stream().filter(p -> p.name().equals("my_summary")
                && p.attributesJson().equals("{\"n1\":\"val1\",\"n2\":\"val2\"}")).toList();
        assertEquals(2, both.size(), "_count before another_summary's line, the quantile after it: " + both);
        assertEquals(5L, both.get(0).count());
        assertEquals(5_000_000L, both.get(0).timeNs());
        assertArrayEquals(new double[] {-12.34}, both.get(1).quantiles());
        assertTrue(Double.isNaN(both.get(1).quantileValues()[0]));
        assertEquals("gauge", point(r, "decoy", "{}").type());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            m{a="1" 3                 | line 2 | column 9: expected "," or "}" after the value of the label a, found "3"
            m{a=1} 3                  | line 2 | column 5: expected a quoted value for the label a, found "1} 3"
            m{a="1"} three            | line 2 | column 10: the sample value "three" is not a number (digits, NaN, +Inf or -Inf)
            m{a="1"} 3 12.5           | line 2 | the timestamp "12.5" must be whole milliseconds since 1970
            m{a="1"} 3 4 5            | line 2 | column 14: expected the end of the line, found "5"
            m{a="1",a="2"} 3          | line 2 | column 14: the label a appears twice
            m{a="1"                   | line 2 | column 8: expected "," or "}" after the value of the label a, found the end of the line
            m{a="1                    | line 2 | column 7: expected the closing quote of the label a, found the end of the line
            """)
    void aBrokenSampleLineIsRejectedWithLineColumnAndWhatWasExpected(String bad, String where, String reason)
            throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "m.prom", "# TYPE m gauge\n" + bad + "\nm{a=\"2\"} 4\n");
        assertEquals(1, r.points().size(), r.rejected().toString());
        assertEquals(1, r.rejected().size());
        assertEquals(where, r.rejected().get(0).location());
        assertEquals(reason, r.rejected().get(0).reason());
    }

    @Test
    void histogramBucketsThatDecreaseRejectThePoint() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "h.prom", """
                # TYPE h histogram
                h_bucket{le="1"} 5
                h_bucket{le="2"} 3
                h_bucket{le="+Inf"} 6
                h_count 6
                h_sum 1
                """);
        assertEquals(0, r.points().size());
        assertEquals("line 2", r.rejected().get(0).location());
        assertTrue(r.rejected().get(0).reason().startsWith("h: bucket le=2.0: -2.0 is not a count"), r.rejected().toString());
    }

    @Test
    void openMetricsCutBeforeEofSaysSoAndLinesAfterEofAreReportedNotRead() throws Exception {
        ReadIntoChunks.Result cut = ReadIntoChunks.read(dir, "cut.om", "# TYPE a gauge\n# UNIT a seconds\na 1\n");
        assertEquals("openmetrics-text", cut.format());
        assertTrue(cut.summary().contains("does not end with \"# EOF\" (cut short?)"), cut.summary());
        ReadIntoChunks.Result after = ReadIntoChunks.read(dir, "after.om", "# TYPE a gauge\na 1\n# EOF\na 2\n");
        assertEquals(1, after.points().size());
        assertEquals("1 line after \"# EOF\" not read (OpenMetrics ends at # EOF)", after.rejected().get(0).reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hello world                          | found text "hello world"
            a,b,c                                | found text "a,b,c"
            # just a comment                     | found text "# just a comment"
            """)
    void textThatIsNotAnExpositionIsRefusedSayingWhatItIs(String content, String found) throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, content + "\n1 2\n");
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 1, column 1: not an export Prodlab reads: " + found),
                e.getMessage());
        assertTrue(e.getMessage().contains(TraceReaders.READS), e.getMessage());
    }

    @Test
    void mutatedRealExpositionsNeverCrashOrHang() throws Exception {
        List<Path> files = new ArrayList<>(ReadIntoChunks.filesOf("prometheus-text"));
        files.addAll(ReadIntoChunks.filesOf("openmetrics-text"));
        files.removeIf(p -> p.toString().endsWith(".gz"));
        assertTrue(ReadIntoChunks.fuzz(files, 20261202L, 40, "{}\"=,# \n\\_e.+", dir, Duration.ofSeconds(60)) > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "-0", "7", "-7", "007", "+5", "999999999999999", "-999999999999999", "9999999999999999",
            "123456789012345678901234567890", "1e3", "1.5", "-1.5E-3", ".5", "5."})
    void aNumberIsReadAsJavaReadsItsDigits(String v) throws Exception {
        assertEquals(0, Double.compare(Double.parseDouble(v), PrometheusTextReader.number(v, null, "v")), v);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1700000000000        | 1700000000000000000 |
            -5                   | -5000000            |
            +5                   | 5000000             |
            9223372036854        | 9223372036854000000 |
            9223372036855        |                     | the timestamp "9223372036855" is past the year 2262
            123456789012345678   |                     | the timestamp "123456789012345678" is past the year 2262
            12.5                 |                     | the timestamp "12.5" must be whole milliseconds since 1970
            -                    |                     | the timestamp "-" is not a number of milliseconds since 1970
            """)
    void aPrometheusTimestampIsWholeMillisecondsThatFitInNanoseconds(String ts, Long ns, String error) {
        if (error == null) {
            assertDoesNotThrow(() -> assertEquals(ns, PrometheusTextReader.timestampNs(ts, false, "the timestamp")));
        } else {
            BadRecordException e = assertThrows(BadRecordException.class,
                    () -> PrometheusTextReader.timestampNs(ts, false, "the timestamp"));
            assertEquals(error, e.reason());
        }
    }

    @Test
    void namesAndValuesLikeTheLineBeforesAreReadAsWritten() throws Exception {
        String longValue = "x".repeat(100);
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "s.prom", "g{a=\"abc\",b=\"1\"} 1\n"
                + "g{a=\"abd\",b=\"1\"} 2\n" + "g{b=\"1\",a=\"abc\"} 3\n" + "g{a=\"ab\\\"c\"} 4\n"
                + "gg{a=\"" + longValue + "\"} 5\n" + "gg{a=\"" + longValue + "y\"} 6\n" + "g{ab=\"c\"} 7\n");
        assertEquals(List.of("g{\"a\":\"abc\",\"b\":\"1\"}", "g{\"a\":\"abd\",\"b\":\"1\"}",
                "g{\"a\":\"abc\",\"b\":\"1\"}", "g{\"a\":\"ab\\\"c\"}", "gg{\"a\":\"" + longValue + "\"}",
                "gg{\"a\":\"" + longValue + "y\"}", "g{\"ab\":\"c\"}"),
                r.points().stream().map(p -> p.name() + p.attributesJson()).toList());
    }

    @Test
    void aGaugeWithoutLabelsHasNoCountOrBuckets() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("openmetrics-text/openmetrics_parsers_roundtrip.txt"));
        MetricPoint g = point(r, "process_virtual_memory_bytes", "{}");
        assertEquals(2.478268416e+09, g.value());
        assertNull(g.count());
        assertNull(g.bucketBounds());
        assertEquals("process_cpu_seconds_total", point(r, "process_cpu_seconds_total", "{}").name());
    }
}
