package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Imports files and folders of exports into a workspace, one transaction per file.
 */
public final class ImportService {

    /**
     * Imports each file (folders are walked, files in name order). Formats are told by content,
     * not by name; {@code .gz} files are read through. A file whose sha256 was imported before is
     * skipped; a file that is not a supported export is refused; neither writes anything.
     *
     * @param cancelled polled while reading; when it turns true the file in progress is rolled
     *                  back, reported as {@code CANCELLED}, and no further file is started
     * @return one result per file, in the order imported
     * @throws WorkspaceException the workspace could not be written (the file in progress is rolled back)
     */
    public List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                              BooleanSupplier cancelled) throws WorkspaceException {
        throw new UnsupportedOperationException("TODO(#2): being written");
    }
}
