package io.prodlab.ui.imports;

import io.prodlab.ingest.ExportProbe;
import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportHints;
import io.prodlab.ingest.ImportListener;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the Import view needs of the import pipeline: the shape of
 * {@code ImportService::importPaths} (with the hints the user confirmed), so that the composition root
 * hands in the real service and tests a controllable one.
 */
@FunctionalInterface
public interface Importer {
    List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                       BooleanSupplier cancelled, ImportHints hints) throws WorkspaceException;

    /** Imports without hints. */
    default List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                               BooleanSupplier cancelled) throws WorkspaceException {
        return importPaths(workspace, paths, listener, cancelled, ImportHints.NONE);
    }

    /** What each file is before it is imported (off the FX thread: it reads the files' starts). */
    default List<ExportProbe.Recognition> recognise(List<Path> paths) {
        return ExportProbe.recognise(paths, ImportHints.NONE);
    }
}
