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
}
