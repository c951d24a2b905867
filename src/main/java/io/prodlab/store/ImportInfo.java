package io.prodlab.store;

import java.time.Instant;

/**
 * One row of the {@code imports} table.
 *
 * @param finishedAt when the file's import was committed; null while one runs
 * @param counts every per-table count of the file (spans, events, links and rejected repeat the fields)
 */
public record ImportInfo(long importId, String path, String sha256, String format, long bytes, long spans,
                         long events, long links, long rejected, String status, String message,
                         Instant startedAt, Instant finishedAt, ImportCounts counts) {
}
