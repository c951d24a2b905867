package io.prodlab.graph;

import io.prodlab.ingest.ImportService;
import io.prodlab.model.ServiceEdge;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GraphAlgorithmsTest {
    @TempDir
    Path dir;

    private static DependencyMap map(String... edges) {
        Set<String> ids = new java.util.TreeSet<>();
        List<ServiceEdge> list = new java.util.ArrayList<>();
        for (String e : edges) {
            String[] st = e.split(">");
            ids.add(st[0]);
            ids.add(st[1]);
            list.add(new ServiceEdge(st[0], st[1], 1, 0, 1, 1, 1, 0, 0));
        }
        return new DependencyMap(ids.stream().map(id -> new DependencyMap.Node(id, DependencyMap.Kind.SERVICE, 1, 1, 0,
                1, 1, 1)).toList(), list);
    }

    @Test
    void cyclesAreTheStronglyConnectedGroupsAndTheSelfCalls() {
        GraphAlgorithms g = new GraphAlgorithms(map("a>b", "b>c", "c>a", "c>d", "d>d", "e>f", "f>e", "x>y"));
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d"), List.of("e", "f")), g.cycles());
        assertEquals(List.of(), new GraphAlgorithms(map("a>b", "b>c", "a>c")).cycles());
    }

    @Test
    void fanInFanOutDownstreamUpstreamAndNeighbourhood() {
        GraphAlgorithms g = new GraphAlgorithms(map("gw>a", "gw>b", "a>db", "b>db", "db>disk", "other>x"));
        assertEquals(2, g.fanOut("gw"));
        assertEquals(2, g.fanIn("db"));
        assertEquals(Set.of("a", "b", "db", "disk"), g.downstream("gw"));
        assertEquals(Set.of("gw", "a", "b"), g.upstream("db"));
        DependencyMap around = g.neighbourhood("a", 1);
        assertEquals(Set.of("gw", "a", "db"), around.nodes().stream().map(DependencyMap.Node::id).collect(Collectors.toSet()));
        assertEquals(2, around.edges().size(), "gw>a and a>db");
        assertEquals(Set.of("gw", "a", "b", "db", "disk"), g.neighbourhood("a", 2).nodes().stream()
                .map(DependencyMap.Node::id).collect(Collectors.toSet()));
        assertEquals(1, g.neighbourhood("a", 0).nodes().size());
    }

    @Test
    void onTheDemoShopEverythingTheCheckoutCallsIsDownstreamAndThereIsNoCycle() throws Exception {
        DependencyMap map;
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"))) {
            new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
            map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        GraphAlgorithms g = new GraphAlgorithms(map);
        assertEquals(List.of(), g.cycles());
        assertEquals(6, g.fanOut("frontend"));
        assertEquals(Set.of("cart", "currency", "email", "kafka", "payment", "postgresql", "product-catalog", "redis",
                "shipping"), g.downstream("checkout"));
        assertEquals(Set.of("checkout", "frontend", "payment", "product-catalog", "recommendation"), g.upstream("postgresql"));
    }
}
