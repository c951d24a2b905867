package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;

import java.util.List;

/**
 * A snapshot of a running import, taken on the importing thread and shown on the UI thread.
 *
 * @param fileIndex 0-based index of the file being read among {@code fileCount}
 * @param spans spans read so far over all files of this run
 * @param finished the files done so far, in order
 */
public record ImportProgress(String fileName, int fileIndex, int fileCount, long bytesRead, long totalBytes,
                             long spans, long elapsedNanos, List<FileImportResult> finished) {

    /** How far the run is, 0..1: whole files done plus the read share of the current one. */
    public double fraction() {
        if (fileCount <= 0) {
            return 0;
        }
        double current = finished.size() > fileIndex ? 1.0
                : totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 0.0;
        return Math.min(1.0, (fileIndex + current) / fileCount);
    }

    /** Spans per second since the run started; 0 before a measurable time has passed. */
    public double spansPerSecond() {
        return elapsedNanos <= 0 ? 0 : spans / (elapsedNanos / 1e9);
    }
}
