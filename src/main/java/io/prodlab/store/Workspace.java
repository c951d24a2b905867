package io.prodlab.store;

import io.prodlab.model.ServiceStats;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One analysis: a DuckDB file holding the imported spans and everything derived from them.
 * The workspace owns its database; a job that runs beside another takes its own connection
 * with {@link #duplicateConnection()}.
 *
 * <p>Not thread-safe: one caller at a time per instance (the UI serialises workspace jobs).
 */
public final class Workspace implements AutoCloseable {
    /** The extension a new workspace gets when the user gives none. */
    public static final String EXTENSION = ".prodlab";

    private final Path path;
    private final DuckDBConnection connection;
    private final boolean readOnly;

    private Workspace(Path path, DuckDBConnection connection, boolean readOnly) {
        this.path = path;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Opens the workspace at {@code path}, creating it (and its schema) when the file does not exist. */
    public static Workspace openOrCreate(Path path) throws WorkspaceException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new WorkspaceException("Cannot create workspace " + path + ": folder " + parent
                    + " does not exist.");
        }
        return openInternal(path, false);
    }

    /** Opens an existing workspace for reading and writing; refuses a missing file. */
    public static Workspace open(Path path) throws WorkspaceException {
        requireExisting(path);
        return openInternal(path, false);
    }

    /**
     * Opens an existing workspace read-only: nothing run through it can change the file, and
     * other read-only readers may have it open at the same time.
     */
    public static Workspace openReadOnly(Path path) throws WorkspaceException {
        requireExisting(path);
        return openInternal(path, true);
    }

    private static void requireExisting(Path path) throws WorkspaceException {
        if (!Files.isRegularFile(path)) {
            throw new WorkspaceException("Workspace " + path + " does not exist. Create one with "
                    + "'prodlab import -w " + path + " FILE...'.");
        }
    }

    private static Workspace openInternal(Path path, boolean readOnly) throws WorkspaceException {
        DuckDBConnection conn;
        try {
            Properties props = new Properties();
            if (readOnly) {
                props.setProperty("duckdb.read_only", "true");
            }
            conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), props);
        } catch (SQLException e) {
            throw new WorkspaceException("Cannot open workspace " + path + ": " + firstLine(e.getMessage())
                    + ". Is it a Prodlab workspace, and is no other Prodlab writing to it?", e);
        }
        Workspace ws = new Workspace(path, conn, readOnly);
        try {
            ws.migrate();
        } catch (WorkspaceException e) {
            ws.closeQuietly();
            throw e;
        }
        return ws;
    }

    /** Brings the schema up to {@link Migrations#latest()}, refusing a workspace from a newer Prodlab. */
    private void migrate() throws WorkspaceException {
        int current = schemaVersion();
        int latest = Migrations.latest();
        if (current > latest) {
            throw new WorkspaceException("Workspace " + path + " was written by a newer Prodlab (schema version "
                    + current + "; this Prodlab knows up to " + latest + "). Open it with that version; it was "
                    + "left unchanged.");
        }
        if (current == latest) {
            return;
        }
        if (readOnly) {
            throw new WorkspaceException("Workspace " + path + " has schema version " + current
                    + " and needs upgrading to " + latest + "; open it once for writing (for example with "
                    + "'prodlab import') to upgrade it.");
        }
        try {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                if (current == 0) {
                    st.execute("create table if not exists schema_version (version integer primary key, "
                            + "applied_at timestamptz not null, prodlab_version varchar not null)");
                }
                for (int v = current + 1; v <= latest; v++) {
                    st.execute(Migrations.ALL.get(v - 1));
                    try (PreparedStatement ps = connection.prepareStatement(
                            "insert into schema_version values (?, now(), ?)")) {
                        ps.setInt(1, v);
                        ps.setString(2, Version.current());
                        ps.executeUpdate();
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new WorkspaceException("Cannot prepare workspace " + path + ": " + firstLine(e.getMessage()), e);
        } finally {
            autoCommitQuietly();
        }
    }

    private int schemaVersion() throws WorkspaceException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from information_schema.tables "
                     + "where table_name = 'schema_version'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                try (ResultSet any = st.executeQuery("select count(*) from information_schema.tables")) {
                    any.next();
                    if (any.getLong(1) > 0) {
                        throw new WorkspaceException("File " + path + " is a DuckDB database but not a Prodlab "
                                + "workspace (it has no schema_version table); it was left unchanged.");
                    }
                }
                return 0;
            }
            try (ResultSet v = st.executeQuery("select coalesce(max(version), 0) from schema_version")) {
                v.next();
                return v.getInt(1);
            }
        } catch (SQLException e) {
            throw new WorkspaceException("Cannot read the schema of workspace " + path + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    public Path path() {
        return path;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * A second connection to the same database, for a job that runs beside another. The caller
     * closes it.
     */
    public Connection duplicateConnection() throws WorkspaceException {
        try {
            return connection.duplicate();
        } catch (SQLException e) {
            throw new WorkspaceException("Cannot open a second connection to " + path + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** The imported file with this content hash, if one landed. */
    public Optional<ImportInfo> findImportBySha256(String sha256) throws WorkspaceException {
        return imports("where sha256 = ? and status = 'imported'", sha256).stream().findFirst();
    }

    /** Every file imported so far, oldest first. */
    public List<ImportInfo> imports() throws WorkspaceException {
        return imports("", null);
    }

    private List<ImportInfo> imports(String where, String arg) throws WorkspaceException {
        String sql = "select import_id, path, sha256, format, bytes, spans, events, links, rejected, status, "
                + "coalesce(message, ''), epoch_ms(started_at) from imports " + where + " order by import_id";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<ImportInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ImportInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                            rs.getString(10), rs.getString(11), Instant.ofEpochMilli(rs.getLong(12))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw queryFailed(e);
        }
    }

    /** The records that import {@code importId} could not take, in file order. */
    public List<RejectedRow> rejected(long importId) throws WorkspaceException {
        String sql = "select import_id, file, location, reason, excerpt from rejected where import_id = ? order by rowid";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, importId);
            List<RejectedRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw queryFailed(e);
        }
    }

    /**
     * Starts importing one file: everything written through the returned writer lands in one
     * transaction, committed by {@link ImportWriter#commit()} or dropped by {@link ImportWriter#close()}.
     */
    public ImportWriter beginImport(String filePath, String sha256, String format, long bytes)
            throws WorkspaceException {
        requireWritable();
        return ImportWriter.begin(this, connection, filePath, sha256, format, bytes);
    }

    /**
     * Per-service figures: all spans, and the rate, errors and latency quantiles of the service's
     * requests — its server spans, or all of its spans when it has none (a load generator, a
     * batch job). The rate is requests per second over the workspace's whole time range.
     */
    public List<ServiceStats> services() throws WorkspaceException {
        String sql = """
                with bounds as (
                    select greatest(max(end_ns) - min(start_ns), 1) / 1e9 as seconds from spans
                ), has_server as (
                    select service_name, bool_or(kind = 'server') as any_server from spans group by service_name
                ), req as (
                    select s.service_name, s.status, s.duration_ns
                    from spans s join has_server h using (service_name)
                    where s.kind = 'server' or not h.any_server
                ), agg as (
                    select service_name,
                           count(*) as requests,
                           count(*) filter (where status = 'error') as errors,
                           quantile_cont(duration_ns, [0.5, 0.95, 0.99]) as q
                    from req group by service_name
                ), totals as (
                    select service_name, count(*) as spans,
                           count(*) filter (where kind = 'server') as server_spans
                    from spans group by service_name
                )
                select t.service_name, t.spans, t.server_spans, a.requests / b.seconds, a.errors,
                       a.errors / a.requests, a.q[1] / 1e6, a.q[2] / 1e6, a.q[3] / 1e6
                from totals t join agg a using (service_name), bounds b
                order by t.service_name
                """;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<ServiceStats> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ServiceStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                        rs.getLong(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)));
            }
            return out;
        } catch (SQLException e) {
            throw queryFailed(e);
        }
    }

    /**
     * Runs one SQL statement and returns at most {@code maxRows} rows. On a read-only workspace
     * DuckDB itself refuses any statement that would write.
     */
    public QueryResult query(String sql, int maxRows) throws WorkspaceException {
        try (Statement st = connection.createStatement()) {
            boolean hasResult = st.execute(sql);
            if (!hasResult) {
                return new QueryResult(List.of(), List.of(), false);
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(md.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows, truncated);
            }
        } catch (SQLException e) {
            throw new WorkspaceException("Query failed: " + e.getMessage(), e);
        }
    }

    /** The number of spans in the workspace. */
    public long spanCount() throws WorkspaceException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select count(*) from spans")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw queryFailed(e);
        }
    }

    private void requireWritable() throws WorkspaceException {
        if (readOnly) {
            throw new WorkspaceException("Workspace " + path + " is open read-only.");
        }
    }

    private WorkspaceException queryFailed(SQLException e) {
        return new WorkspaceException("Cannot read workspace " + path + ": " + firstLine(e.getMessage()), e);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is unusable; the caller reports the original failure.
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Reported by the next statement, if the connection is really broken.
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing after a failure: the failure is what the user needs to see.
        }
    }

    @Override
    public void close() throws WorkspaceException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new WorkspaceException("Cannot close workspace " + path + ": " + firstLine(e.getMessage()), e);
        }
    }
}
