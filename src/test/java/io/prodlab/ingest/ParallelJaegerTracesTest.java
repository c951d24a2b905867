package io.prodlab.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.demo.DemoGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traces of a Jaeger {@code "data"} array read from the tokens, on the reading thread or on parser
 * threads, give the same workspace as reading every span as a tree, one after the other: every row of every table, the rejections with their lines,
 * pointers, reasons and excerpts, the duplicate counts and the import's summary, whatever the
 * batch size, the number of threads and the chunk size.
 */
class ParallelJaegerTracesTest {
    @TempDir
    Path dir;

    /** How a file is read: the parser threads ({@code workers}) and batches, and whether spans are read from tokens. */
    private record Reading(JsonLineBatches.Settings settings, boolean drafts) {
    }

    /** The reference: one thread, every span read as a tree (the reader before spans were read from tokens). */
    private static final Reading TREES = new Reading(JsonLineBatches.Settings.SEQUENTIAL, false);

    /** Spans from tokens on this thread, then on parser threads (and there as trees: the replay alone). */
    private static final List<Reading> PARALLEL = List.of(
            new Reading(JsonLineBatches.Settings.SEQUENTIAL, true),
            new Reading(JsonLineBatches.Settings.DEFAULT, true),
            new Reading(new JsonLineBatches.Settings(2, 1, 1 << 20), false),   // one trace a batch, trees
            new Reading(new JsonLineBatches.Settings(2, 1, 1 << 20), true),    // one trace a batch
            new Reading(new JsonLineBatches.Settings(3, 4096, 1 << 20), true)); // small batches, three threads

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void restore() {
        JsonLineBatches.current = JsonLineBatches.Settings.DEFAULT;
        JaegerJsonReader.drafts = true;
        JaegerJsonReader.parserThreads = JaegerJsonReader.DEFAULT_PARSER_THREADS;
    }

    @Test
    void everyRealJaegerFixtureGivesTheSameRows() throws Exception {
        try (Stream<Path> files = Files.list(fixture("jaeger-json"))) {
            for (Path f : files.sorted().toList()) {
                Map<String, String> sequential = importWith(TREES, f, 4096);
                assertTrue(sequential.get("result").startsWith("IMPORTED"), f + ": " + sequential.get("result"));
                for (Reading s : PARALLEL) {
                    assertEquals(sequential, importWith(s, f, 4096), f + " " + s);
                }
            }
        }
    }

    @Test
    void theRealFixturesTracesInOneDataArrayWithBadElementsGiveTheSameRows() throws Exception {
        ArrayNode data = JSON.createArrayNode();
        try (Stream<Path> files = Files.list(fixture("jaeger-json"))) {
            for (Path p : files.sorted().toList()) {
                JsonNode root = JSON.readTree(p.toFile());
                JsonNode d = root.path("data");
                if (d.isArray()) {
                    d.forEach(data::add);
                } else if (d.isObject()) {
                    data.add(d);
                } else if (root.isObject() && root.has("spans")) {
                    data.add(root);
                }
            }
        }
        assertTrue(data.size() >= 7, "traces: " + data.size());
        data.insert(2, 42);                                           // not a trace
        data.insert(4, "trace");
        ObjectNode bad = data.get(0).deepCopy();                      // spans that cannot be taken
        ((ObjectNode) bad.get("spans").get(0)).put("traceID", "not hex");
        ((ObjectNode) bad.get("spans").get(1)).put("processID", "nowhere").remove("process");
        data.insert(5, bad);
        data.add(data.get(0));                                        // every span of it again: duplicates
        ObjectNode late = JSON.createObjectNode();                    // processes before spans
        late.set("processes", data.get(0).get("processes"));
        late.set("spans", data.get(0).get("spans"));
        data.add(late);
        // Pretty-printed: traces span many lines, so that lines in the rejections are checked.
        ObjectNode root = JSON.createObjectNode();
        root.set("data", data);
        root.put("total", 0);
        Path f = dir.resolve("all.json");
        Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);

