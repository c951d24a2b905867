package io.prodlab.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.demo.DemoGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OTLP/JSON lines parsed on several threads ({@link JsonLineBatches}) give the same workspace as
 * reading them one after the other: every row of every table, the rejections with their line
 * numbers and reasons, the duplicate counts and the import's summary, whatever the batch size,
 * the number of parser threads and the chunk size.
 */
class ParallelJsonLinesTest {
    @TempDir
    Path dir;

    private static final List<JsonLineBatches.Settings> PARALLEL = List.of(
            JsonLineBatches.Settings.DEFAULT,
            new JsonLineBatches.Settings(2, 1, 1 << 20),          // one line a batch
            new JsonLineBatches.Settings(3, 4096, 1 << 20),       // small batches, three threads
            new JsonLineBatches.Settings(2, 64 << 10, 3000));     // long lines read in place between batches

    @AfterEach
    void restore() {
        JsonLineBatches.current = JsonLineBatches.Settings.DEFAULT;
    }

    @Test
    void theRealFixturesAsOneJsonLinesFileWithBrokenLinesGiveTheSameRows() throws Exception {
        Path f = dir.resolve("fixtures.jsonl");
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String signal : List.of("otlp-json-traces", "otlp-json-logs", "otlp-json-metrics")) {
            try (Stream<Path> files = Files.list(fixture(signal))) {
                for (Path p : files.sorted().toList()) {
                    lines.add(json.writeValueAsString(json.readTree(p.toFile())));
                }
            }
        }
        List<String> all = new ArrayList<>(lines);
        all.add(3, "");                                               // a blank line
        all.add(5, lines.get(0).substring(0, lines.get(0).length() / 2)); // cut in the middle
        all.add(7, "[1, 2, 3]");                                      // not an object
        all.add(9, "{\"foo\": 1}");                                   // not an export
        all.add(11, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"name\": \"no ids\"}]}]}]}");
        all.add(12, resourceAfterSpans());
        all.addAll(lines);                                            // every span again: duplicates
        all.add("{\"resourceSpans\": [}");
        Files.writeString(f, String.join("\n", all), StandardCharsets.UTF_8); // no newline at the end

        Map<String, String> sequential = importWith(JsonLineBatches.Settings.SEQUENTIAL, f, 4096);
        assertTrue(Long.parseLong(sequential.get("rejected count")) >= 5, sequential.get("rejected count"));
        assertTrue(sequential.get("imports").contains("duplicate"), sequential.get("imports"));
        for (JsonLineBatches.Settings s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, 4096), s.toString());
        }
        assertEquals(importWith(JsonLineBatches.Settings.SEQUENTIAL, f, ImportService.DEFAULT_CHUNK_BYTES),
                importWith(JsonLineBatches.Settings.DEFAULT, f, ImportService.DEFAULT_CHUNK_BYTES), "16 MB chunks");
    }

    @Test
    void aGeneratedShopWithBrokenLinesGivesTheSameRows() throws Exception {
        Path gen = dir.resolve("gen");
        Path generated = new DemoGenerator().generate(gen, DemoGenerator.Options.defaults().withSpans(6_000)
                .withSpansPerLine(40).withGzip(false)).files().get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(generated, StandardCharsets.UTF_8));
        // A line broken at its end (after most of its spans were read), one at its start.
        String l = lines.get(40);
        lines.set(40, l.substring(0, l.length() - 5));
        lines.set(80, "x" + lines.get(80));
        lines.add(120, lines.get(10));
        Path f = dir.resolve("shop.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        Map<String, String> sequential = importWith(JsonLineBatches.Settings.SEQUENTIAL, f,
                ImportService.DEFAULT_CHUNK_BYTES);
        assertEquals("2", sequential.get("rejected count"));
        Map<String, String> smallChunks = importWith(JsonLineBatches.Settings.SEQUENTIAL, f, 64 << 10);
        for (JsonLineBatches.Settings s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, ImportService.DEFAULT_CHUNK_BYTES), s.toString());
        }
        assertEquals(smallChunks, importWith(PARALLEL.get(2), f, 64 << 10), "64 KB chunks");
        assertEquals(smallChunks, importWith(PARALLEL.get(3), f, 64 << 10), "64 KB chunks, long lines");
    }

    @Test
    void aBrokenLineTooLargeToTakeBackStillRefusesTheFile() throws Exception {
        StringBuilder big = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
        for (int i = 0; i < 400; i++) {
            big.append(i == 0 ? "" : ",").append(span(i + 1, "{\"k\":\"v\"}"));
        }
        big.append("]}]}],");  // broken after all its spans
        Path f = dir.resolve("big.jsonl");
        Files.writeString(f, span1Line() + "\n" + big + "\n" + span1Line() + "\n", StandardCharsets.UTF_8);
        Map<String, String> sequential = importWith(JsonLineBatches.Settings.SEQUENTIAL, f, 4096);
        assertTrue(sequential.get("result").contains("too much to take back"), sequential.get("result"));
        assertEquals(sequential, importWith(JsonLineBatches.Settings.DEFAULT, f, 4096));
    }

    @Test
    void cancellingWhileLinesAreParsedInParallelKeepsNothingAndStopsTheParserThreads() throws Exception {
        Path f = dir.resolve("many.jsonl");
        new io.prodlab.bench.BenchDataWriter(3).write(f, 30_000, 100);
        JsonLineBatches.current = new JsonLineBatches.Settings(2, 64 << 10, 1 << 20);
        IngestTestSupport.assertCancelKeepsNothingAndStopsThreads(f, dir.resolve("c.prodlab"), 3_000,
                "prodlab-import-line-parser");
    }


    private static String resourceAfterSpans() {
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + span(7, "") + "]}],"
                + "\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"late\"}}]}}]}";
    }

    private static String span1Line() {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"one\"}}]},\"scopeSpans\":[{\"spans\":[" + span(9999, "") + "]}]}]}";
    }

    private static String span(int n, String attribute) {
        return String.format("{\"traceId\":\"%032x\",\"spanId\":\"%016x\",\"name\":\"op %d\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000000100000000\","
                + "\"attributes\":[%s]}", n, n, n, attribute.isEmpty() ? ""
                : "{\"key\":\"k\",\"value\":{\"stringValue\":\"" + "v".repeat(40) + "\"}}");
    }

    /** Imports {@code f} into a new workspace with these settings; every table's rows, as text. */
    private Map<String, String> importWith(JsonLineBatches.Settings s, Path f, int chunkBytes) throws Exception {
        JsonLineBatches.current = s;
        Path wsPath = Files.createTempDirectory(dir, "ws").resolve("w.prodlab");
        return IngestTestSupport.importedTables(f, wsPath, chunkBytes);
    }
}
