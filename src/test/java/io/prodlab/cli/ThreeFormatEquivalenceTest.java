package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: the same logical traces written by {@code prodlab demo generate --format otlp|jaeger|zipkin}
 * and imported each into its own workspace give the same services, the same parent/child structure, the
 * same call counts and the same map. Jaeger and Zipkin count time in whole microseconds, so latencies
 * agree to 1 µs; Zipkin carries no links and no resource but the service name.
 */
class ThreeFormatEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FORMATS = List.of("otlp", "jaeger", "zipkin");

    @TempDir
    static Path dir;
    static final Map<String, Path> workspaces = new LinkedHashMap<>();
    static final Map<String, JsonNode> maps = new LinkedHashMap<>();

    @BeforeAll
    static void generateAndImportEachFormat() throws Exception {
        for (String format : FORMATS) {
            Path data = dir.resolve(format);
            CliRun g = CliRun.of("demo", "generate", "--spans", "4000", "--seed", "17", "--format", format, data.toString());
            assertEquals(0, g.exit(), g.err());
            Path traces;
            try (Stream<Path> files = Files.list(data)) {
                traces = files.filter(p -> p.getFileName().toString().startsWith("traces.")).findFirst().orElseThrow();
            }
            Path ws = dir.resolve(format + ".prodlab");
            CliRun i = CliRun.of("import", "-w", ws.toString(), traces.toString(), "--json");
            assertEquals(0, i.exit(), i.err());
            JsonNode file = JSON.readTree(i.out()).get("files").get(0);
            assertEquals(Map.of("otlp", "otlp-json", "jaeger", "jaeger-json", "zipkin", "zipkin-v2-json").get(format),
                    file.get("format").asText(), "recognised by content");
            assertEquals(0, file.get("rejected").asLong(), format);
            workspaces.put(format, ws);
            CliRun m = CliRun.of("map", "-w", ws.toString(), "--json");
            assertEquals(0, m.exit(), m.err());
            maps.put(format, JSON.readTree(m.out()));
        }
    }

    private static List<String> column(String format, String sql) throws Exception {
        try (Workspace ws = Workspace.openReadOnly(workspaces.get(format))) {
            List<String> out = new ArrayList<>();
            new SqlConsole(ws).query(sql, 1_000_000).rows().forEach(r -> out.add(String.valueOf(r)));
            return out;
        }
    }

    private static void sameInEveryFormat(String what, String sql) throws Exception {
        List<String> otlp = column("otlp", sql);
        assertFalse(otlp.isEmpty(), what);
        for (String format : FORMATS.subList(1, FORMATS.size())) {
            assertEquals(otlp, column(format, sql), what + ": " + format + " against otlp");
        }
    }

    @Test
    void theSameServicesSpansTracesAndFailures() throws Exception {
        sameInEveryFormat("services and their spans", "select service_name, kind, count(*), count(*) filter "
                + "(where status = 'error') from spans group by all order by all");
        sameInEveryFormat("traces", "select trace_id, count(*) from spans group by trace_id order by trace_id");
        assertTrue(Long.parseLong(column("otlp", "select count(*) from spans").get(0).replaceAll("\\D", "")) >= 4000);
    }

    @Test
    void theSameParentChildStructure() throws Exception {
        // Ids differ where Zipkin shares a client's id with its server: compare each span by what it is,
        // under what it is a child of (a root has none).
        sameInEveryFormat("parent/child pairs", """
                select c.trace_id, c.service_name, c.name, c.kind, p.service_name, p.name, p.kind, count(*)
                from spans c left join spans p on p.trace_id = c.trace_id and p.span_id = c.parent_span_id
                group by all order by all""");
        sameInEveryFormat("orphans", "select count(*) from spans c where c.parent_span_id <> '' and not exists "
                + "(select 1 from spans p where p.trace_id = c.trace_id and p.span_id = c.parent_span_id)");
        sameInEveryFormat("events", "select count(*) from span_events");
    }

    @Test
    void linksAndResourcesTravelWhereTheFormatCarriesThem() throws Exception {
        String links = "select count(*) from span_links";
        assertEquals(column("otlp", links), column("jaeger", links), "FOLLOWS_FROM references");
        assertTrue(Long.parseLong(column("otlp", links).get(0).replaceAll("\\D", "")) > 0);
        assertEquals("[0]", column("zipkin", links).get(0), "Zipkin has no links");
        String versions = "select distinct service_name, resource->>'/service.version' from spans order by all";
        assertEquals(column("otlp", versions), column("jaeger", versions), "process tags are the resource");
    }

    @Test
    void theSameMapNodesEdgesCallsAndErrors() {
        Map<String, String> nodes = nodes(maps.get("otlp"));
        Map<String, long[]> edges = edges(maps.get("otlp"));
        assertTrue(nodes.containsValue("database") && nodes.containsValue("cache") && nodes.containsValue("messaging"),
                nodes.toString());
        for (String format : FORMATS.subList(1, FORMATS.size())) {
            JsonNode map = maps.get(format);
            assertEquals(nodes, nodes(map), format + " nodes");
            Map<String, long[]> other = edges(map);
            assertEquals(edges.keySet(), other.keySet(), format + " edges");
            edges.forEach((k, v) -> assertEquals(List.of(v[0], v[1]), List.of(other.get(k)[0], other.get(k)[1]),
                    format + " " + k + " calls, errors"));
            for (JsonNode e : maps.get("otlp").get("edges")) {
                JsonNode o = find(map, e.get("source").asText(), e.get("target").asText());
                for (String q : new String[] {"p50_ms", "p95_ms", "p99_ms"}) {
                    // Every latency is cut to whole microseconds, so each order statistic moves by under 1 µs.
                    assertEquals(e.get(q).asDouble(), o.get(q).asDouble(), 0.001, format + " " + q);
                }
            }
        }
    }

    @Test
    void anUnknownFormatIsBadInput() {
        CliRun r = CliRun.of("demo", "generate", "--format", "xml", dir.resolve("x").toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("expected otlp, jaeger or zipkin"), r.err());
    }

    private static Map<String, String> nodes(JsonNode map) {
        Map<String, String> m = new TreeMap<>();
        map.get("nodes").forEach(n -> m.put(n.get("id").asText(), n.get("kind").asText()));
        return m;
    }

    private static Map<String, long[]> edges(JsonNode map) {
        Map<String, long[]> m = new TreeMap<>();
        map.get("edges").forEach(e -> m.put(e.get("source").asText() + " -> " + e.get("target").asText(),
                new long[] {e.get("calls").asLong(), e.get("errors").asLong()}));
        return m;
    }

    private static JsonNode find(JsonNode map, String source, String target) {
        for (JsonNode e : map.get("edges")) {
            if (e.get("source").asText().equals(source) && e.get("target").asText().equals(target)) {
                return e;
            }
        }
        throw new AssertionError(source + " -> " + target);
    }
}
