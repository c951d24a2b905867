package io.prodlab.ui.testing;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.imports.Importer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The real {@link ImportService}, held at its first progress report with spans written (but not
 * committed) until the import is cancelled — so a test can press Cancel in the middle of a real
 * file without racing the importer.
 */
public final class GatedImporter implements Importer {
    private final ImportService service = new ImportService();
    private final CancelGate gate = new CancelGate();

    public boolean isHolding() {
        return gate.isHolding();
    }

    @Override
    public List<FileImportResult> importPaths(Workspace ws, List<Path> paths, ImportListener listener,
                                              BooleanSupplier cancelled, io.prodlab.ingest.ImportHints hints)
            throws WorkspaceException {
        ImportListener holdingAtFirstSpans = new ImportListener() {
            private boolean held;

            @Override
            public void fileStarted(Path file, int index, int total) {
                listener.fileStarted(file, index, total);
            }

            @Override
            public void progress(Path file, long bytesRead, long totalBytes, long spans) {
                listener.progress(file, bytesRead, totalBytes, spans);
                if (!held && spans > 0) {
                    held = true;
                    gate.holdUntil(cancelled);
                }
            }

            @Override
            public void fileFinished(FileImportResult result) {
                listener.fileFinished(result);
            }
        };
        return service.importPaths(ws, paths, holdingAtFirstSpans, cancelled, hints);
    }
}
