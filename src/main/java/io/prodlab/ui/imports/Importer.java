package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the Import view needs of the import pipeline: the shape of
 * {@code ImportService::importPaths}, so that the composition root hands in the real service and
 * tests a controllable one.
 */
@FunctionalInterface
public interface Importer {
    List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                       BooleanSupplier cancelled) throws WorkspaceException;
}
