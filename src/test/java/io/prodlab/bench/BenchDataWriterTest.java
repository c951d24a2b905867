package io.prodlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchDataWriterTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedWritesSameBytesAndOtherSeedDoesNot() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        new BenchDataWriter(7).write(a, 2_500, 1_000);
        new BenchDataWriter(7).write(b, 2_500, 1_000);
        new BenchDataWriter(8).write(c, 2_500, 1_000);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void writesOneRequestPerLineWithTheAskedNumberOfSpansAndTenAttributes() throws Exception {
        Path f = dir.resolve("f.jsonl");
        new BenchDataWriter(1).write(f, 2_500, 1_000);
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        ObjectMapper m = new ObjectMapper();
        int spans = 0;
        for (String line : lines) {
            JsonNode rs = m.readTree(line).get("resourceSpans").get(0);
            assertTrue(rs.get("resource").get("attributes").get(0).get("key").asText().equals("service.name"));
            for (JsonNode s : rs.get("scopeSpans").get(0).get("spans")) {
                assertEquals(10, s.get("attributes").size());
                assertEquals(32, s.get("traceId").asText().length());
                spans++;
            }
        }
        assertEquals(2_500, spans);
        assertEquals(500, m.readTree(lines.get(2)).get("resourceSpans").get(0).get("scopeSpans").get(0).get("spans").size());
    }

    @Test
    void tokenizeBaselineCountsEveryToken() throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "{\"a\":[1,true,\"x\"]}\n{}");
        // { a [ 1 true "x" ] } { }
        assertEquals(10, ImportBenchmark.tokenize(f));
    }

    @Test
    void theLeanShapeKeepsTheFirstAttributesAndHalvesTheBytesASpan() throws Exception {
        Path full = dir.resolve("full.jsonl");
        Path lean = dir.resolve("lean.jsonl");
        new BenchDataWriter(3).write(full, 2_000, 1_000);
        new BenchDataWriter(3, 3).write(lean, 2_000, 1_000);
        ObjectMapper m = new ObjectMapper();
        JsonNode a = m.readTree(Files.readAllLines(full).get(1)).at("/resourceSpans/0/scopeSpans/0/spans/7");
        JsonNode b = m.readTree(Files.readAllLines(lean).get(1)).at("/resourceSpans/0/scopeSpans/0/spans/7");
        assertEquals(3, b.get("attributes").size());
        for (int i = 0; i < 3; i++) {
            assertEquals(a.get("attributes").get(i), b.get("attributes").get(i));
        }
        assertEquals(a.get("spanId"), b.get("spanId"), "the same random draws");
        double perSpan = Files.size(lean) / 2_000.0;
        assertTrue(perSpan > 380 && perSpan < 480, "bytes a span: " + perSpan);
    }

    @Test
    void prometheusTextHasOneSeriesASampleAndTokenizes() throws Exception {
        Path f = dir.resolve("p.txt");
        new BenchDataWriter(5).writePrometheus(f, 10_000);
        List<String> lines = Files.readAllLines(f);
        assertEquals(10_000, lines.stream().filter(l -> !l.startsWith("#")).count());
        assertEquals(lines.stream().filter(l -> !l.startsWith("#")).count(),
                lines.stream().filter(l -> !l.startsWith("#")).distinct().count());
        assertTrue(lines.contains("# TYPE http_server_duration_f2_seconds histogram"), lines.get(0));
        Path t = dir.resolve("t.txt");
        Files.writeString(t, "# HELP a x y\na{b=\"c d\\\" e\",f=\"g\"} 1 2\nz 3\n");
        // a b "c d\" e" f "g" 1 2 z 3
        assertEquals(9, ImportBenchmark.tokenizeText(t));
    }
}
