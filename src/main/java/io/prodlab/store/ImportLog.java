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
        return ws.sql().list("read the import log", "select " + COLUMNS + " from imports "
                        + "where sha256 = ? and status = 'imported' order by import_id limit 1",
                ImportLog::info, sha256).stream().findFirst();
    }

    /** Whether a file of this size was imported before (the only ones whose hash is worth computing first). */
    public boolean anyImportedOfSize(long bytes) throws WorkspaceException {
        return ws.sql().query("read the import log",
                "select count(*) > 0 from imports where bytes = ? and status = 'imported'",
                rs -> rs.next() && rs.getBoolean(1), bytes);
    }

    /** The records that import {@code importId} could not take, in file order. */
    public List<RejectedRow> rejected(long importId) throws WorkspaceException {
        return ws.sql().list("read the rejected records",
                "select import_id, file, location, reason, excerpt from rejected where import_id = ? order by rowid",
                rs -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), importId);
    }

    // --- written by ImportWriter, inside its transaction ----------------------------------

    long begin(String path, String sha256, String format, long bytes) throws WorkspaceException {
        long id = ws.sql().query("number the import", "select nextval('import_id_seq')", rs -> {
            rs.next();
            return rs.getLong(1);
        });
        ws.sql().update("record the import", "insert into imports (import_id, path, sha256, format, bytes, status, "
                + "started_at) values (?, ?, ?, ?, ?, 'importing', ?)", id, path, sha256, format, bytes, now());
        return id;
    }

    void finish(long importId, ImportCounts c, String message, String sha256) throws WorkspaceException {
        // The real end: now() in SQL would be the transaction's start.
        ws.sql().update("record the import", "update imports set spans = ?, events = ?, links = ?, logs = ?, "
                        + "metric_points = ?, annotations = ?, exposures = ?, duplicates = ?, rejected = ?, "
                        + "status = 'imported', message = ?, finished_at = ?, sha256 = coalesce(?, sha256) "
                        + "where import_id = ?", c.spans(), c.events(), c.links(), c.logs(), c.metricPoints(),
                c.annotations(), c.exposures(), c.duplicates(), c.rejected(), message, now(), sha256, importId);
    }

    private static java.time.OffsetDateTime now() {
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
