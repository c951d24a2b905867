package io.prodlab.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads every block of a workspace, so that damage anywhere — a block that fails its checksum, a
 * file cut short — shows now rather than in the middle of an analysis ({@code prodlab check}).
 * Each table is scanned whole through a hash of every row, which makes DuckDB read and verify
 * every column segment.
 */
public final class WorkspaceCheck {
    /** One table: its name and rows. */
    public record TableResult(String table, long rows) {
    }

    /** What the check read; a damaged workspace throws instead. */
    public record Result(List<TableResult> tables, long fileBytes) {
        public long rows() {
            return tables.stream().mapToLong(TableResult::rows).sum();
        }
    }

    private final Workspace ws;

    public WorkspaceCheck(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @throws WorkspaceDamagedException when a block cannot be read or fails its checksum
     */
    public Result run() throws WorkspaceException {
        List<String> tables = ws.sql().list("list the tables",
                "select table_name from duckdb_tables() where database_name = current_database() "
                        + "and not temporary order by table_name", rs -> rs.getString(1));
        List<TableResult> out = new ArrayList<>();
        for (String t : tables) {
            String quoted = "\"" + t.replace("\"", "\"\"") + "\"";
            long rows = ws.sql().query("read table " + t, "select count(*), sum(hash(t)) from " + quoted + " t", rs -> {
                rs.next();
                return rs.getLong(1);
            });
            out.add(new TableResult(t, rows));
        }
        long bytes;
        try {
            bytes = java.nio.file.Files.size(ws.path());
        } catch (java.io.IOException e) {
            throw new WorkspaceException("Cannot read workspace " + ws.path() + ": " + e.getMessage(), e);
        }
        return new Result(out, bytes);
    }
}
