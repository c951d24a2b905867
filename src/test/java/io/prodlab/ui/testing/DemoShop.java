package io.prodlab.ui.testing;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;

import java.nio.file.Path;
import java.util.List;

/** The bundled demo shop (sample-data/, 50,004 spans with a planted checkout canary) in a workspace of its own. */
public final class DemoShop {
    public static final String BASELINE = "service.name = \"checkout\" and service.version = \"1.4.0\"";
    public static final String CANARY = "service.name = \"checkout\" and service.version = \"1.5.0-canary\"";
    public static final String SERVER = "kind = server";

    private DemoShop() {
    }

    /** Imports the sample data into {@code dir/shop.prodlab} and closes it again. */
    public static Path build(Path dir) throws Exception {
        Path file = dir.resolve("shop.prodlab");
        try (Workspace ws = Workspace.openOrCreate(file)) {
            new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
        }
        return file;
    }
}
