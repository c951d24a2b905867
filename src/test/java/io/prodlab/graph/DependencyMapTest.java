package io.prodlab.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.ingest.ImportService;
import io.prodlab.model.ServiceEdge;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The map of the demo shop equals the topology its simulator was told to build (ground-truth.json). */
class DependencyMapTest {
    @TempDir
    static Path dir;
    private static Workspace ws;
    private static JsonNode truth;

    @BeforeAll
    static void demoShop() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"));
        new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
        truth = new ObjectMapper().readTree(Path.of("sample-data", "ground-truth.json").toFile());
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static Set<String> pairs(List<ServiceEdge> edges) {
        return edges.stream().map(e -> e.source() + " -> " + e.target()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void edgesAreExactlyTheSimulatedTopologyIncludingDatabasesCachesAndTheBroker() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        Set<String> expected = new TreeSet<>();
        truth.get("edges").forEach(e -> expected.add(e.get("source").asText() + " -> " + e.get("target").asText()));
        assertEquals(expected, pairs(map.edges()));

        Map<String, DependencyMap.Kind> kinds = map.nodes().stream()
                .collect(Collectors.toMap(DependencyMap.Node::id, DependencyMap.Node::kind));
        assertEquals(DependencyMap.Kind.DATABASE, kinds.get("postgresql"));
        assertEquals(DependencyMap.Kind.CACHE, kinds.get("redis"));
        assertEquals(DependencyMap.Kind.MESSAGING, kinds.get("kafka"));
        truth.get("services").forEach(s -> {
            if (s.get("kind").asText().equals("service")) {
                assertEquals(DependencyMap.Kind.SERVICE, kinds.get(s.get("name").asText()), s.get("name").asText());
            }
        });
        assertEquals(12, map.nodes().size(), "9 services, postgresql, redis, kafka");
    }

    @Test
    void aServiceCallIsCountedOnceAndMeasuredOnTheClientSide() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        ServiceEdge e = map.edges().stream().filter(x -> x.source().equals("checkout") && x.target().equals("payment"))
                .findFirst().orElseThrow();
        var sql = new SqlConsole(ws).query("""
                select count(*), count(*) filter (where p.status = 'error'),
                       quantile_cont(p.duration_ns, 0.95) / 1e6
                from spans c join spans p on p.trace_id = c.trace_id and p.span_id = c.parent_span_id
                where p.service_name = 'checkout' and c.service_name = 'payment'""", 1).rows().get(0);
        assertEquals(((Number) sql.get(0)).longValue(), e.calls());
        assertEquals(((Number) sql.get(1)).longValue(), e.errors());
        assertEquals(((Number) sql.get(2)).doubleValue(), e.p95Ms(), 1e-9);
        assertEquals(482, e.calls(), "one call per placed order");
    }

    @Test
    void theBrokerCarriesOneCallPerMessageEachWay() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        long in = map.edges().stream().filter(x -> x.target().equals("kafka")).mapToLong(ServiceEdge::calls).sum();
        long out = map.edges().stream().filter(x -> x.source().equals("kafka")).mapToLong(ServiceEdge::calls).sum();
        assertEquals(476, in, "producer spans");
        assertEquals(471, out, "consumer spans");
    }

    @Test
    void aFilterKeepsTheCallsWhoseCallerOrCalleeMatches() throws Exception {
        DependencyMap map = new DependencyMapService(ws).build("service.version = \"1.5.0-canary\"", Long.MIN_VALUE,
                Long.MAX_VALUE);
        Set<String> edges = pairs(map.edges());
        assertTrue(edges.contains("frontend -> checkout"), "the canary's incoming calls: " + edges);
        assertTrue(edges.contains("checkout -> payment"), "and its outgoing ones: " + edges);
        assertTrue(edges.stream().allMatch(p -> p.contains("checkout")), "nothing that does not touch it: " + edges);
        assertEquals(List.of("checkout"), map.nodes().stream().filter(n -> n.kind() == DependencyMap.Kind.SERVICE
                && n.spans() > 0 && !n.id().equals("frontend") && !n.id().equals("payment") && !n.id().equals("cart")
                && !n.id().equals("currency") && !n.id().equals("shipping") && !n.id().equals("product-catalog"))
                .map(DependencyMap.Node::id).toList());
    }

    @Test
    void dotNamesEveryNodeAndEdge() throws Exception {
        String dot = DotWriter.write(new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(dot.startsWith("digraph dependencies {\n  rankdir=LR;"), dot);
        assertTrue(dot.contains("\"postgresql\" [shape=cylinder, label=\"postgresql\\ndatabase\"];"), dot);
        assertTrue(dot.contains("\"checkout\" -> \"payment\" [label=\"482 calls, "), dot);
        assertEquals(18, dot.lines().filter(l -> l.contains(" -> ")).count());
    }
}
