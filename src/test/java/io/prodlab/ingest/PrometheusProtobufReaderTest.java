package io.prodlab.ingest;

import io.prodlab.model.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus protobuf exposition: the real file, checked against the text exposition of the same scrape. */
class PrometheusProtobufReaderTest {
    @TempDir
    Path dir;

    private static final Path PROTOBUF = fixture("prometheus-protobuf/prometheus-common_expfmt_testdata_protobuf.bin");

    private static String key(MetricPoint p) {
        return p.name() + " " + p.type() + " " + p.attributesJson() + " " + p.value() + " " + p.count() + " "
                + Arrays.toString(p.quantiles()) + " " + Arrays.toString(p.quantileValues()) + " " + p.description();
    }

    @Test
    void theRealFileGivesTheSamePointsAsTheTextExpositionOfTheSameScrape() throws Exception {
        ReadIntoChunks.Result proto = ReadIntoChunks.read(PROTOBUF);
        assertEquals(PrometheusProtobufReader.FORMAT, proto.format());
        assertEquals("Prometheus protobuf exposition, 37 families as 74 metric points; 74 of them without a timestamp, "
                + "stored at time 0 (the exposition leaves the scrape time to the scraper)", proto.summary());
        ReadIntoChunks.Result text = ReadIntoChunks.read(fixture("prometheus-text/prometheus-common_expfmt_testdata_text.txt"));
        TreeSet<String> fromText = text.points().stream().map(PrometheusProtobufReaderTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> fromProto = proto.points().stream().map(PrometheusProtobufReaderTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fromText, fromProto);
        assertTrue(proto.points().stream().anyMatch(p -> key(p).equals("http_request_duration_microseconds summary "
                + "{\"handler\":\"prometheus\"} 179886.5000000001 119 [0.5, 0.9, 0.99] [1307.275, 1858.632, 3087.384] "
                + "The HTTP request latencies in microseconds.")));
    }

    @Test
    void aCutFileIsRefusedWithTheByteAndFamily() throws Exception {
        byte[] all = Files.readAllBytes(PROTOBUF);
        Path f = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(all, all.length / 2));
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": byte "), e.getMessage());
        assertTrue(e.getMessage().contains(": the protobuf data is broken ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected length-delimited io.prometheus.client.MetricFamily messages. "
                + "Nothing was imported."), e.getMessage());
    }

    @Test
    void mutatedRealFileNeverCrashesOrHangs() throws Exception {
        ReadIntoChunks.fuzz(List.of(PROTOBUF), 20261207L, 300, "\n\u0012\u001a\"*\u0008\u0009\u0000", dir,
                Duration.ofSeconds(60));
    }
}
