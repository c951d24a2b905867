package io.prodlab.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a small chunk is loaded: its CSV rows read back into their fields and bound as the parameters
 * of one {@code insert ... values} per table, each row's values made by the same column expressions
 * as the CSV path's ({@link ChunkTable#select}). For a file of a few records this spares
 * the temporary file, DuckDB's CSV reader, the context table and the duplicate check's staging
 * table, which cost more than the rows (docs/decisions/0017-checkpoint-per-batch.md); big chunks
 * still go through {@code read_csv} (docs/decisions/0002-import-write-path.md).
 */
final class SmallChunkLoad {
    /** A chunk of at most this many rows (every table together) is loaded with bound parameters. */
    static int maxRows = 256;
    /** The fields of a span's resource/scope context, as the CSV path's context table has them. */
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
            String[] value = new String[1];
            while (true) {
                p = SpanChunk.readField(d, p, end, value);
                if (f < fields) {
                    row[f] = value[0];
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
     * One row's part of the insert: {@link ChunkTable#select}'s expressions with each field of the row
     * ({@code s.x}) and of its context ({@code c.x}) as a typed parameter, and where each parameter comes
     * from (a row field's index, or {@code -1 - i} for the context's field {@code i}).
     */
    record Shape(String tuple, int[] sources) {
    }

    private static final Shape[] SHAPES = new Shape[ChunkTable.values().length];

    static {
        for (ChunkTable t : ChunkTable.values()) {
            SHAPES[t.ordinal()] = shape(t);
        }
    }

    private static Shape shape(ChunkTable t) {
        String sel = t.select;
        StringBuilder sb = new StringBuilder("(");
        List<Integer> sources = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < sel.length(); i++) {
            char ch = sel.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            boolean ref = !quoted && (ch == 's' || ch == 'c') && i + 1 < sel.length() && sel.charAt(i + 1) == '.'
                    && (i == 0 || !Character.isJavaIdentifierPart(sel.charAt(i - 1)));
            if (!ref) {
                sb.append(ch);
                continue;
            }
            int end = i + 2;
            while (end < sel.length() && Character.isJavaIdentifierPart(sel.charAt(end))) {
                end++;
            }
            String name = sel.substring(i + 2, end);
            List<String> columns = ch == 's' ? t.csvColumns : CONTEXT_COLUMNS;
            int index = -1;
            for (int k = 0; k < columns.size(); k++) {
                if (columns.get(k).split(" ", 2)[0].equals(name)) {
                    index = k;
                }
            }
            if (index < 0) {
                throw new IllegalStateException(t.table + ": no field " + ch + "." + name);
            }
            sb.append("?::").append(columns.get(index).split(" ", 2)[1]);
            sources.add(ch == 's' ? index : -1 - index);
            i = end - 1;
        }
        return new Shape(sb.append(", ?::bigint)").toString(), sources.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The statement that inserts {@code rows} rows of table {@code t}: a plain {@code values} list
     * (DuckDB runs one much faster than an {@code insert ... select} from a {@code values} list joined
     * to the contexts). Each row's parameters are its {@link Shape}'s, then the import id.
     */
    static String insert(ChunkTable t, int rows) {
        String tuple = SHAPES[t.ordinal()].tuple();
        StringBuilder sb = new StringBuilder("insert into ").append(t.table).append(" (").append(t.columns)
                .append(", import_id) values ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sb.toString();
    }

    /** Binds each row's fields (and its context's, for spans) and the import id, as {@link #insert} numbers them. */
    static void bind(PreparedStatement ps, ChunkTable t, long importId, List<String[]> rows,
                     java.util.function.IntFunction<SpanChunk.Context> contexts) throws SQLException {
        int[] sources = SHAPES[t.ordinal()].sources();
        int i = 1;
        for (String[] row : rows) {
            SpanChunk.Context c = t.joinsContext ? contexts.apply(Integer.parseInt(row[3])) : null;
            for (int src : sources) {
                set(ps, i++, src >= 0 ? row[src] : contextField(c, -1 - src));
            }
            ps.setLong(i++, importId);
        }
    }

    private static String contextField(SpanChunk.Context c, int i) {
        return switch (i) {
            case 0 -> Integer.toString(c.id());
            case 1 -> c.serviceName();
            case 2 -> c.serviceVersion();
            case 3 -> c.resourceJson();
            case 4 -> c.scopeName();
            default -> c.scopeVersion();
        };
    }

    private static void set(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }
}
