package io.prodlab.ui.map;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;

import java.nio.file.Path;
import java.util.List;

/** The bundled demo shop (sample-data/) imported into a workspace, with the map the core derives of it. */
record DemoShop(Path workspace, DependencyMap map) {
    static DemoShop in(Path dir) throws Exception {
        Path ws = dir.resolve("shop.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            new ImportService().importPaths(w, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
            return new DemoShop(ws, new DependencyMapService(w).build(null, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }
}
