package io.prodlab.store;

import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The scoped data of an experiment as Parquet files: every span of every trace that one of the
 * cohorts selects, and the exposure log of the plan's flag, so that a bundle re-runs the plan
 * elsewhere on exactly these rows.
 */
public final class ExperimentArchive {
    private final Workspace ws;

    public ExperimentArchive(Workspace ws) {
        this.ws = ws;
    }

    /**
     * Writes the spans of the traces that match {@code traces} (a condition over {@code spans s})
     * to {@code parquet}; returns how many spans it wrote. Needs a workspace open for writing (a
     * read-only connection may not write files).
     */
    public long export(String traces, List<Object> params, Path parquet) throws WorkspaceException {
        DuckDBConnection c = ws.writableConnection();
        String table = "bundle_traces_" + Long.toHexString(System.nanoTime());
        try {
            try (PreparedStatement ps = c.prepareStatement("create temp table " + table
                    + " as select distinct s.trace_id from spans s where " + traces)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("copy (select s.* from spans s join " + table + " t on t.trace_id = s.trace_id "
                        + "order by s.trace_id, s.span_id, s.start_ns) to " + literal(parquet)
                        + " (format parquet, compression zstd)");
                return rowsOf(st, parquet);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("drop table if exists temp.main." + table);
                }
            }
        } catch (SQLException e) {
            throw ws.sql().failure("write the experiment's spans to " + parquet, e);
        }
    }

    /**
     * Writes every exposure of {@code flag} (the plan's exposure log) to {@code parquet}; returns how
     * many it wrote.
     */
    public long exportExposures(String flag, Path parquet) throws WorkspaceException {
        DuckDBConnection c = ws.writableConnection();
        try (PreparedStatement ps = c.prepareStatement("copy (select * from exposures where flag_key = ? order by "
                + "time_ns, unit_id, variant) to " + literal(parquet) + " (format parquet, compression zstd)")) {
            ps.setString(1, flag);
            ps.execute();
            try (Statement st = c.createStatement()) {
                return rowsOf(st, parquet);
            }
        } catch (SQLException e) {
            throw ws.sql().failure("write the experiment's exposures to " + parquet, e);
        }
    }

    /** Loads spans written by {@link #export} into this (new) workspace, in one transaction. */
    public long load(Path parquet) throws WorkspaceException {
        return load("spans", parquet);
    }

    /** Loads exposures written by {@link #exportExposures} into this (new) workspace, in one transaction. */
    public long loadExposures(Path parquet) throws WorkspaceException {
        return load("exposures", parquet);
    }

    /**
     * By column name, so that a bundle written before a column was added still loads (the new column
     * takes its default).
     */
    private long load(String table, Path parquet) throws WorkspaceException {
        return WriteAccess.inTransaction(ws, "load the bundle's " + table + " from " + parquet, c -> {
            try (Statement st = c.createStatement()) {
                return st.executeLargeUpdate("insert into " + table + " by name select * from read_parquet("
                        + literal(parquet) + ")");
            }
        });
    }

    /** The rows of the Parquet file just written, read back from it. */
    private static long rowsOf(Statement st, Path parquet) throws SQLException {
        try (var rs = st.executeQuery("select count(*) from read_parquet(" + literal(parquet) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A file name as a SQL string literal (DuckDB's COPY takes no parameter for it). */
    private static String literal(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
