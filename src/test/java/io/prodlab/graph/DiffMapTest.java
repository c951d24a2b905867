package io.prodlab.graph;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diff map on the demo shop's planted checkout canary (+80 ms on its requests). */
class DiffMapTest {
    @TempDir
    static Path dir;
    private static Workspace ws;

    @BeforeAll
    static void demoShop() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"));
        new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    @Test
    void theCanaryShowsAsASignificantLatencyShiftOnItsIncomingCallAndNowhereElse() throws Exception {
        DiffMapService.DiffMap d = new DiffMapService(ws).build("baseline", "service.version = \"1.4.0\"", "canary",
                "service.version = \"1.5.0-canary\"", null, Long.MIN_VALUE, Long.MAX_VALUE);
        DiffMapService.EdgeDiff in = d.edges().stream()
                .filter(e -> e.source().equals("frontend") && e.target().equals("checkout")).findFirst().orElseThrow();
        assertEquals(DiffMapService.Change.BOTH, in.change());
        var shift = in.latency().value();
        assertTrue(shift.ciLow() < 80 && 80 < shift.ciHigh(), "the planted +80 ms: " + shift);
        assertTrue(in.latencyPAdjusted() < 1e-6, String.valueOf(in.latencyPAdjusted()));
        List<String> significant = d.edges().stream().filter(e -> e.latencyPAdjusted() < 0.05 || e.errorsPAdjusted() < 0.05)
                .map(e -> e.source() + " -> " + e.target()).toList();
        assertEquals(List.of("frontend -> checkout"), significant, "checkout's own calls did not change");
        assertEquals(432 + 50, in.baseline().calls() + in.candidate().calls(), "every call to checkout, split by version");
    }

    @Test
    void edgesOnlyOneCohortHasAreAddedOrRemoved() throws Exception {
        DiffMapService.DiffMap d = new DiffMapService(ws).build("cart", "service.name = \"cart\"", "payment",
                "service.name = \"payment\"", null, Long.MIN_VALUE, Long.MAX_VALUE);
        var byChange = d.edges().stream().collect(Collectors.groupingBy(DiffMapService.EdgeDiff::change,
                Collectors.mapping(e -> e.source() + " -> " + e.target(), Collectors.toCollection(java.util.TreeSet::new))));
        assertEquals(new java.util.TreeSet<>(List.of("cart -> redis", "checkout -> cart", "frontend -> cart")),
                byChange.get(DiffMapService.Change.REMOVED));
        assertEquals(new java.util.TreeSet<>(List.of("checkout -> payment", "payment -> postgresql")),
                byChange.get(DiffMapService.Change.ADDED));
        DiffMapService.EdgeDiff removed = d.edges().stream().filter(e -> e.change() == DiffMapService.Change.REMOVED)
                .findFirst().orElseThrow();
        assertNull(removed.candidate());
        assertNull(removed.errors(), "no test for an edge only one side has");
        assertTrue(Double.isNaN(removed.latencyPAdjusted()));
        assertTrue(d.nodes().stream().anyMatch(n -> n.id().equals("postgresql") && n.change() == DiffMapService.Change.ADDED
                && n.kind() == DependencyMap.Kind.DATABASE));
        assertTrue(d.nodes().stream().anyMatch(n -> n.id().equals("frontend") && n.kind() == DependencyMap.Kind.SERVICE),
                "a service whose own spans the filter drops is still a service");
    }
}
