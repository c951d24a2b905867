package io.prodlab.ingest;

import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus text reader streams: it holds the series of the family being read, never the
 * file's; a family's group of lines ends at another family's line, and a family written again
 * starts new points.
 */
class PrometheusTextStreamingTest {
    @TempDir
    Path dir;

    /** What one reading gave, and the most series it held, looked at every time it wrote a point. */
    private record Read(List<MetricPoint> points, List<RejectedRecord> rejected, String summary, int mostHeldSeen,
                        int mostHeld, int heldAtEnd) {
    }

    private Read read(String content, int heldLimit) throws Exception {
        Path f = dir.resolve("m.prom");
        Files.writeString(f, content);
        PrometheusTextReader.FileReading[] reading = new PrometheusTextReader.FileReading[1];
        int[] mostSeen = new int[1];
        ReadIntoChunks.Result r = ReadIntoChunks.read(f, new PrometheusTextReader(false, heldLimit), x -> {
            reading[0] = (PrometheusTextReader.FileReading) x;
            mostSeen[0] = Math.max(mostSeen[0], reading[0].heldSeries());
        });
        return new Read(r.points(), r.rejected(), r.summary(), mostSeen[0], reading[0].mostHeldSeries(),
                reading[0].heldSeries());
    }

    /**
     * {@code families} families in turn counter, histogram, summary, gauge, each of {@code series}
     * series; a series' lines are {@code suffix|extra label|value}. With {@code metadataFirst} all
     * HELP and TYPE lines come at the top, so that only a sample of the next family ends a group.
     */
    private static String manyFamilies(int families, int series, boolean metadataFirst) {
        String[][] lines = {
            {"_total||7"},
            {"_bucket|le=\"0.1\"|1", "_bucket|le=\"1\"|3", "_bucket|le=\"+Inf\"|4", "_sum||2.5", "_count||4"},
            {"|quantile=\"0.5\"|1", "|quantile=\"0.99\"|9", "_sum||20", "_count||7"},
            {"||0.5"}};
        String[] types = {"counter", "histogram", "summary", "gauge"};
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < (metadataFirst ? families : 0); f++) {
            metadata(b, f, types);
        }
        for (int f = 0; f < families; f++) {
            String name = "m" + f;
            if (!metadataFirst) {
                metadata(b, f, types);
            }
            for (int s = 0; s < series; s++) {
                for (String line : lines[f % 4]) {
                    String[] w = line.split("\\|", -1);
                    b.append(name).append(w[0]).append("{pod=\"p").append(s).append('"')
                            .append(w[1].isEmpty() ? "" : "," + w[1]).append("} ").append(w[2])
                            .append(f % 4 == 0 ? " 1700000000000\n" : "\n");
                }
            }
        }
        return b.toString();
    }

    private static void metadata(StringBuilder b, int f, String[] types) {
        b.append("# HELP m").append(f).append(" Family ").append(f).append(".\n# TYPE m").append(f).append(' ')
                .append(types[f % 4]).append('\n');
    }

    @ParameterizedTest(name = "metadata first: {0}")
    @ValueSource(booleans = {false, true})
    void theSeriesHeldNeverExceedOneFamilysWhateverTheNumberOfFamilies(boolean metadataFirst) throws Exception {
        Read r = read(manyFamilies(400, 50, metadataFirst), PrometheusTextReader.HELD_SERIES);
        assertEquals(400 * 50, r.points().size(), r.summary());
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(50, r.mostHeld(), "one family's series at most, over 20,000 series in the file");
        assertTrue(r.mostHeldSeen() <= 50, "held while writing: " + r.mostHeldSeen());
        assertEquals(0, r.heldAtEnd());
        assertTrue(r.summary().startsWith("Prometheus text exposition, 400 families, 55000 samples as 20000 "
                + "metric points"), r.summary());
        MetricPoint h = r.points().stream().filter(p -> p.name().equals("m1") && p.attributesJson().equals("{\"pod\":\"p7\"}"))
                .findFirst().orElseThrow();
        assertArrayEquals(new double[] {0.1, 1}, h.bucketBounds());
        assertArrayEquals(new long[] {1, 2, 1}, h.bucketCounts());
        MetricPoint c = r.points().stream().filter(p -> p.name().equals("m0_total")
                && p.attributesJson().equals("{\"pod\":\"p7\"}")).findFirst().orElseThrow();
        assertEquals("Family 0.", c.description());
        assertEquals("sum", c.type());
        assertEquals(1_700_000_000_000_000_000L, c.timeNs());
    }

    @Test
    void gaugesAreWrittenAtTheirSampleAndHoldNothing() throws Exception {
        StringBuilder b = new StringBuilder("# TYPE g gauge\n");
        for (int s = 0; s < 20_000; s++) {
            b.append("g{pod=\"p").append(s).append("\"} 1\n");
        }
        Read r = read(b.toString(), PrometheusTextReader.HELD_SERIES);
        assertEquals(20_000, r.points().size());
        assertEquals(0, r.mostHeld());
    }

    @Test
    void aFamilyOfMoreSeriesThanTheBoundIsWrittenAsItGoesAndItsSeriesStayWhole() throws Exception {
        Read r = read(manyFamilies(2, 5_000, false), 100);
        assertEquals(10_000, r.points().size(), r.summary());
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(100, r.mostHeld());
        assertTrue(r.points().stream().filter(p -> p.type().equals("histogram"))
                .allMatch(p -> p.count() == 4 && p.value() == 2.5 && p.bucketCounts().length == 3), "each series whole");
    }

    @Test
    void aSeriesWrittenAgainAfterTheBoundPushedItOutStartsANewPoint() throws Exception {
        Read r = read("""
                # TYPE h histogram
                h_bucket{s="a",le="+Inf"} 1
                h_bucket{s="b",le="+Inf"} 2
                h_bucket{s="c",le="+Inf"} 3
                h_count{s="a"} 1
                """, 2);
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(List.of("{\"s\":\"a\"}", "{\"s\":\"b\"}", "{\"s\":\"c\"}", "{\"s\":\"a\"}"),
                r.points().stream().map(MetricPoint::attributesJson).toList(), "a written when c came, then a again");
        assertEquals(2, r.mostHeld());
    }

    @Test
    void interleavedSeriesInsideAFamilyAreOnePointEachWhateverTheirLabelOrder() throws Exception {
        Read r = read("""
                # TYPE h histogram
                h_bucket{a="1",b="x",le="1"} 2
                h_bucket{b="y",a="1",le="1"} 5
                h_bucket{le="+Inf",b="x",a="1"} 3
                h_bucket{a="1",b="y",le="+Inf"} 9
                h_sum{b="y",a="1"} 40
                h_count{a="1",b="x"} 3
                h_sum{a="1",b="x"} 4
                h_count{b="y",a="1"} 9
                """, PrometheusTextReader.HELD_SERIES);
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(2, r.points().size(), r.points().toString());
        MetricPoint x = r.points().get(0);
        assertEquals("{\"a\":\"1\",\"b\":\"x\"}", x.attributesJson());
        assertArrayEquals(new long[] {2, 1}, x.bucketCounts());
        assertEquals(3L, x.count());
        assertEquals(4.0, x.value());
        MetricPoint y = r.points().get(1);
        assertEquals("{\"a\":\"1\",\"b\":\"y\"}", y.attributesJson());
        assertArrayEquals(new long[] {5, 4}, y.bucketCounts());
        assertEquals(9L, y.count());
        assertEquals(40.0, y.value());
    }

    @Test
    void aFamilyWrittenAgainAfterAnotherFamilysLinesStartsNewPointsOfItsSeries() throws Exception {
        Read r = read("""
                # HELP h Latency.
                # TYPE h histogram
                h_bucket{le="1"} 2
                h_bucket{le="+Inf"} 3
                g 7
                h_bucket{le="1"} 4
                h_bucket{le="+Inf"} 6
                h_count 6
                # TYPE s summary
                s_count 3
                g 8
                s_sum 12
                """, PrometheusTextReader.HELD_SERIES);
        assertTrue(r.rejected().isEmpty(), "the second h_bucket{le=\"1\"} is a new point, not a bucket twice: "
                + r.rejected());
        List<MetricPoint> h = r.points().stream().filter(p -> p.name().equals("h")).toList();
        assertEquals(2, h.size());
        assertArrayEquals(new long[] {2, 1}, h.get(0).bucketCounts());
        assertEquals(3L, h.get(0).count());
        assertArrayEquals(new long[] {4, 2}, h.get(1).bucketCounts());
        assertEquals(6L, h.get(1).count());
        assertEquals("histogram", h.get(1).type(), "the family keeps its TYPE and HELP");
        assertEquals("Latency.", h.get(1).description());
        List<MetricPoint> s = r.points().stream().filter(p -> p.name().equals("s")).toList();
        assertEquals(2, s.size(), "s_sum after g is a new point: " + s);
        assertEquals(3L, s.get(0).count());
        assertTrue(Double.isNaN(s.get(0).value()));
        assertEquals(null, s.get(1).count());
        assertEquals(12.0, s.get(1).value());
        assertTrue(r.summary().contains("2 families, 9 samples as 6 metric points"), r.summary());
    }

    @Test
    void aHelpOfTheFamilyBeingReadKeepsItsGroupAndATypeLineStartsANewOne() throws Exception {
        Read r = read("""
                # TYPE c counter
                c_total{a="1"} 5
                # HELP c Late help.
                c_created{a="1"} 1700000000
                # TYPE s summary
                s_count 3
                # TYPE s summary
                s_sum 12
                """, PrometheusTextReader.HELD_SERIES);
        assertEquals(1, r.points().stream().filter(p -> p.name().equals("c_total")).count(), r.points().toString());
        MetricPoint c = r.points().get(0);
        assertEquals(1_700_000_000_000_000_000L, c.startTimeNs());
        assertEquals("Late help.", c.description());
        List<MetricPoint> s = r.points().stream().filter(p -> p.name().equals("s")).toList();
        assertEquals(2, s.size(), "the second TYPE s starts a new group: " + s);
        assertEquals(3L, s.get(0).count());
        assertEquals(12.0, s.get(1).value());
    }

    @Test
    void realScrapesConcatenatedGiveEachSeriesOncePerScrapeWithNothingRejected() throws Exception {
        for (String relative : List.of("prometheus-text/prometheus-common_expfmt_testdata_text.txt",
                "prometheus-text/prometheus_textparse_alltypes.237mfs.prom.txt")) {
            String one = Files.readString(fixture(relative));
            Read once = read(one, PrometheusTextReader.HELD_SERIES);
            Read twice = read(one + "\n" + one, PrometheusTextReader.HELD_SERIES);
            assertEquals(2 * once.points().size(), twice.points().size(), relative + ": " + twice.rejected());
            assertEquals(once.rejected().size() * 2, twice.rejected().size(), relative);
            assertEquals(once.mostHeld(), twice.mostHeld(), relative);
        }
    }
}
