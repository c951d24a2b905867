package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab map}: the JSON contract, DOT, and bad input. */
class MapCommandTest {
    @TempDir
    static Path dir;
    private static Path ws;

    @BeforeAll
    static void demoShop() {
        ws = CliRun.demoShop(dir);
    }

    @Test
    void jsonHasTheContractFieldsForNodesAndEdges() throws Exception {
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode postgres = null;
        for (JsonNode n : doc.get("nodes")) {
            for (String f : new String[] {"id", "kind", "spans", "error_rate", "p50_ms", "p95_ms", "p99_ms"}) {
                assertTrue(n.has(f), "node field " + f);
            }
            if (n.get("id").asText().equals("postgresql")) {
                postgres = n;
            }
        }
        assertEquals("database", postgres.get("kind").asText());
        assertEquals(482 + 1096, postgres.get("spans").asLong(), "the calls made to it");
        for (JsonNode e : doc.get("edges")) {
            for (String f : new String[] {"source", "target", "calls", "errors", "error_rate", "p50_ms", "p95_ms",
                    "p99_ms"}) {
                assertTrue(e.has(f), "edge field " + f);
            }
        }
        assertEquals(18, doc.get("edges").size());
    }

    @Test
    void aWindowWithNoCallsGivesAnEmptyMap() throws Exception {
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--json", "--from", "2030-01-01T00:00:00Z");
        assertEquals(0, r.exit(), r.err());
        assertEquals(0, new ObjectMapper().readTree(r.out()).get("edges").size());
    }

    @Test
    void dotIsADigraph() {
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--dot");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("digraph dependencies {"), r.out());
    }

    @Test
    void aBadFilterOrTimeIsBadInputThatSaysWhere() {
        CliRun f = CliRun.of("map", "-w", ws.toString(), "--where", "kind = sever");
        assertEquals(ExitCode.BAD_INPUT, f.exit());
        assertEquals("prodlab: --where: at column 8: kind is one of internal, server, client, producer, consumer; "
                + "found 'sever'", f.err().strip());
        CliRun t = CliRun.of("map", "-w", ws.toString(), "--to", "yesterday");
        assertEquals(ExitCode.BAD_INPUT, t.exit());
        assertTrue(t.err().contains("--to: 'yesterday' is not a time"), t.err());
        CliRun both = CliRun.of("map", "-w", ws.toString(), "--json", "--dot");
        assertEquals(ExitCode.USAGE, both.exit());
    }

    @Test
    void twoCohortsGiveTheDiffMap() throws Exception {
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--json", "--cohort", "baseline=service.version = \"1.4.0\"",
                "--cohort", "canary=service.version = \"1.5.0-canary\"");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("baseline", doc.get("baseline").asText());
        assertEquals("canary", doc.get("candidate").asText());
        JsonNode in = null;
        for (JsonNode e : doc.get("edges")) {
            for (String f : new String[] {"source", "target", "change", "baseline", "candidate"}) {
                assertTrue(e.has(f), "edge field " + f);
            }
            if (e.get("source").asText().equals("frontend") && e.get("target").asText().equals("checkout")) {
                in = e;
            }
        }
        assertEquals("both", in.get("change").asText());
        assertTrue(in.get("latency_p_bh").asDouble() < 1e-6, in.toString());
        assertTrue(in.get("latency_shift_ci_low").asDouble() < 80 && 80 < in.get("latency_shift_ci_high").asDouble());
        CliRun dot = CliRun.of("map", "-w", ws.toString(), "--dot", "--cohort", "baseline=service.version = \"1.4.0\"",
                "--cohort", "canary=service.version = \"1.5.0-canary\"");
        assertTrue(dot.out().contains("\"frontend\" -> \"checkout\" [label=\"432 -> 50 calls, latency +"), dot.out());
        assertTrue(dot.out().contains("color=orange"), dot.out());
        CliRun one = CliRun.of("map", "-w", ws.toString(), "--cohort", "a=kind = server");
        assertEquals(ExitCode.BAD_INPUT, one.exit());
    }

    @Test
    void svgWritesAPictureToTheFileAndSaysSo() throws Exception {
        Path svg = dir.resolve("map.svg");
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--svg", svg.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "stdout stays clean");
        assertTrue(r.err().contains("wrote " + svg + " (12 nodes, 18 edges)"), r.err());
        assertTrue(java.nio.file.Files.readString(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        CliRun bad = CliRun.of("map", "-w", ws.toString(), "--svg", dir.resolve("no/such/folder/map.svg").toString());
        assertEquals(ExitCode.BAD_INPUT, bad.exit());
        assertTrue(bad.err().contains("--svg: cannot write"), bad.err());
    }

    @Test
    void focusCutsTheMapToTheHopsAroundANodeAndJsonCarriesFanAndCycles() throws Exception {
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--json", "--focus", "payment", "--hops", "1");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        java.util.Set<String> ids = new java.util.TreeSet<>();
        doc.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        assertEquals(java.util.Set.of("checkout", "payment", "postgresql"), ids);
        assertEquals(2, doc.get("edges").size());
        assertEquals(0, doc.get("cycles").size());
        JsonNode payment = null;
        for (JsonNode n : doc.get("nodes")) {
            if (n.get("id").asText().equals("payment")) {
                payment = n;
            }
        }
        assertEquals(1, payment.get("fan_in").asInt());
        assertEquals(1, payment.get("fan_out").asInt());
        CliRun missing = CliRun.of("map", "-w", ws.toString(), "--focus", "paymnet");
        assertEquals(ExitCode.BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("--focus: there is no node 'paymnet' in the map"), missing.err());
    }
}
