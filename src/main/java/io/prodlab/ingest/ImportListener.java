package io.prodlab.ingest;

import java.nio.file.Path;

/**
 * Hears how an import goes. Called on the importing thread: an implementation that updates a UI
 * must hand the values over to its own thread.
 */
public interface ImportListener {
    ImportListener NONE = new ImportListener() {
    };

    /** A file starts; {@code index} is 0-based among {@code total} files. */
    default void fileStarted(Path file, int index, int total) {
    }

    /** Called every few thousand records and at least every ~100 ms of reading. */
    default void progress(Path file, long bytesRead, long totalBytes, long spans) {
    }

    default void fileFinished(FileImportResult result) {
    }
}
