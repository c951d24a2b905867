package io.prodlab.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The one execution path for the workspace's SQL: every query class runs its statements here. It
 * owns the statement (so {@link Workspace#cancelRunningQuery()} can cancel it), binds parameters
 * (values never reach the SQL text), and turns an {@link SQLException} into one
 * {@link WorkspaceException} that names the workspace and what was being done — or a
 * {@link WorkspaceDamagedException} when DuckDB says the file is corrupt.
 */
final class Sql {
    /** Reads a whole result. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Maps one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Workspace workspace;

    Sql(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Runs a query with positional parameters and reads its result.
     *
     * @param what what is being done, for the error message ("read the import log")
     */
    <T> T query(String what, String sql, Reader<T> reader, Object... params) throws WorkspaceException {
        try (PreparedStatement ps = workspace.connection().prepareStatement(sql)) {
            bind(ps, params);
            try (Running ignored = running(ps); ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    <T> List<T> list(String what, String sql, RowMapper<T> mapper, Object... params) throws WorkspaceException {
        return query(what, sql, rs -> {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }, params);
    }

    /** Runs a statement that changes rows; returns how many. */
    long update(String what, String sql, Object... params) throws WorkspaceException {
        try (PreparedStatement ps = workspace.connection().prepareStatement(sql)) {
            bind(ps, params);
            try (Running ignored = running(ps)) {
                return ps.executeLargeUpdate();
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs a statement without parameters or result (DDL, {@code checkpoint}, settings). */
    void execute(String what, String sql) throws WorkspaceException {
        try (Statement st = workspace.connection().createStatement()) {
            try (Running ignored = running(st)) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * {@link #query} through a statement the workspace keeps prepared for the next call
     * ({@link Workspace#keptStatement}): for the statements an import runs once a file.
     */
    <T> T queryKept(String what, String sql, Reader<T> reader, Object... params) throws WorkspaceException {
        try {
            PreparedStatement ps = workspace.keptStatement(sql);
            bind(ps, params);
            try (Running ignored = running(ps); ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** {@link #update} through a kept statement, as {@link #queryKept}. */
    long updateKept(String what, String sql, Object... params) throws WorkspaceException {
        try {
            PreparedStatement ps = workspace.keptStatement(sql);
            bind(ps, params);
            try (Running ignored = running(ps)) {
                return ps.executeLargeUpdate();
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Marks {@code st} as the statement that a cancel stops, for as long as it runs. */
    Running running(Statement st) {
        workspace.runningStatement().set(st);
        return () -> workspace.runningStatement().compareAndSet(st, null);
    }

    /** A scope that ends when the statement is done. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    /** The one translation of a DuckDB failure into what the user is told. */
    WorkspaceException failure(String what, SQLException e) {
        if (isCancel(e)) {
            CancellationException c = new CancellationException("cancelled: " + what);
            c.initCause(e);
            throw c;
        }
        WorkspaceException damaged = damaged(workspace, what, e);
        if (damaged != null) {
            return damaged;
        }
        return new WorkspaceException("Cannot " + what + " in workspace " + workspace.path() + ": "
                + firstLine(e.getMessage()), e);
    }

    static boolean isCancel(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("INTERRUPT Error") || m.contains("Interrupted!");
    }

    /**
     * A {@link WorkspaceDamagedException} when DuckDB's failure says the file is corrupt (a block
     * fails its checksum, the file is cut short), else null.
     */
    static WorkspaceDamagedException damaged(Workspace ws, String what, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Corrupt database file") || m.contains("Data Corruption Error")
                || m.contains("Could not read enough bytes") || m.contains("checksum")) {
            return damagedWorkspace(ws.path(), firstLine(m), e);
        }
        return null;
    }

    static WorkspaceDamagedException damagedWorkspace(java.nio.file.Path path, String detail, Throwable cause) {
        return new WorkspaceDamagedException("Workspace " + path + " looks damaged (" + detail + "). Nothing more "
                + "was written to it. Restore it from a backup copy, or import the exports again into a new "
                + "workspace; 'prodlab check -w " + path + "' reads every block and says whether a copy is sound.",
                cause);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
