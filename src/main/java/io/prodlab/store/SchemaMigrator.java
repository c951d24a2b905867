package io.prodlab.store;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a workspace's schema to the version this Prodlab writes ({@link Migrations}), and refuses
 * one written by a newer Prodlab without changing it.
 */
final class SchemaMigrator {
    private final Workspace ws;

    SchemaMigrator(Workspace ws) {
        this.ws = ws;
    }

    /** Upgrades the schema in one transaction; the connection must be writable. */
    void migrate() throws WorkspaceException {
        int current = version();
        int latest = Migrations.latest();
        refuseNewer(current, latest);
        if (current == latest) {
            return;
        }
        var connection = ws.writableConnection();
        try {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                if (current == 0) {
                    st.execute("create table if not exists schema_version (version integer primary key, "
                            + "applied_at timestamptz not null, prodlab_version varchar not null)");
                }
                for (int v = current + 1; v <= latest; v++) {
                    st.execute(Migrations.ALL.get(v - 1));
                    ws.sql().update("record the schema version", "insert into schema_version values (?, now(), ?)",
                            v, Version.current());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw ws.sql().failure("prepare the schema", e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // Reported by the next statement, if the connection is really broken.
            }
        }
    }

    /** For a reader: the schema must be exactly this Prodlab's. */
    void requireCurrent() throws WorkspaceException {
        int current = version();
        int latest = Migrations.latest();
        refuseNewer(current, latest);
        if (current < latest) {
            throw new WorkspaceException("Workspace " + ws.path() + " has schema version " + current
                    + " and needs upgrading to " + latest + "; open it once for writing (for example with "
                    + "'prodlab import' or the desktop app) to upgrade it.");
        }
    }

    private void refuseNewer(int current, int latest) throws WorkspaceException {
        if (current > latest) {
            throw new WorkspaceException("Workspace " + ws.path() + " was written by a newer Prodlab (schema version "
                    + current + "; this Prodlab knows up to " + latest + "). Open it with that version; it was "
                    + "left unchanged.");
        }
    }

    /** The recorded schema version; 0 for an empty file. */
    int version() throws WorkspaceException {
        long[] tables = ws.sql().query("read the schema",
                "select count(*) filter (where table_name = 'schema_version'), count(*) from information_schema.tables",
                rs -> {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                });
        if (tables[0] == 0) {
            if (tables[1] > 0) {
                throw new WorkspaceException("File " + ws.path() + " is a DuckDB database but not a Prodlab "
                        + "workspace (it has no schema_version table); it was left unchanged.");
            }
            return 0;
        }
        return ws.sql().query("read the schema version", "select coalesce(max(version), 0) from schema_version", rs -> {
            rs.next();
            return rs.getInt(1);
        });
    }

    private static void rollbackQuietly(java.sql.Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is unusable; the caller reports the original failure.
        }
    }
}
