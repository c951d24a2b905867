package io.prodlab.store;

import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanEventRecord;
import io.prodlab.model.SpanLinkRecord;
import io.prodlab.model.SpanRecord;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes one imported file into the workspace, in one transaction: {@link #commit()} makes the
 * whole file visible at once; {@link #close()} without a commit leaves the workspace exactly as
 * it was. Bulk rows go through DuckDB's Appender.
 *
 * <p>Not thread-safe: one producer thread writes through it.
 */
public final class ImportWriter implements AutoCloseable {
    private final Workspace workspace;
    private final DuckDBConnection connection;
    private final long importId;
    private final String filePath;
    private DuckDBAppender spans;
    private DuckDBAppender events;
    private DuckDBAppender links;
    private DuckDBAppender rejected;
    private long spanCount;
    private long eventCount;
    private long linkCount;
    private long rejectedCount;
    private boolean done;

    private ImportWriter(Workspace workspace, DuckDBConnection connection, long importId, String filePath) {
        this.workspace = workspace;
        this.connection = connection;
        this.importId = importId;
        this.filePath = filePath;
    }

    static ImportWriter begin(Workspace workspace, DuckDBConnection connection, String filePath, String sha256,
                              String format, long bytes) throws WorkspaceException {
        try {
            connection.setAutoCommit(false);
            long id;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select nextval('import_id_seq')")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "insert into imports (import_id, path, sha256, format, bytes, status, started_at) "
                            + "values (?, ?, ?, ?, ?, 'importing', now())")) {
                ps.setLong(1, id);
                ps.setString(2, filePath);
                ps.setString(3, sha256);
                ps.setString(4, format);
                ps.setLong(5, bytes);
                ps.executeUpdate();
            }
            ImportWriter w = new ImportWriter(workspace, connection, id, filePath);
            w.spans = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "spans");
            w.events = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "span_events");
            w.links = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "span_links");
            w.rejected = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rejected");
            return w;
        } catch (SQLException e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The original failure is what matters.
            }
            throw new WorkspaceException("Cannot start importing " + filePath + " into " + workspace.path() + ": "
                    + Workspace.firstLine(e.getMessage()), e);
        }
    }

    public long importId() {
        return importId;
    }

    public void addSpan(SpanRecord s) throws WorkspaceException {
        try {
            spans.beginRow()
                    .append(s.traceId()).append(s.spanId()).append(s.parentSpanId())
                    .append(s.serviceName()).append(s.serviceVersion()).append(s.name())
                    .append(s.kind().code())
                    .append(s.startNs()).append(s.endNs()).append(s.durationNs())
                    .append(s.status().code()).append(s.statusMessage())
                    .append(s.attributesJson()).append(s.resourceJson())
                    .append(s.scopeName()).append(s.scopeVersion()).append(s.traceState())
                    .append(importId)
                    .endRow();
            spanCount++;
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    public void addEvent(SpanEventRecord ev) throws WorkspaceException {
        try {
            events.beginRow()
                    .append(ev.traceId()).append(ev.spanId()).append(ev.timeNs()).append(ev.name())
                    .append(ev.attributesJson()).append(importId)
                    .endRow();
            eventCount++;
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    public void addLink(SpanLinkRecord l) throws WorkspaceException {
        try {
            links.beginRow()
                    .append(l.traceId()).append(l.spanId()).append(l.linkedTraceId()).append(l.linkedSpanId())
                    .append(l.traceState()).append(l.attributesJson()).append(importId)
                    .endRow();
            linkCount++;
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    public void reject(RejectedRecord r) throws WorkspaceException {
        try {
            rejected.beginRow()
                    .append(importId).append(filePath).append(r.location()).append(r.reason()).append(r.excerpt())
                    .endRow();
            rejectedCount++;
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    public long spans() {
        return spanCount;
    }

    public long events() {
        return eventCount;
    }

    public long links() {
        return linkCount;
    }

    public long rejectedCount() {
        return rejectedCount;
    }

    /** Makes the whole file visible, with its counts recorded in {@code imports}. */
    public void commit(String message) throws WorkspaceException {
        if (done) {
            throw new IllegalStateException("import " + importId + " already finished");
        }
        try {
            closeAppenders();
            try (PreparedStatement ps = connection.prepareStatement(
                    "update imports set spans = ?, events = ?, links = ?, rejected = ?, status = 'imported', "
                            + "message = ?, finished_at = now() where import_id = ?")) {
                ps.setLong(1, spanCount);
                ps.setLong(2, eventCount);
                ps.setLong(3, linkCount);
                ps.setLong(4, rejectedCount);
                ps.setString(5, message);
                ps.setLong(6, importId);
                ps.executeUpdate();
            }
            connection.commit();
            done = true;
        } catch (SQLException e) {
            throw writeFailed(e);
        } finally {
            if (!done) {
                rollback();
            }
            restoreAutoCommit();
        }
    }

    /** Drops everything written so far unless {@link #commit} succeeded. */
    @Override
    public void close() {
        if (!done) {
            rollback();
            restoreAutoCommit();
            done = true;
        }
    }

    private void closeAppenders() throws SQLException {
        for (DuckDBAppender a : new DuckDBAppender[] {spans, events, links, rejected}) {
            if (a != null && !a.isClosed()) {
                a.close();
            }
        }
    }

    private void rollback() {
        try {
            closeAppenders();
        } catch (SQLException ignored) {
            // Rolling back anyway.
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Nothing more can be done; the transaction dies with the connection.
        }
    }

    private void restoreAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Reported by the next statement if the connection is broken.
        }
    }

    private WorkspaceException writeFailed(SQLException e) {
        return new WorkspaceException("Cannot write " + filePath + " into workspace " + workspace.path() + ": "
                + Workspace.firstLine(e.getMessage()), e);
    }
}
