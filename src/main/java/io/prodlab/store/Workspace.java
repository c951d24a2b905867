package io.prodlab.store;

import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * One analysis: a DuckDB file holding the imported spans and everything derived from them. The
 * workspace owns the connection and its lifecycle; what is asked of it lives in one class per
 * feature ({@link ImportLog}, {@link ServiceStatsQuery}, {@link SqlConsole}, ...), each running
 * its SQL through the one execution path {@link Sql}.
 *
 * <p>Three ways to open one (docs/decisions/0006-workspace-lock.md):
 * <ul>
 *   <li>{@link #openOrCreate}/{@link #open}: a command that writes. It takes the
 *       {@link WorkspaceLock} for its whole life, so no other writer runs beside it.</li>
 *   <li>{@link #openReadOnly}: a command that only reads ({@code prodlab query}). It takes no
 *       lock, may run beside the desktop app, and is refused while another process writes. Its
 *       connection cannot touch any file but the workspace (external access disabled).</li>
 *   <li>{@link #hold}: the desktop app. It takes the lock for as long as the workspace is shown,
 *       reads through a read-only connection (so {@code prodlab query} works beside it), and
 *       writes only inside {@link #beginWrite()}.</li>
 * </ul>
 *
 * <p>Not thread-safe: one caller at a time per instance (the UI serialises workspace jobs), except
 * {@link #cancelRunningQuery()}, which any thread may call.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Workspace.class.getName());
    /** The extension a new workspace gets when the user gives none. */
    public static final String EXTENSION = ".prodlab";

    enum Access {
        /** A command that only reads; no lock. */
        READ_ONLY,
        /** A command that writes; holds the lock in {@code WRITING} mode throughout. */
        WRITER,
        /** The desktop app; holds the lock in {@code OPEN} mode, writes on demand. */
        HELD
    }

    private final Path path;
    private final Access access;
    private final WorkspaceLock lock;
    private final Sql sql = new Sql(this);
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private DuckDBConnection connection;
    private boolean writable;
    /** Whether a read-only connection streams results (the SQL console) rather than materialising them. */
    private boolean streamResults;
    private WriteAccess write;
    /** Statements kept prepared for the next file of an import (see {@link #keptStatement}), by SQL text. */
    private final java.util.Map<String, java.sql.PreparedStatement> keptStatements = new java.util.HashMap<>();
    private static final int MAX_KEPT_STATEMENTS = 64;

    private Workspace(Path path, Access access, WorkspaceLock lock) {
        this.path = path;
        this.access = access;
        this.lock = lock;
    }

    /**
     * Opens the workspace at {@code path} for writing, creating it (and its schema) when the file
     * does not exist.
     *
     * @param purpose what the caller is, for the message another process shows ("prodlab import")
     */
    public static Workspace openOrCreate(Path path, String purpose) throws WorkspaceException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new WorkspaceException("Cannot create workspace " + path + ": folder " + parent
                    + " does not exist.");
        }
        return openWriter(path, purpose);
    }

    /** {@link #openOrCreate(Path, String)} for a caller that does not say what it is. */
    public static Workspace openOrCreate(Path path) throws WorkspaceException {
        return openOrCreate(path, "Prodlab");
    }

    /** Opens an existing workspace for writing; refuses a missing file. */
    public static Workspace open(Path path, String purpose) throws WorkspaceException {
        requireExisting(path);
        return openWriter(path, purpose);
    }

    public static Workspace open(Path path) throws WorkspaceException {
        return open(path, "Prodlab");
    }

    private static Workspace openWriter(Path path, String purpose) throws WorkspaceException {
        WorkspaceLock lock = WorkspaceLock.acquire(path, WorkspaceLock.Mode.WRITING, purpose);
        Workspace ws = new Workspace(path, Access.WRITER, lock);
        try {
            ws.connect(true);
            new SchemaMigrator(ws).migrate();
            return ws;
        } catch (WorkspaceException | RuntimeException e) {
            ws.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens an existing workspace read-only: nothing run through it can change any file, and
     * other readers (and the desktop app) may have it open at the same time. Refused while
     * another process writes it.
     */
    public static Workspace openReadOnly(Path path) throws WorkspaceException {
        return openReadOnly(path, false);
    }

    /**
     * {@link #openReadOnly(Path)} whose results stream from DuckDB row batch by row batch instead of
     * arriving whole: for {@link SqlConsole}, whose results may be far larger than memory.
     */
    public static Workspace openReadOnlyStreaming(Path path) throws WorkspaceException {
        return openReadOnly(path, true);
    }

    private static Workspace openReadOnly(Path path, boolean stream) throws WorkspaceException {
        requireExisting(path);
        Workspace ws = new Workspace(path, Access.READ_ONLY, null);
        ws.streamResults = stream;
        try {
            ws.connect(false);
            refuseWhileWritten(path);
            new SchemaMigrator(ws).requireCurrent();
            return ws;
        } catch (WorkspaceException | RuntimeException e) {
            ws.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the workspace for the desktop app: takes the lock for as long as it is open, upgrades
     * its schema if needed, then reads through a read-only connection. Writing happens inside
     * {@link #beginWrite()}.
     *
     * @param create create the file when it does not exist
     */
    public static Workspace hold(Path path, boolean create, String purpose) throws WorkspaceException {
        if (!create) {
            requireExisting(path);
        } else {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new WorkspaceException("Cannot create workspace " + path + ": folder " + parent
                        + " does not exist.");
            }
        }
        WorkspaceLock lock = WorkspaceLock.acquire(path, WorkspaceLock.Mode.WRITING, purpose);
        Workspace ws = new Workspace(path, Access.HELD, lock);
        try {
            boolean exists = Files.isRegularFile(path);
            if (exists) {
                ws.connect(false);
            }
            if (!exists || new SchemaMigrator(ws).needsUpgrade()) {
                // Creating or upgrading needs the writable connection once; reading does not.
                ws.disconnect();
                WriteAccess.connectWritable(ws);
                new SchemaMigrator(ws).migrate();
                ws.checkpoint();
                ws.disconnect();
                ws.connect(false);
            }
            lock.setMode(WorkspaceLock.Mode.OPEN);
            return ws;
        } catch (WorkspaceException | RuntimeException e) {
            ws.closeQuietly();
            throw e;
        }
    }

    private static void requireExisting(Path path) throws WorkspaceException {
        if (!Files.isRegularFile(path)) {
            throw new WorkspaceException("Workspace " + path + " does not exist. Create one with "
                    + "'prodlab import -w " + path + " FILE...'.");
        }
    }

    /**
     * A reader that got in while the writer's DuckDB lock was lost (see WorkspaceLock) would read a
     * half-written file: the lock file says whether someone writes.
     */
    private static void refuseWhileWritten(Path path) throws WorkspaceException {
        var holder = WorkspaceLock.holder(path);
        if (holder.isPresent() && holder.get().mode() == WorkspaceLock.Mode.WRITING && !holder.get().isThisProcess()) {
            throw new WorkspaceLockedException(path, holder.get());
        }
    }

    /**
     * Deletes a workspace that nothing was imported into (the database, its WAL and DuckDB's spill
     * folder), so that a failed first import leaves the disk as it was. Refuses one that another
     * process holds. The workspace must be closed.
     */
    public static void discard(Path path) throws WorkspaceException {
        var holder = WorkspaceLock.holder(path);
        if (holder.isPresent() && !holder.get().isThisProcess()) {
            throw new WorkspaceLockedException(path, holder.get());
        }
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(WorkspaceFiles.walOf(path));
            Path spill = path.toAbsolutePath().resolveSibling(path.getFileName() + ".tmp");
            if (Files.isDirectory(spill)) {
                try (var files = Files.list(spill)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(spill);
            }
        } catch (java.io.IOException e) {
            throw new WorkspaceException("Cannot remove the unused workspace " + path + ": " + e.getMessage(), e);
        }
    }

    // --- connection lifecycle ------------------------------------------------------------

    /**
     * Opens the DuckDB connection. A writable one never checkpoints by itself (on a WAL size
     * threshold, or on close): {@link WriteAccess} checkpoints after each commit and can then put
     * the files back as they were if that fails.
     */
    void connect(boolean rw) throws WorkspaceException {
        Properties props = new Properties();
        if (!rw) {
            props.setProperty("duckdb.read_only", "true");
            // The read-only side runs users' SQL: it reads the workspace and nothing else.
            props.setProperty("enable_external_access", "false");
            props.setProperty("lock_configuration", "true");
            if (streamResults) {
                props.setProperty("jdbc_stream_results", "true");
            }
        }
        try {
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), props);
            writable = rw;
        } catch (SQLException e) {
            throw openFailed(e);
        }
        if (rw) {
            try (Statement st = connection.createStatement()) {
                st.execute("set checkpoint_threshold = '1000TB'");
                st.execute("pragma disable_checkpoint_on_shutdown");
            } catch (SQLException e) {
                disconnectQuietly();
                throw new WorkspaceException("Cannot prepare workspace " + path + " for writing: "
                        + Sql.firstLine(e.getMessage()), e);
            }
        }
        WorkspaceFiles.requireComplete(this);
    }

    private WorkspaceException openFailed(SQLException e) {
        String msg = Sql.firstLine(e.getMessage());
        if (msg.contains("Could not set lock") || msg.contains("Conflicting lock")) {
            var holder = WorkspaceLock.holder(path);
            if (holder.isPresent() && !holder.get().isThisProcess()) {
                return new WorkspaceLockedException(path, holder.get());
            }
            String pid = msg.replaceAll(".*\\(PID (\\d+)\\).*", "$1");
            return new WorkspaceBusyException("Workspace " + path + " is in use by another program"
                    + (pid.equals(msg) ? "" : " (process " + pid + ")") + ", probably a 'prodlab query' still "
                    + "running. Try again when it has finished.", e);
        }
        WorkspaceException damaged = Sql.damaged(this, "open", e);
        if (damaged != null) {
            return damaged;
        }
        return new WorkspaceException("Cannot open workspace " + path + ": " + msg
                + ". Is it a Prodlab workspace?", e);
    }

    void disconnect() throws WorkspaceException {
        closeKeptStatements();
        DuckDBConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                throw new WorkspaceException("Cannot close workspace " + path + ": " + Sql.firstLine(e.getMessage()), e);
            }
        }
    }

    private void disconnectQuietly() {
        try {
            disconnect();
        } catch (WorkspaceException ignored) {
            // Closing after a failure: the failure is what the user needs to see.
        }
    }

    /**
     * A streamed result that fails mid-way reports only "Invalid result set" (duckdb_jdbc 2.0): runs
     * the statement once more without streaming, hashing every row so nothing is pruned and nothing
     * is kept, which surfaces DuckDB's own error. Returns it, or null when that run succeeds.
     */
    SQLException errorBehindStreamFailure(String statement) throws WorkspaceException {
        if (!streamResults) {
            return null;
        }
        disconnect();
        streamResults = false;
        try {
            connect(false);
            try (Statement st = connection.createStatement()) {
                st.executeQuery("select sum(hash(q)) from (" + statement + "\n) q").close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        } finally {
            disconnect();
            streamResults = true;
            connect(false);
        }
    }

    boolean streamsResults() {
        return streamResults;
    }

    /** Writes everything committed into the main file (and empties the WAL). */
    void checkpoint() throws WorkspaceException {
        sql.execute("checkpoint", "checkpoint");
    }

    DuckDBConnection connection() throws WorkspaceException {
        if (connection == null) {
            throw new WorkspaceException("Workspace " + path + " is closed.");
        }
        return connection;
    }

    /**
     * A prepared statement kept for the next call on this connection: an import of many small files
     * runs the same few statements once a file, and preparing one cost about as much as running it.
     * Closed when the connection is. The caller must not close it.
     */
    java.sql.PreparedStatement keptStatement(String sql) throws SQLException {
        java.sql.PreparedStatement ps = keptStatements.get(sql);
        if (ps != null) {
            return ps;
        }
        if (keptStatements.size() >= MAX_KEPT_STATEMENTS) {
            closeKeptStatements();
        }
        DuckDBConnection c = connection;
        if (c == null) {
            throw new SQLException("Workspace " + path + " is closed.");
        }
        ps = c.prepareStatement(sql);
        keptStatements.put(sql, ps);
        return ps;
    }

    private void closeKeptStatements() {
        for (java.sql.PreparedStatement ps : keptStatements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // Closing with the connection anyway.
            }
        }
        keptStatements.clear();
    }

    /** The connection, which must be writable: inside {@link #beginWrite()}, or a writing command's. */
    DuckDBConnection writableConnection() throws WorkspaceException {
        if (!writable || connection == null) {
            throw new WorkspaceException("Workspace " + path + " is open read-only.");
        }
        return connection;
    }

    Sql sql() {
        return sql;
    }

    AtomicReference<Statement> runningStatement() {
        return running;
    }

    /**
     * Cancels the query running on this workspace, if any ({@code Statement.cancel()}); it fails
     * with a {@link java.util.concurrent.CancellationException}. Safe from any thread.
     */
    public void cancelRunningQuery() {
        Statement st = running.get();
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException e) {
                LOG.fine(() -> "cancel failed: " + e.getMessage());
            }
        }
    }

    // --- writing -------------------------------------------------------------------------

    /**
     * Starts writing: for the desktop app this marks the lock as writing and swaps the read-only
     * connection for a writable one. Each commit inside is followed by a checkpoint; if a write or
     * checkpoint fails, the files are put back as they were before it. Nested calls share the one
     * access. Close it to go back to reading.
     *
     * @throws WorkspaceBusyException a reader ({@code prodlab query}) has the file open; try later
     */
    public WriteAccess beginWrite() throws WorkspaceException {
        if (access == Access.READ_ONLY) {
            throw new WorkspaceException("Workspace " + path + " is open read-only.");
        }
        if (write != null) {
            write.nest();
            return write;
        }
        write = WriteAccess.begin(this);
        return write;
    }

    /** The write in progress, or null. */
    WriteAccess currentWrite() {
        return write;
    }

    void writeEnded() throws WorkspaceException {
        write = null;
        if (access == Access.HELD) {
            try {
                disconnect();
                connect(false);
            } finally {
                lock.setMode(WorkspaceLock.Mode.OPEN);
            }
        }
    }

    boolean isHeld() {
        return access == Access.HELD;
    }

    WorkspaceLock lock() {
        return lock;
    }

    /**
     * Starts importing one file: everything written through the returned writer lands in one
     * transaction, committed by {@link ImportWriter#commit} or dropped by {@link ImportWriter#close()}.
     * Outside {@link #beginWrite()} the writer takes (and ends) a write access of its own.
     */
    public ImportWriter beginImport(String filePath, String sha256, String format, long bytes)
            throws WorkspaceException {
        WriteAccess w = beginWrite();
        try {
            return ImportWriter.begin(this, w, filePath, sha256, format, bytes);
        } catch (WorkspaceException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    // --- reading -------------------------------------------------------------------------

    public Path path() {
        return path;
    }

    /** Whether this workspace was opened by a read-only command. */
    public boolean isReadOnly() {
        return access == Access.READ_ONLY;
    }

    /** What was imported into this workspace, and what was rejected. */
    public ImportLog importLog() {
        return new ImportLog(this);
    }

    /** The number of spans in the workspace. */
    public long spanCount() throws WorkspaceException {
        return sql.query("count the spans", "select count(*) from spans", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    @Override
    public void close() throws WorkspaceException {
        try {
            if (write != null) {
                write.abandon();
            }
            if (writable && connection != null) {
                checkpoint();
            }
            disconnect();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private void closeQuietly() {
        disconnectQuietly();
        if (lock != null) {
            lock.close();
        }
    }
}
