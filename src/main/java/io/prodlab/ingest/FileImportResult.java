package io.prodlab.ingest;

import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one file of an import; the CLI prints it as one element of
 * {@code import --json}'s {@code files} array.
 *
 * @param format the format the file was read as ({@code otlp-json}, ...), or {@code unknown}
 * @param duplicates spans that were already in the workspace (or earlier in the file) and were not stored again
 * @param message a sentence for the user: why a file was skipped or refused, or a summary
 * @param importId the {@code imports} row that holds the file (for a skipped file, the earlier import of the
 *                 same content); 0 when none
 * @param extent the time range, services and first rejected records of that import; null until
 *               {@link #withExtents} looked them up (or when there is no import)
 */
public record FileImportResult(String path, String format, Status status, long spans, long events, long links,
                               long logs, long metricPoints, long annotations, long exposures, long duplicates,
                               long rejected, String message, long importId, ImportExtentQuery.Extent extent) {

    /** Rejected records {@link #withExtents} reads per file, at most. */
    public static final int REJECTED_SHOWN = 20;

    /** A result without its import's row or extent. */
    public FileImportResult(String path, String format, Status status, long spans, long events, long links,
                            long logs, long metricPoints, long annotations, long exposures, long duplicates,
                            long rejected, String message) {
        this(path, format, status, spans, events, links, logs, metricPoints, annotations, exposures, duplicates,
                rejected, message, 0, null);
    }

    /** A result without log records or duplicates (the shape before they were counted). */
    public FileImportResult(String path, String format, Status status, long spans, long events, long links,
                            long metricPoints, long annotations, long exposures, long rejected, String message) {
        this(path, format, status, spans, events, links, 0, metricPoints, annotations, exposures, 0, rejected, message);
    }

    public enum Status {
        /** The file landed whole (with its rejected records listed). */
        IMPORTED,
        /** The same content (same sha256) was imported before: nothing was written. */
        SKIPPED,
        /** The file could not be read as any supported format: nothing was written. */
        REFUSED,
        /** The user cancelled while this file was importing: nothing of it was written. */
        CANCELLED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static FileImportResult notImported(String path, String format, Status status, String message) {
        return new FileImportResult(path, format, status, 0, 0, 0, 0, 0, 0, 0, 0, 0, message);
    }

    /** This result as held by import {@code id}. */
    public FileImportResult withImportId(long id) {
        return new FileImportResult(path, format, status, spans, events, links, logs, metricPoints, annotations,
                exposures, duplicates, rejected, message, id, extent);
    }

    /** This result with its import's extent. */
    public FileImportResult withExtent(ImportExtentQuery.Extent e) {
        return new FileImportResult(path, format, status, spans, events, links, logs, metricPoints, annotations,
                exposures, duplicates, rejected, message, importId, e);
    }

    /** Up to this many files, each one's extent is read by itself; past it, all in one pass. */
    private static final int PER_FILE_QUERIES = 8;

    /**
     * The results with the extent of each one's import (imported and skipped files) read from the
     * workspace: after the import, on the thread that ran it.
     */
    public static List<FileImportResult> withExtents(Workspace ws, List<FileImportResult> results)
            throws WorkspaceException {
        List<FileImportResult> out = new ArrayList<>(results.size());
        ImportExtentQuery q = new ImportExtentQuery(ws);
        long wanted = results.stream().filter(r -> r.importId() > 0 && r.extent() == null).count();
        // Many files (a folder of small exports): one pass over each table for all of them, instead of
        // three queries a file, which cost more than importing a small file does.
        java.util.Map<Long, ImportExtentQuery.Extent> all = wanted > PER_FILE_QUERIES ? q.all() : null;
        for (FileImportResult r : results) {
            if (r.importId() <= 0 || r.extent() != null) {
                out.add(r);
            } else if (all == null) {
                out.add(r.withExtent(q.of(r.importId(), REJECTED_SHOWN)));
            } else {
                ImportExtentQuery.Extent e = all.getOrDefault(r.importId(),
                        new ImportExtentQuery.Extent(null, null, List.of(), List.of()));
                out.add(r.withExtent(r.rejected() == 0 ? e : new ImportExtentQuery.Extent(e.firstNs(), e.lastNs(),
                        e.services(), q.rejected(r.importId(), REJECTED_SHOWN))));
            }
        }
        return out;
    }
}
