package io.prodlab.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs one SQL statement that a user typed ({@code prodlab query}), streaming its rows.
 *
 * <p>Safety does not rest on reading the SQL: on a workspace opened with
 * {@link Workspace#openReadOnly} DuckDB itself refuses any write to the workspace and any access to
 * another file ({@code copy ... to}, {@code export database}, {@code read_text}, {@code attach}),
 * and the setting that would allow it is locked. On top of that exactly one statement runs: text
 * with a second statement after a {@code ;} is refused before anything runs.
 */
public final class SqlConsole {
    /** Receives the result, row by row; nothing is held in memory beyond one row. */
    public interface RowSink {
        void columns(List<String> names) throws IOException;

        void row(Object[] values) throws IOException;
    }

    private final Workspace ws;

    public SqlConsole(Workspace ws) {
        this.ws = ws;
    }

    /**
     * Runs {@code sql} and hands its rows to {@code sink} as they come.
     *
     * @throws QueryException the SQL cannot run (syntax, names, more than one statement, a write,
     *                        a file outside the workspace)
     * @throws IOException the sink failed (stdout closed)
     */
    public void run(String sql, RowSink sink) throws QueryException, WorkspaceException, IOException {
        String statement = requireOneStatement(sql);
        try (Statement st = ws.connection().createStatement(); Sql.Running ignored = ws.sql().running(st)) {
            if (!st.execute(sql)) {
                sink.columns(List.of());
                return;
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> names = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    names.add(md.getColumnLabel(i));
                }
                sink.columns(names);
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    sink.row(row);
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("Invalid result set") && ws.streamsResults()) {
                SQLException real = ws.errorBehindStreamFailure(statement);
                WorkspaceDamagedException damaged = real == null ? null : Sql.damaged(ws, "run the query", real);
                if (damaged != null) {
                    throw damaged;
                }
            }
            throw translate(e);
        }
    }

    /** Runs {@code sql} and keeps at most {@code maxRows} rows (the desktop, tests). */
    public QueryResult query(String sql, int maxRows) throws QueryException, WorkspaceException {
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        boolean[] truncated = {false};
        try {
            run(sql, new RowSink() {
                @Override
                public void columns(List<String> names) {
                    columns.addAll(names);
                }

                @Override
                public void row(Object[] values) throws IOException {
                    if (rows.size() == maxRows) {
                        truncated[0] = true;
                        throw new EnoughRows();
                    }
                    rows.add(java.util.Collections.unmodifiableList(java.util.Arrays.asList(values)));
                }
            });
        } catch (EnoughRows enough) {
            // Stopped reading on purpose.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new QueryResult(columns, rows, truncated[0]);
    }

    /** Thrown by a sink that has all the rows it wants. */
    private static final class EnoughRows extends IOException {
        private static final long serialVersionUID = 1L;

        EnoughRows() {
            super(null, null);
        }
    }

    private QueryException translate(SQLException e) throws WorkspaceException {
        if (Sql.isCancel(e)) {
            CancellationException c = new CancellationException("query cancelled");
            c.initCause(e);
            throw c;
        }
        WorkspaceDamagedException damaged = Sql.damaged(ws, "run the query", e);
        if (damaged != null) {
            throw damaged;
        }
        String m = String.valueOf(e.getMessage()).strip();
        if (m.contains("file system operations are disabled") || m.contains("Permission Error")) {
            return new QueryException("The query tried to reach a file outside the workspace, which 'prodlab query' "
                    + "does not allow: it reads the workspace's tables and nothing else. (" + Sql.firstLine(m) + ")", e);
        }
        if (m.contains("read-only mode") || m.contains("configuration has been locked")) {
            return new QueryException("'prodlab query' only reads; the statement would change the workspace or its "
                    + "settings. (" + Sql.firstLine(m) + ")", e);
        }
        return new QueryException("The query failed: " + m, e);
    }

    /**
     * Refuses text with more than one statement, and returns the one without its closing {@code ;}. A small scanner that knows where a {@code ;} does
     * not end a statement: inside '...' and E'...' strings, "..." names, $tag$...$tag$ strings and
     * comments.
     */
    static String requireOneStatement(String sql) throws QueryException {
        int statements = 0;
        int firstEnd = -1;
        boolean content = false;
        int secondAt = -1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == ';') {
                if (content) {
                    statements++;
                    if (statements == 1) {
                        firstEnd = i;
                    }
                }
                content = false;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c) && !content) {
                content = true;
                if (statements == 1 && secondAt < 0) {
                    secondAt = i;
                }
            }
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                i = skipQuoted(sql, i, '\'', escapes);
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '$') {
                int tagEnd = i + 1;
                while (tagEnd < n && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        if (content) {
            statements++;
        }
        if (statements > 1) {
            throw new QueryException("'prodlab query' runs exactly one statement; this text has " + statements
                    + " (the second starts at " + place(sql, secondAt) + "). Run them one at a time.");
        }
        if (statements == 0) {
            throw new QueryException("There is no SQL statement to run.");
        }
        return firstEnd < 0 ? sql : sql.substring(0, firstEnd);
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    /** "line 2, column 5", or "column 12" for one-line text. */
    private static String place(String sql, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return sql.indexOf('\n') < 0 ? "column " + col : "line " + line + ", column " + col;
    }
}
