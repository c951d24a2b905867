package io.prodlab.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a small chunk is loaded: its CSV rows read back into their fields and bound as the parameters
 * of one {@code insert ... select ... from (values ...)} per table, using the same column
 * expressions as the CSV path ({@link ChunkTable#select}). For a file of a few records this spares
 * the temporary file, DuckDB's CSV reader, the context table and the duplicate check's staging
 * table, which cost more than the rows (docs/decisions/0017-checkpoint-per-batch.md); big chunks
 * still go through {@code read_csv} (docs/decisions/0002-import-write-path.md).
 */
final class SmallChunkLoad {
    /** A chunk of at most this many rows (every table together) is loaded with bound parameters. */
    static int maxRows = 256;
    /** ... and whose spans refer to at most this many resource/scope contexts. */
    static final int MAX_CONTEXTS = 32;
    /** The context columns, as the CSV path's context table has them. */
    static final List<String> CONTEXT_COLUMNS = List.of("ctx integer", "service_name varchar",
            "service_version varchar", "resource json", "scope_name varchar", "scope_version varchar");

    private SmallChunkLoad() {
    }

    /**
     * The rows of one table of a chunk, each as its fields (null for a NULL field), read back from the
     * chunk's CSV: fields split at U+001F, rows at a line break outside quotes, U+0001 quoting with
     * U+0001 doubled inside, a bare empty field NULL and a quoted one empty.
     */
    static List<String[]> rows(SpanChunk.ByteBuf b, int fields) {
        List<String[]> out = new ArrayList<>();
        byte[] d = b.data;
        int p = 0;
        int end = b.length;
        while (p < end) {
            String[] row = new String[fields];
            int f = 0;
            while (true) {
                String value;
                if (d[p] == SpanChunk.ByteBuf.QUOTE) {
                    java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
                    p++;
                    while (true) {
                        if (d[p] == SpanChunk.ByteBuf.QUOTE) {
                            if (p + 1 < end && d[p + 1] == SpanChunk.ByteBuf.QUOTE) {
                                field.write(SpanChunk.ByteBuf.QUOTE);
                                p += 2;
                                continue;
                            }
                            p++;
                            break;
                        }
                        field.write(d[p++]);
                    }
                    value = field.toString(StandardCharsets.UTF_8);
                } else {
                    int start = p;
                    while (d[p] != SpanChunk.ByteBuf.DELIM && d[p] != '\n') {
                        p++;
                    }
                    value = p == start ? null : new String(d, start, p - start, StandardCharsets.UTF_8);
                }
                if (f < fields) {
                    row[f] = value;
                }
                f++;
                if (d[p++] == '\n') {
                    break;
                }
            }
            if (f != fields) {
                throw new IllegalStateException("a chunk row of " + f + " fields where " + fields + " were written");
            }
            out.add(row);
        }
        return out;
    }

    /**
     * The statement that inserts {@code rows} rows of table {@code t} (with {@code contexts} contexts
     * joined in, for spans). Its first parameter is the import id, then the rows' fields, then the
     * contexts' fields.
     */
    static String insert(ChunkTable t, int rows, int contexts) {
        StringBuilder sb = new StringBuilder("insert into ").append(t.table).append(" (").append(t.columns)
                .append(", import_id) select ").append(t.select).append(", ?::bigint from ");
        values(sb, t.csvColumns, rows);
        sb.append(" s");
        names(sb, t.csvColumns);
        if (t.joinsContext) {
            sb.append(" join ");
            values(sb, CONTEXT_COLUMNS, contexts);
            sb.append(" c");
            names(sb, CONTEXT_COLUMNS);
            sb.append(" on c.ctx = s.ctx");
        }
        return sb.toString();
    }

    private static void values(StringBuilder sb, List<String> columns, int rows) {
        sb.append("(values ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "(" : ", (");
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i == 0 ? "?::" : ", ?::").append(columns.get(i).split(" ", 2)[1]);
            }
            sb.append(')');
        }
        sb.append(')');
    }

    private static void names(StringBuilder sb, List<String> columns) {
        sb.append('(');
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(columns.get(i).split(" ", 2)[0]);
        }
        sb.append(')');
    }

    /** Binds the import id, the rows and the contexts in the order {@link #insert} numbers them. */
    static void bind(PreparedStatement ps, long importId, List<String[]> rows, List<SpanChunk.Context> contexts)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, importId);
        for (String[] row : rows) {
            for (String v : row) {
                set(ps, i++, v);
            }
        }
        for (SpanChunk.Context c : contexts) {
            ps.setInt(i++, c.id());
            set(ps, i++, c.serviceName());
            set(ps, i++, c.serviceVersion());
            set(ps, i++, c.resourceJson());
            set(ps, i++, c.scopeName());
            set(ps, i++, c.scopeVersion());
        }
    }

    private static void set(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }
}
