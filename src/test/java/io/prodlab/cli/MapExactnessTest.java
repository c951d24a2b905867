package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prodlab map --json} is exactly right on a generated topology whose calls are counted as they are
 * generated: service pairs (a client span and its server child are one call, retries are calls, a call of
 * a service to itself), databases ({@code db.system}, {@code db.system.name}, {@code db.name}), caches
 * (redis, memcached), a broker (producer → kafka → consumer, the consumer a child of the producer or linked
 * from another trace, named by itself or by its producer parent), external peers ({@code peer.service}, {@code server.address}, {@code net.peer.name}).
 * The same spans are written as OTLP/JSON and as Zipkin v2 JSON (a client and its server share one id,
 * peers in {@code remoteEndpoint}); both imports give the same exact map. Quantiles are computed here, by
 * linear interpolation between order statistics (numpy's default), from the generated latencies.
 */
class MapExactnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** A generated span; times in whole microseconds so that every format carries them exactly. */
    record S(String trace, String id, String parent, String service, String name, String kind, long startUs,
             long durUs, boolean error, Map<String, String> attrs, String linkTrace, String linkSpan) {
    }

    /** A call as the generator counts it: the edge, the calling side's latency (ms) and failure. */
    record Call(String source, String target, double ms, boolean failed) {
    }

    static final List<S> spans = new ArrayList<>();
    static final List<Call> calls = new ArrayList<>();
    static final Map<String, String> kinds = new TreeMap<>();
    private static long ids;

    @BeforeAll
    static void generate() throws Exception {
        Random r = new Random(20261201);
        for (int t = 0; t < 400; t++) {
            String trace = String.format(Locale.ROOT, "%032x", 0x1000L + t);
            long at = 1_780_000_000_000_000L + t * 50_000L;
            S root = span(trace, null, "web", "GET /page", "server", at, 20_000 + r.nextInt(30_000), r.nextInt(40) == 0,
                    Map.of());
            S render = span(trace, root.id, "web", "render", "internal", at + 100, 15_000, false, Map.of());
            int tries = r.nextInt(5) == 0 ? 2 : 1; // a retried call is two calls
            for (int i = 0; i < tries; i++) {
                S client = call(r, trace, render, "web", "api", "api.Get", "Get", at + 200 + i * 6_000, Map.of());
                S server = spans.get(spans.size() - 1);
                if (i == tries - 1) {
                    api(r, trace, server, at + 300 + i * 6_000);
                }
                assertTrue(client.kind.equals("client"));
            }
            if (r.nextInt(20) == 0) {
                leaf(r, trace, render, "web", "mysql", "database", "SELECT ads", at + 500, Map.of("db.system.name", "mysql"));
            }
        }
        kinds.put("web", "service");
        kinds.put("api", "service");
        kinds.put("worker", "service");
    }

    private static String id() {
        return String.format(Locale.ROOT, "%016x", ++ids);
    }

    private static S span(String trace, String parent, String service, String name, String kind, long startUs,
                          long durUs, boolean error, Map<String, String> attrs) {
        return span(trace, parent, service, name, kind, startUs, durUs, error, attrs, null, null);
    }

    private static S span(String trace, String parent, String service, String name, String kind, long startUs,
                          long durUs, boolean error, Map<String, String> attrs, String linkTrace, String linkSpan) {
        S s = new S(trace, id(), parent, service, name, kind, startUs, durUs, error, attrs, linkTrace, linkSpan);
        spans.add(s);
        return s;
    }

    /** A client span of {@code from} and the server span it causes in {@code to}: one call, the client's figures. */
    private static S call(Random r, String trace, S parent, String from, String to, String clientName, String serverName,
                          long at, Map<String, String> attrs) {
        long dur = 1_000 + r.nextInt(9_000);
        boolean failed = r.nextInt(12) == 0;
        S client = span(trace, parent.id, from, clientName, "client", at, dur, failed, attrs);
        span(trace, client.id, to, serverName, "server", at + 50, dur - 100, failed && r.nextBoolean(), Map.of());
        calls.add(new Call(from, to, dur / 1000.0, failed));
        return client;
    }

    /** A client (or producer) span of a node that reports nothing. */
    private static S leaf(Random r, String trace, S parent, String from, String node, String kind, String name, long at,
                          Map<String, String> attrs) {
        long dur = 100 + r.nextInt(4_000);
        boolean failed = r.nextInt(25) == 0;
        String spanKind = kind.equals("messaging") ? "producer" : "client";
        S s = span(trace, parent.id, from, name, spanKind, at, dur, failed, attrs);
        calls.add(new Call(from, node, dur / 1000.0, failed));
        kinds.put(node, kind);
        return s;
    }

    private static void api(Random r, String trace, S server, long at) {
        leaf(r, trace, server, "api", "postgresql", "database", "SELECT orders", at + 10,
                Map.of("db.system", "postgresql", "db.name", "orders"));
        for (int k = r.nextInt(4); k > 0; k--) {
            leaf(r, trace, server, "api", "redis", "cache", "GET", at + 20 + k, Map.of("db.system", "redis"));
        }
        if (r.nextInt(10) == 0) {
            leaf(r, trace, server, "api", "memcached", "cache", "get", at + 30, Map.of("db.system", "memcached"));
        }
        if (r.nextInt(20) == 0) {
            leaf(r, trace, server, "api", "reports", "database", "SELECT totals", at + 35, Map.of("db.name", "reports"));
        }
        if (r.nextInt(3) == 0) {
            leaf(r, trace, server, "api", "payments-provider", "external", "charge", at + 40,
                    Map.of("peer.service", "payments-provider", "server.address", "pay.example.com"));
        }
        if (r.nextInt(4) == 0) {
            leaf(r, trace, server, "api", "maps.example.com", "external", "geocode", at + 45,
                    Map.of("server.address", "maps.example.com"));
        }
        if (r.nextInt(6) == 0) {
            leaf(r, trace, server, "api", "legacy-host", "external", "lookup", at + 50, Map.of("net.peer.name", "legacy-host"));
        }
        if (r.nextInt(10) == 0) {
            call(r, trace, server, "api", "api", "api.Self", "Self", at + 55, Map.of());
        }
        if (r.nextInt(2) == 0) {
            Map<String, String> m = Map.of("messaging.system", "kafka", "messaging.destination.name", "orders");
            S producer = leaf(r, trace, server, "api", "kafka", "messaging", "orders send", at + 60, m);
            long dur = 500 + r.nextInt(3_000);
            boolean failed = r.nextInt(15) == 0;
            int how = r.nextInt(3);
            if (how == 0) {
                span(trace, producer.id, "worker", "orders process", "consumer", at + 2_000, dur, failed, m);
            } else if (how == 1) { // a consumer that names no broker: its producer parent does
                span(trace, producer.id, "worker", "orders process", "consumer", at + 2_000, dur, failed, Map.of());
            } else { // a trace of its own, linked to the producer
                String own = "f" + trace.substring(1);
                span(own, null, "worker", "orders process", "consumer", at + 2_000, dur, failed, m, trace, producer.id);
            }
            calls.add(new Call("kafka", "worker", dur / 1000.0, failed));
        }
    }

    static void writeOtlp(Path file) throws Exception {
        Map<String, Integer> kindNumber = Map.of("internal", 1, "server", 2, "client", 3, "producer", 4, "consumer", 5);
        StringBuilder out = new StringBuilder();
        for (S s : spans) {
            ObjectNode line = JSON.createObjectNode();
            ObjectNode rs = line.putArray("resourceSpans").addObject();
            rs.putObject("resource").set("attributes", attributes(Map.of("service.name", s.service)));
            ObjectNode span = rs.putArray("scopeSpans").addObject().putArray("spans").addObject();
            span.put("traceId", s.trace).put("spanId", s.id).put("parentSpanId", s.parent == null ? "" : s.parent)
                    .put("name", s.name).put("kind", kindNumber.get(s.kind))
                    .put("startTimeUnixNano", Long.toString(s.startUs * 1000))
                    .put("endTimeUnixNano", Long.toString((s.startUs + s.durUs) * 1000));
            span.set("attributes", attributes(s.attrs));
            if (s.linkTrace != null) {
                span.putArray("links").addObject().put("traceId", s.linkTrace).put("spanId", s.linkSpan);
            }
            if (s.error) {
                span.putObject("status").put("code", 2).put("message", "failed");
            }
            out.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, out);
    }

    private static ArrayNode attributes(Map<String, String> attrs) {
        ArrayNode a = JSON.createArrayNode();
        new TreeMap<>(attrs).forEach((k, v) -> a.addObject().put("key", k).putObject("value").put("stringValue", v));
        return a;
    }

    /**
     * Zipkin's RPC model: a server span whose parent is a client span shares the client's id ({@code shared}),
     * and its children name that id as their parent; peers go into {@code remoteEndpoint}.
     */
    static void writeZipkin(Path file) throws Exception {
        Map<String, S> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.id, s));
        Map<String, String> sharedAs = new HashMap<>(); // server id -> the client id it shares
        for (S s : spans) {
            S p = s.parent == null ? null : byId.get(s.parent);
            if (s.kind.equals("server") && p != null && p.kind.equals("client")) {
                sharedAs.put(s.id, p.id);
            }
        }
        ArrayNode all = JSON.createArrayNode();
        for (S s : spans) {
            ObjectNode z = all.addObject();
            z.put("traceId", s.trace).put("id", sharedAs.getOrDefault(s.id, s.id));
            String parent = s.parent;
            if (sharedAs.containsKey(s.id)) {
                parent = byId.get(s.parent).parent;
                z.put("shared", true);
            } else if (parent != null) {
                parent = sharedAs.getOrDefault(parent, parent);
            }
            if (parent != null) {
                z.put("parentId", parent);
            }
            z.put("name", s.name);
            if (!s.kind.equals("internal")) {
                z.put("kind", s.kind.toUpperCase(Locale.ROOT));
            }
            z.put("timestamp", s.startUs).put("duration", s.durUs);
            z.putObject("localEndpoint").put("serviceName", s.service);
            Map<String, String> tags = new TreeMap<>(s.attrs);
            String peer = tags.remove("peer.service");
            String address = tags.remove("server.address");
            if (peer != null || address != null) {
                ObjectNode remote = z.putObject("remoteEndpoint");
                if (peer != null) {
                    remote.put("serviceName", peer);
                }
                if (address != null) {
                    remote.put("ipv4", "10.0.0.9");
                    tags.put("server.address", address); // Zipkin endpoints hold addresses, not host names
                }
            }
            if (s.error) {
                tags.put("error", "failed");
            }
            ObjectNode t = z.putObject("tags");
            tags.forEach(t::put);
        }
        Files.writeString(file, JSON.writeValueAsString(all));
    }

    /** Type 7 (numpy's default linear) quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static JsonNode map(String format) throws Exception {
        Path data = dir.resolve("topology." + format);
        if (format.equals("otlp")) {
            writeOtlp(data);
        } else {
            writeZipkin(data);
        }
        Path ws = dir.resolve(format + ".prodlab");
        CliRun imported = CliRun.of("import", "-w", ws.toString(), data.toString());
        assertEquals(0, imported.exit(), imported.err());
        CliRun r = CliRun.of("map", "-w", ws.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "zipkin"})
    void everyEdgeHasExactlyTheGeneratedCallsErrorsAndQuantiles(String format) throws Exception {
        JsonNode map = map(format);
        Map<String, List<Call>> expected = new TreeMap<>();
        calls.forEach(c -> expected.computeIfAbsent(c.source + " -> " + c.target, k -> new ArrayList<>()).add(c));
        Map<String, JsonNode> edges = new TreeMap<>();
        map.get("edges").forEach(e -> edges.put(e.get("source").asText() + " -> " + e.get("target").asText(), e));
        assertEquals(expected.keySet(), edges.keySet());
        expected.forEach((key, list) -> {
            JsonNode e = edges.get(key);
            double[] ms = list.stream().mapToDouble(Call::ms).sorted().toArray();
            assertEquals(list.size(), e.get("calls").asLong(), key + " calls");
            assertEquals(list.stream().filter(Call::failed).count(), e.get("errors").asLong(), key + " errors");
            assertEquals(quantile(ms, 0.50), e.get("p50_ms").asDouble(), 1e-9, key + " p50");
            assertEquals(quantile(ms, 0.95), e.get("p95_ms").asDouble(), 1e-9, key + " p95");
            assertEquals(quantile(ms, 0.99), e.get("p99_ms").asDouble(), 1e-9, key + " p99");
        });
        assertTrue(expected.get("web -> api").size() > 400, "retries are calls of their own");
        assertTrue(expected.containsKey("api -> api"), "a call of a service to itself");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "zipkin"})
    void everyNodeHasItsKind(String format) throws Exception {
        Map<String, String> actual = new TreeMap<>();
        map(format).get("nodes").forEach(n -> actual.put(n.get("id").asText(), n.get("kind").asText()));
        assertEquals(kinds, actual);
    }

    @Test
    void theOperationMapOfAServiceJoinsTheCallingAndTheCalledSpansOperations() throws Exception {
        map("otlp");
        CliRun r = CliRun.of("map", "-w", dir.resolve("otlp.prodlab").toString(), "--operations", "web", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        Map<String, Long> edges = new TreeMap<>();
        doc.get("edges").forEach(e -> edges.put(e.get("source").asText() + " -> " + e.get("target").asText(),
                e.get("calls").asLong()));
        Map<String, Long> expected = new TreeMap<>();
        expected.put("web:api.Get -> api:Get", calls.stream().filter(c -> c.source.equals("web") && c.target.equals("api"))
                .count());
        long mysql = calls.stream().filter(c -> c.target.equals("mysql")).count();
        if (mysql > 0) {
            expected.put("web:SELECT ads -> mysql", mysql);
        }
        assertEquals(expected, edges, "only web's calls, in and out; api's own calls are not its neighbourhood");
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        doc.get("nodes").forEach(n -> nodes.put(n.get("id").asText(), n));
        assertEquals("service", nodes.get("api:Get").get("kind").asText());
        assertEquals(spans.stream().filter(s -> s.service.equals("api") && s.name.equals("Get")).count(),
                nodes.get("api:Get").get("spans").asLong());
        assertEquals("database", nodes.get("mysql").get("kind").asText());

        CliRun missing = CliRun.of("map", "-w", dir.resolve("otlp.prodlab").toString(), "--operations", "nope", "--json");
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("no service 'nope'"), missing.err());
    }

    @Test
    void theGeneratedTopologyHasEveryKindOfCall() {
        assertTrue(Arrays.asList("postgresql", "redis", "memcached", "kafka", "reports", "mysql", "payments-provider",
                "maps.example.com", "legacy-host").stream().allMatch(kinds::containsKey), kinds.toString());
    }
}