        Map<String, String> sequential = importWith(TREES, f, 4096);
        assertEquals("4", sequential.get("rejected count"), sequential.get("rejected rows"));
        assertTrue(sequential.get("imports").contains("duplicate"), sequential.get("imports"));
        for (Reading s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, 4096), s.toString());
        }
        assertEquals(importWith(TREES, f, ImportService.DEFAULT_CHUNK_BYTES),
                importWith(PARALLEL.get(1), f, ImportService.DEFAULT_CHUNK_BYTES), "16 MB chunks");
    }

    /**
     * Spans read from tokens on a parser thread (no tree) against the tree of the sequential reader:
     * every tag type and its odd spellings, repeated keys, mapped tags, logs, references, process
     * tags that override the service, and spans that must be rejected the same way.
     */
    @Test
    void unusualButValidSpansAndBadOnesGiveTheSameRowsAsTheTree() throws Exception {
        String tags = "[" + String.join(",",
                tag("s", "string", "\"a\\u0001\\\"\\\\/\\n\\té\u2028\""), tag("b", "bool", "true"), tag("bs", "BOOL", "\"false\""),
                tag("i", "int64", "-9223372036854775808"), tag("is", "int64", "\" 42 \""), tag("f", "float64", "1e20"),
                tag("fi", "float64", "3"), tag("fs", "float64", "\"NaN\""), tag("fx", "float64", "\"-Infinity\""),
                tag("bin", "binary", "\"AAEC\""), tag("s", "string", "\"again\""), "{\"key\":\"untyped\",\"value\":\"v\"}",
                tag("span.kind", "string", "\"Producer\""), tag("otel.status_code", "string", "\"error\""),
                tag("error", "string", "\" true \""), tag("error.message", "string", "\"boom\""),
                tag("otel.library.name", "string", "\"lib\""), tag("otel.scope.version", "string", "\"1\""))
                + "]";
        List<String> spans = List.of(
                span("1", "\"tags\":" + tags + ",\"flags\":\"3\",\"references\":[{\"refType\":\"follows_from\","
                        + "\"traceID\":\"ab\",\"spanID\":\"2\"},{\"spanID\":\"2\"},{\"spanID\":\"1\"}],\"logs\":["
                        + "{\"timestamp\":1700000000000100,\"fields\":[" + tag("event", "string", "\"error\"") + ","
                        + tag("message", "string", "\"from the log\"") + "]},{\"timestamp\":\"1700000000000200\"}]"),
                span("2", "\"parentSpanID\":\"00000000000000ff\",\"tags\":[" + tag("error", "int64", "2") + ","
                        + tag("otel.status_description", "string", "\"desc\"") + "],\"duration\":null"),
                span("3", "\"tags\":[" + tag("error", "bool", "false") + "," + tag("span.kind", "string", "\"sideways\"")
                        + "," + tag("otel.status_code", "int64", "1") + "],\"flags\":1.5,\"process\":null"),
                span("4", "\"processID\":\"p2\",\"startTime\":\"2023-11-14T22:13:20.5Z\",\"duration\":\"1.5ms\""),
                span("5", "\"spanID\":\"6\""),                                          // a repeated field
                span("d", "\"duration\":7,\"duration\":8"),
                span("7", "\"processID\":\"p9\""),                                      // no such process
                span("8", "\"tags\":[" + tag("x", "int64", "1.5") + "]"),                 // bad tag value
                span("9", "\"tags\":[{\"key\":\"k\",\"vType\":\"INT64\",\"vInt64\":5}]"), // api_v2 tags
                span("a", "\"references\":[{\"refType\":\"SIBLING\",\"spanID\":\"1\"}]"),
                span("b", "\"logs\":[{\"fields\":[]}]"),                                 // a log without a time
                span("c", "\"startTime\":-1"),
                "[1, 2]");
        String processes = "{\"p1\":{\"serviceName\":\"svc\",\"tags\":[" + tag("service.version", "string", "\"9\"") + ","
                + tag("host.port", "int64", "8080") + "]},\"p2\":{\"tags\":[" + tag("service.name", "string", "\"renamed\"")
                + "]}}";
        String badProcesses = "{\"p1\":{\"serviceName\":\"svc\",\"tags\":[{\"key\":\"k\",\"vType\":\"BOOL\","
                + "\"vBool\":true}]},\"p2\":{\"serviceName\":7}}";
        String trace1 = "{\"traceID\":\"ab\",\"spans\":[" + String.join(",\n", spans) + "],\"processes\":" + processes + "}";
        String trace2 = "{\"processes\":" + badProcesses + ",\"spans\":[" + String.join(",\n", spans) + "]}";
        String trace3 = "{\"spans\":[" + spans.get(0) + "],\"processes\":" + processes + ",\"processes\":" + badProcesses + "}";
        String trace4 = "{\"spans\":[" + spans.get(0) + "]}";                    // no processes at all
        Path f = dir.resolve("odd.json");
        Files.writeString(f, "{\"data\":[" + trace1 + ",\n" + trace2 + ",\n" + trace3 + ",\n" + trace4 + "]}",
                StandardCharsets.UTF_8);

        Map<String, String> sequential = importWith(TREES, f, 4096);
        assertTrue(sequential.get("result").startsWith("IMPORTED"), sequential.get("result"));
        assertTrue(Long.parseLong(sequential.get("rejected count")) >= 12, sequential.get("rejected rows"));
        for (Reading s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, 4096), s.toString());
        }
    }

    private static String tag(String key, String type, String value) {
        return "{\"key\":\"" + key + "\",\"type\":\"" + type + "\",\"value\":" + value + "}";
    }

    /** A span with {@code fields}, and a start, duration and process where they do not give one. */
    private static String span(String id, String fields) {
        StringBuilder b = new StringBuilder("{\"traceID\":\"ab\",\"spanID\":\"" + id + "\",\"operationName\":\"op " + id + "\"");
        for (String[] d : new String[][]{{"startTime", "1700000000000000"}, {"duration", "5"}, {"processID", "\"p1\""}}) {
            if (!fields.contains("\"" + d[0] + "\"")) {
                b.append(",\"").append(d[0]).append("\":").append(d[1]);
            }
        }
        return b.append(',').append(fields).append('}').toString();
    }

    @Test
    void aGeneratedJaegerDownloadGivesTheSameRows() throws Exception {
        Path generated = new DemoGenerator().generate(dir.resolve("gen"), DemoGenerator.Options.defaults()
                .withSpans(6_000).withFormat(DemoGenerator.Format.JAEGER).withGzip(false)).files().get(0);
        // One span broken in the middle of the file (its trace's other spans still count).
        String text = Files.readString(generated, StandardCharsets.UTF_8);
        int at = text.indexOf("\"startTime\":", text.length() / 2);
        Path f = dir.resolve("shop.jaeger.json");
        Files.writeString(f, text.substring(0, at) + "\"startTime\":\"soon\",\"x\":" + text.substring(at + 12),
                StandardCharsets.UTF_8);

        Map<String, String> sequential = importWith(TREES, f,
                ImportService.DEFAULT_CHUNK_BYTES);
        assertEquals("1", sequential.get("rejected count"), sequential.get("rejected rows"));
        Map<String, String> smallChunks = importWith(TREES, f, 64 << 10);
        for (Reading s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, ImportService.DEFAULT_CHUNK_BYTES), s.toString());
        }
        assertEquals(smallChunks, importWith(PARALLEL.get(3), f, 64 << 10), "64 KB chunks");
        assertEquals(smallChunks, importWith(PARALLEL.get(4), f, 64 << 10), "64 KB chunks, three threads");
    }

    @Test
    void aFileWithAByteOrderMarkAndCrlfLinesGivesTheSameRows() throws Exception {
        Path generated = new DemoGenerator().generate(dir.resolve("gen"), DemoGenerator.Options.defaults()
                .withSpans(2_000).withFormat(DemoGenerator.Format.JAEGER).withGzip(false)).files().get(0);
        String text = Files.readString(generated, StandardCharsets.UTF_8).replace("},{\"traceID\"", "},\r\n{\"traceID\"")
                .replace("\"duration\":", "\r\n\"duration\":");
        int at = text.indexOf("\"startTime\":", text.length() / 3);
        text = text.substring(0, at) + "\"startTime\":-5,\"x\":" + text.substring(at + 12);   // one rejection, with its line
        Path f = dir.resolve("bom.jaeger.json");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(f, withBom);
        Map<String, String> sequential = importWith(TREES, f, 64 << 10);
        assertEquals("1", sequential.get("rejected count"), sequential.get("result"));
        for (Reading s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, 64 << 10), s.toString());
        }
    }

    @Test
    void brokenJsonInALaterTraceRefusesTheFileWithTheSamePlace() throws Exception {
        Path generated = new DemoGenerator().generate(dir.resolve("gen"), DemoGenerator.Options.defaults()
                .withSpans(3_000).withFormat(DemoGenerator.Format.JAEGER).withGzip(false)).files().get(0);
        String text = Files.readString(generated, StandardCharsets.UTF_8).replace("},{\"traceID\"", "},\n{\"traceID\"");
        int at = text.indexOf("\"duration\":", text.length() * 3 / 4);
        Path f = dir.resolve("broken.jaeger.json");
        Files.writeString(f, text.substring(0, at) + "\"duration\":}" + text.substring(at + 11), StandardCharsets.UTF_8);
        Map<String, String> sequential = importWith(TREES, f, 64 << 10);
        assertTrue(sequential.get("result").contains("the JSON is broken"), sequential.get("result"));
        assertEquals("0", sequential.get("rejected count"));
        for (Reading s : PARALLEL) {
            assertEquals(sequential, importWith(s, f, 64 << 10), s.toString());
        }
    }

    @Test
    void cancellingWhileTracesAreParsedInParallelKeepsNothingAndStopsTheParserThreads() throws Exception {
        Path f = new DemoGenerator().generate(dir.resolve("gen"), DemoGenerator.Options.defaults()
                .withSpans(20_000).withFormat(DemoGenerator.Format.JAEGER).withGzip(false)).files().get(0);
        JsonLineBatches.current = new JsonLineBatches.Settings(2, 64 << 10, 1 << 20);
        JaegerJsonReader.parserThreads = 2;
        IngestTestSupport.assertCancelKeepsNothingAndStopsThreads(f, dir.resolve("c.prodlab"), 2_000,
                "prodlab-import-trace-parser");
    }

    /** Imports {@code f} into a new workspace with these settings; every table's rows, as text. */
    private Map<String, String> importWith(Reading s, Path f, int chunkBytes) throws Exception {
        JsonLineBatches.current = s.settings();
        JaegerJsonReader.parserThreads = s.settings().workers();
        JaegerJsonReader.drafts = s.drafts();
        Path wsPath = Files.createTempDirectory(dir, "ws").resolve("w.prodlab");
        return IngestTestSupport.importedTables(f, wsPath, chunkBytes);
    }
}
