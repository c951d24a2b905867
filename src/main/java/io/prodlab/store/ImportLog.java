package io.prodlab.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's record of its imports: one row per file in {@code imports}, and the records each
 * could not take in {@code rejected}.
 */
public final class ImportLog {
    private static final String COLUMNS = "import_id, path, sha256, format, bytes, spans, events, links, rejected, "
            + "status, coalesce(message, ''), epoch_ms(started_at), epoch_ms(finished_at), logs, metric_points, "
            + "annotations, exposures, duplicates";

    private final Workspace ws;

    ImportLog(Workspace ws) {
        this.ws = ws;
    }

    /** Every file imported so far, oldest first. */
    public List<ImportInfo> imports() throws WorkspaceException {
        return ws.sql().list("read the import log", "select " + COLUMNS + " from imports order by import_id",
                ImportLog::info);
    }

    /** The imported file with this content hash, if one landed. */
    public Optional<ImportInfo> findBySha256(String sha256) throws WorkspaceException {
        return ws.sql().queryKept("read the import log", "select " + COLUMNS + " from imports "
                        + "where sha256 = ? and status = 'imported' order by import_id limit 1",
                rs -> rs.next() ? Optional.of(info(rs)) : Optional.<ImportInfo>empty(), sha256);
    }

    /**
     * The content hash and size of every file imported so far: an import of many files reads them
     * once and keeps them up to date, instead of asking the workspace for every file.
     */
    public java.util.Map<String, Long> importedContent() throws WorkspaceException {
        return ws.sql().query("read the import log", "select sha256, bytes from imports where status = 'imported'", rs -> {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    /** The records that import {@code importId} could not take, in file order. */
    public List<RejectedRow> rejected(long importId) throws WorkspaceException {
        return ws.sql().list("read the rejected records",
                "select import_id, file, location, reason, excerpt from rejected where import_id = ? order by rowid",
                rs -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), importId);
    }

    // --- written by ImportWriter, inside its transaction ----------------------------------

    /**
     * A number for the import about to start. Its row in {@code imports} is written whole when it
     * commits ({@link #record}): nothing outside the file's transaction ever saw the row between, and
     * updating it cost more than the rest of a small file.
     */
    long nextId() throws WorkspaceException {
        return ws.sql().queryKept("number the import", "select nextval('import_id_seq')", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    void record(long importId, String path, String sha256, String format, long bytes,
                java.time.OffsetDateTime startedAt, ImportCounts c, String message) throws WorkspaceException {
        // The real end: now() in SQL would be the transaction's start.
        ws.sql().updateKept("record the import", "insert into imports (import_id, path, sha256, format, bytes, spans, "
                        + "events, links, logs, metric_points, annotations, exposures, duplicates, rejected, status, "
                        + "message, started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'imported', "
                        + "?, ?, ?)", importId, path, sha256, format, bytes, c.spans(), c.events(), c.links(), c.logs(),
                c.metricPoints(), c.annotations(), c.exposures(), c.duplicates(), c.rejected(), message, startedAt,
                now());
    }

    static java.time.OffsetDateTime now() {
        return java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }

    private static ImportInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
        long finished = rs.getLong(13);
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        ImportCounts counts = new ImportCounts(rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(14),
                rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(9));
        return new ImportInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10), rs.getString(11),
                Instant.ofEpochMilli(rs.getLong(12)), finishedAt, counts);
    }
}
