package io.prodlab.store;

import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanRecord;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Writes one imported file into the workspace, in one transaction: {@link #commit()} makes the
 * whole file visible at once; {@link #close()} without a commit leaves the workspace exactly as
 * it was. Bulk rows arrive as {@link SpanChunk}s and are loaded through DuckDB's CSV reader
 * (docs/decisions/0002-import-write-path.md); single records are gathered into chunks too;
 * rejected records (few) go through the Appender.
 *
 * <p>Not thread-safe: one producer thread writes through it.
 */
public final class ImportWriter implements AutoCloseable {
    private final Workspace workspace;
    private final WriteAccess access;
    private final DuckDBConnection connection;
    private final long importId;
    private final String filePath;
    /** What {@code imports} records of the file when it commits. */
    private String sha256;
    private String format;
    private long bytes;
    private java.time.OffsetDateTime startedAt;
    /** Record-at-a-time writes ({@link #addSpan}) gather here until this many bytes of CSV. */
    private static final int RECORD_CHUNK_BYTES = 4 << 20;
    private DuckDBAppender rejected;
    private SpanChunk records;
    private final Map<List<String>, Integer> recordContexts = new HashMap<>();
    /** Every context the import defined, by id. */
    private final Map<Integer, SpanChunk.Context> knownContexts = new HashMap<>();
    /** Contexts not yet in the context table (which only the CSV path needs). */
    private final List<SpanChunk.Context> contextsToTable = new ArrayList<>();
    /** Rows loaded per {@link ChunkTable}. */
    private final long[] counts = new long[ChunkTable.values().length];
    private long rejectedCount;
    private long duplicates;
    /** Flag-evaluation events and log records the file's chunks held ({@link FlagEvaluationExposures}). */
    private long flagEvaluations;
    /** Exposures derived from them. */
    private long derivedExposures;
    /** The identities of the spans this file stored, to find one arriving twice in it. */
    private final SpanIdentities identities = new SpanIdentities();
    /** Each context's service part of a span identity, by context id. */
    private final Map<Integer, long[]> serviceParts = new HashMap<>();
    /** Whether the workspace held spans of other imports when this file's first big chunk came; null before. */
    private Boolean spansBefore;
    private boolean rowsFinished;
    private boolean done;
    private Path chunkDir;
    private String contextTable;
    private DuckDBAppender contextAppender;
    private int chunkNo;
    /** DuckDB's {@code threads} before this import lowered it, restored when the import ends. */
    private String previousThreads;

    private ImportWriter(Workspace workspace, WriteAccess access, DuckDBConnection connection, long importId,
                         String filePath) {
        this.workspace = workspace;
        this.access = access;
        this.connection = connection;
        this.importId = importId;
        this.filePath = filePath;
    }

    /** Starts the file's transaction; the caller's write access stays open until the writer ends. */
    static ImportWriter begin(Workspace workspace, WriteAccess access, String filePath, String sha256,
                              String format, long bytes) throws WorkspaceException {
        DuckDBConnection connection = workspace.writableConnection();
        String previousThreads = null;
        try {
            if (bytes >= PARALLEL_BYTES) {
                previousThreads = leaveACoreForTheParser(connection);
            }
            connection.setAutoCommit(false);
            long id = workspace.importLog().nextId();
            ImportWriter w = new ImportWriter(workspace, access, connection, id, filePath);
            w.sha256 = sha256;
            w.format = format;
            w.bytes = bytes;
            w.startedAt = ImportLog.now();
            w.previousThreads = previousThreads;
            return w;
        } catch (SQLException | WorkspaceException | RuntimeException e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The original failure is what matters.
            }
            restoreThreads(connection, previousThreads);
            if (e instanceof WorkspaceException we) {
                throw we;
            }
            if (e instanceof SQLException se) {
                throw workspace.sql().failure("start importing " + filePath, se);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Files from this size on have their loading overlap their parsing, so DuckDB leaves the parser a
     * core ({@link #leaveACoreForTheParser}); a smaller file is one chunk, and changing the setting
     * twice cost more than the file (about a millisecond each).
     */
    private static final long PARALLEL_BYTES = 1 << 20;

    /**
     * Lowers DuckDB's worker threads to one fewer than the cores while the file loads: the parser
     * thread needs a core of its own, and on two cores DuckDB's second worker only competed with it.
     * Measured on 1M spans: import 14.0 s instead of 15.6 s (median of 3, same run), about 13% less CPU.
     * {@code threads} is a database-wide setting, so it is restored when the import ends.
     *
     * @return the setting before, or null if it was left alone
     */
    private static String leaveACoreForTheParser(DuckDBConnection connection) throws SQLException {
        int cores = Runtime.getRuntime().availableProcessors();
        String before;
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('threads')")) {
            rs.next();
            before = rs.getString(1);
        }
        long wanted = Math.max(1, cores - 1);
        if (Long.parseLong(before) <= wanted) {
            return null;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("set threads = " + wanted);
        }
        return before;
    }

    private static void restoreThreads(DuckDBConnection connection, String previous) {
        if (previous == null) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("set threads = " + Long.parseLong(previous));
        } catch (SQLException ignored) {
            // Only a performance setting; the next import or session sets it afresh.
        }
    }

    public long importId() {
        return importId;
    }

    /**
     * Adds one span. Records are gathered into a {@link SpanChunk} and loaded like an importer's
     * chunks, so there is one write path; they land in {@link #commit} at the latest.
     */
    public void addSpan(SpanRecord s) throws WorkspaceException {
        SpanChunk chunk = recordChunk();
        List<String> key = List.of(s.serviceName(), s.serviceVersion(), s.resourceJson(), s.scopeName(),
                s.scopeVersion());
        Integer ctx = recordContexts.get(key);
        if (ctx == null) {
            // Negative: an importer's own contexts count up from 1 in the same context table.
            ctx = -1 - recordContexts.size();
            recordContexts.put(key, ctx);
            chunk.defineContext(ctx, s.serviceName(), s.serviceVersion(), s.resourceJson(), s.scopeName(),
                    s.scopeVersion());
        }
        chunk.addSpan(s.traceId(), s.spanId(), s.parentSpanId(), ctx, s.name(), s.kind(), s.startNs(), s.endNs(),
                s.status(), s.statusMessage(), s.attributesJson(), s.traceState());
        flushRecordsIfFull();
    }

    private SpanChunk recordChunk() {
        if (records == null) {
            records = new SpanChunk();
        }
        return records;
    }

    private void flushRecordsIfFull() throws WorkspaceException {
        if (records.bytes() >= RECORD_CHUNK_BYTES) {
            flushRecords();
        }
    }

    private void flushRecords() throws WorkspaceException {
        if (records != null && !records.isEmpty()) {
            write(records);
            records.clear();
        }
    }

    public void reject(RejectedRecord r) throws WorkspaceException {
        try {
            if (rejected == null) {
                rejected = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rejected");
            }
            rejected.beginRow()
                    .append(importId).append(filePath).append(r.location()).append(r.reason()).append(r.excerpt())
                    .endRow();
            rejectedCount++;
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    /**
     * Loads a chunk: its contexts, then the rows of every table ({@link ChunkTable}), then its
     * rejected records. A small chunk is bound as parameters ({@link SmallChunkLoad}), a bigger one
     * goes through a CSV file and DuckDB's reader. Spans this file stored already are removed from the
     * chunk first ({@link #dropRepeatedSpans}); the caller clears the chunk for reuse.
     */
    public void write(SpanChunk chunk) throws WorkspaceException {
        flagEvaluations += chunk.flagEvaluations;
        try {
            for (RejectedRecord r : chunk.rejected) {
                reject(r);
            }
            for (SpanChunk.Context c : chunk.contexts) {
                knownContexts.put(c.id(), c);
                contextsToTable.add(c);
            }
            dropRepeatedSpans(chunk);
            if (fitsSmallLoad(chunk)) {
                writeSmall(chunk);
                return;
            }
            if (chunk.rows(ChunkTable.SPANS) > 0) {
                ensureContextTable();
            }
            if (contextTable != null && !contextsToTable.isEmpty()) {
                for (SpanChunk.Context c : contextsToTable) {
                    contextAppender.beginRow().append(c.id()).append(c.serviceName()).append(c.serviceVersion())
                            .append(c.resourceJson()).append(c.scopeName()).append(c.scopeVersion()).endRow();
                }
                contextsToTable.clear();
                contextAppender.flush();
            }
            if (chunk.rows(ChunkTable.SPANS) > 0 && spansBefore == null) {
                spansBefore = spansOfOtherImports();
            }
            for (ChunkTable t : ChunkTable.values()) {
                if (chunk.rows(t) == 0) {
                    continue;
                }
                Path f = chunkFile(t.table);
                chunk.rows[t.ordinal()].writeTo(f);
                String rows = readCsv(f, chunk.maxRowBytes, t.csvColumns) + " s"
                        + (t.joinsContext ? " join " + contextTable + " c on c.ctx = s.ctx" : "");
                counts[t.ordinal()] += update("insert into " + t.table + " (" + t.columns + ", import_id) select "
                        + t.select + ", " + importId + " from " + rows);
                Files.delete(f);
            }
        } catch (SQLException e) {
            throw writeFailed(e);
        } catch (IOException | UncheckedIOException e) {
            throw new WorkspaceException("Cannot stage " + filePath + " for loading into " + workspace.path()
                    + " (temporary folder " + chunkDir + "): " + e.getMessage(), e);
        }
    }

    private boolean fitsSmallLoad(SpanChunk chunk) {
        int rows = 0;
        for (ChunkTable t : ChunkTable.values()) {
            rows += chunk.rows(t);
        }
        return rows <= SmallChunkLoad.maxRows;
    }

    /**
     * {@link #write} for a small chunk. The duplicate check is the CSV path's (the first arrival of a
     * trace id, span id, kind and service is stored; the events and links of the others are not), done
     * here against the stored spans of the chunk's traces, which DuckDB finds with a filtered scan
     * instead of a join over every span of the workspace.
     */
    private void writeSmall(SpanChunk chunk) throws SQLException {
        // When some spans were dropped: the ids and the chunk rows of those stored, to keep their events and links.
        Set<String> storedIds = null;
        Set<String> storedRows = null;
        List<String[]> spans = SmallChunkLoad.rows(chunk.rows[ChunkTable.SPANS.ordinal()], ChunkTable.SPANS.fields());
        if (!spans.isEmpty()) {
            Set<List<String>> seen = storedIdentities(spans);
            List<String[]> kept = new ArrayList<>(spans.size());
            for (String[] r : spans) {
                SpanChunk.Context c = knownContexts.get(Integer.valueOf(r[3]));
                if (c == null) {
                    continue; // as the CSV path's join: a span of an undefined context is not stored
                }
                if (c.serviceName() == null || seen.add(List.of(r[0], r[1], r[5], c.serviceName()))) {
                    kept.add(r);
                }
            }
            long dropped = spans.size() - kept.size();
            duplicates += dropped;
            if (dropped > 0) {
                storedIds = new HashSet<>();
                storedRows = new HashSet<>();
                for (String[] r : kept) {
                    storedIds.add(r[0] + '/' + r[1]);
                    storedRows.add(r[ChunkTable.SPANS.fields() - 1]); // its n
                }
            }
            counts[ChunkTable.SPANS.ordinal()] += insertSmall(ChunkTable.SPANS, kept);
        }
        for (ChunkTable t : ChunkTable.values()) {
            if (t == ChunkTable.SPANS || chunk.rows(t) == 0) {
                continue;
            }
            List<String[]> rows = SmallChunkLoad.rows(chunk.rows[t.ordinal()], t.fields());
            if (storedIds != null && (t == ChunkTable.EVENTS || t == ChunkTable.LINKS)) {
                Set<String> ids = storedIds;
                Set<String> spanRows = storedRows;
                int spanRow = t.fields() - 1; // span_n, the last field of an event or link
                // By the span's row in the chunk when the event knows it (a span twice in one chunk), else by ids.
                rows.removeIf(r -> Integer.parseInt(r[spanRow]) >= 0 ? !spanRows.contains(r[spanRow])
                        : !ids.contains(r[0] + '/' + r[1]));
            }
            counts[t.ordinal()] += insertSmall(t, rows);
        }
    }

    /** The identities (trace id, span id, kind, service) of the stored spans of the traces of {@code spans}. */
    private Set<List<String>> storedIdentities(List<String[]> spans) throws SQLException {
        Set<String> traces = new java.util.LinkedHashSet<>();
        for (String[] r : spans) {
            traces.add(r[0]);
        }
        StringBuilder sql = new StringBuilder("select trace_id, span_id, kind, service_name from main.spans where trace_id in (");
        for (int i = 0; i < traces.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        PreparedStatement ps = workspace.keptStatement(sql.append(')').toString());
        int i = 1;
        for (String t : traces) {
            ps.setString(i++, t);
        }
        Set<List<String>> out = new HashSet<>();
        try (Sql.Running ignored = workspace.sql().running(ps); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    private long insertSmall(ChunkTable t, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        PreparedStatement ps = workspace.keptStatement(SmallChunkLoad.insert(t, rows.size()));
        SmallChunkLoad.bind(ps, t, importId, rows, knownContexts::get);
        try (Sql.Running ignored = workspace.sql().running(ps)) {
            return ps.executeLargeUpdate();
        }
    }

    /**
     * Drops from the chunk the spans this file stored already — the same trace id, span id, kind and
     * service (docs/decisions/0014-duplicate-spans.md) — found by their hashes in {@link #identities},
     * with the events and links that came with them; they are counted as duplicates. The first
     * arrival is kept. Spans stored by earlier imports are found by {@link #writeSmall} for a small
     * chunk and by {@link #dropSpansStoredBefore} for the whole file otherwise.
     */
    private void dropRepeatedSpans(SpanChunk chunk) {
        int n = chunk.rows(ChunkTable.SPANS);
        boolean[] drop = null;
        for (int i = 0; i < n; i++) {
            SpanChunk.Context c = knownContexts.get(chunk.spanContexts[i]);
            if (c == null || c.serviceName() == null) {
                continue; // not stored: a span of an undefined context is left out by the load's join
            }
            long[] service = serviceParts.computeIfAbsent(c.id(), id -> {
                long[] part = new long[2];
                SpanIdentities.servicePart(c.serviceName(), part);
                return part;
            });
            if (!identities.add(chunk.spanHashHi[i] ^ service[0], chunk.spanHashLo[i] ^ service[1])) {
                if (drop == null) {
                    drop = new boolean[n];
                }
                drop[i] = true;
                duplicates++;
            }
        }
        if (drop == null) {
            return;
        }
        Set<String> keptIds = null; // of the spans kept, for an event or link whose span row is unknown
        for (ChunkTable t : new ChunkTable[] {ChunkTable.EVENTS, ChunkTable.LINKS}) {
            int rows = chunk.rows(t);
            boolean[] dropRow = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                int spanRow = chunk.spanRowOf(t, r);
                if (spanRow >= 0) {
                    dropRow[r] = drop[spanRow];
                } else {
                    if (keptIds == null) {
                        keptIds = new HashSet<>();
                        for (int i = 0; i < n; i++) {
                            if (!drop[i]) {
                                keptIds.add(chunk.field(ChunkTable.SPANS, i, 0) + '/' + chunk.field(ChunkTable.SPANS, i, 1));
                            }
                        }
                    }
                    dropRow[r] = !keptIds.contains(chunk.field(t, r, 0) + '/' + chunk.field(t, r, 1));
                }
            }
            chunk.removeRows(t, dropRow);
        }
        chunk.removeRows(ChunkTable.SPANS, drop);
    }

    private boolean spansOfOtherImports() throws SQLException {
        try (Statement st = connection.createStatement(); Sql.Running ignored = workspace.sql().running(st);
             ResultSet rs = st.executeQuery("select exists (select 1 from spans where import_id <> " + importId + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Deletes the spans this file stored through big chunks that an earlier import had stored already,
     * with their events and links, once for the whole file: one join of the file's spans with the
     * others, instead of one per chunk against a table that grows with the file.
     */
    private void dropSpansStoredBefore() throws SQLException {
        String repeated = "import_repeated_" + importId;
        update("create temp table " + repeated + " as select distinct n.rowid as r, n.trace_id, n.span_id "
                + "from spans n join spans o on o.trace_id = n.trace_id and o.span_id = n.span_id and o.kind = n.kind "
                + "and o.service_name = n.service_name where n.import_id = " + importId + " and o.import_id <> " + importId);
        long dropped = update("delete from spans where rowid in (select r from " + repeated + ")");
        if (dropped > 0) {
            duplicates += dropped;
            counts[ChunkTable.SPANS.ordinal()] -= dropped;
            for (ChunkTable t : new ChunkTable[] {ChunkTable.EVENTS, ChunkTable.LINKS}) {
                counts[t.ordinal()] -= update("delete from " + t.table + " x where x.import_id = " + importId
                        + " and exists (select 1 from " + repeated + " d where d.trace_id = x.trace_id and d.span_id = "
                        + "x.span_id) and not exists (select 1 from spans s where s.import_id = " + importId
                        + " and s.trace_id = x.trace_id and s.span_id = x.span_id)");
            }
        }
        update("drop table " + repeated);
    }

    private void ensureContextTable() throws SQLException {
        if (contextTable == null) {
            contextTable = "import_ctx_" + importId;
            try (Statement st = connection.createStatement()) {
                st.execute("create temp table " + contextTable + " (ctx integer primary key, service_name varchar, "
                        + "service_version varchar, resource json, scope_name varchar, scope_version varchar)");
            }
            contextAppender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, contextTable);
        }
    }

    private Path chunkFile(String kind) throws IOException {
        if (chunkDir == null) {
            chunkDir = TempFiles.newImportStagingDir();
        }
        return chunkDir.resolve(kind + "-" + (chunkNo++) + ".csv");
    }

    /**
     * The reader for {@link SpanChunk}'s format: U+001F between fields, U+0001 as quote and escape
     * (only fields holding those or a line break are quoted), a quoted empty string is empty, not NULL.
     * Bare fields spare DuckDB the unescaping that quoting every field with '"' cost (the attribute
     * JSON is full of quotes): the load of 200k spans took about a quarter less time and 40% less CPU.
     */
    private static String readCsv(Path file, int maxRowBytes, List<String> columns) {
        StringBuilder sb = new StringBuilder("read_csv('").append(file.toString().replace("'", "''"))
                .append("', header = false, auto_detect = false, delim = '\u001f', quote = '\u0001', escape = '\u0001', ")
                .append("new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, ");
        if (maxRowBytes > 1_000_000) {
            long max = Math.max(2_097_152L, maxRowBytes * 2L);
            sb.append("max_line_size = ").append(max).append(", buffer_size = ").append(max * 4).append(", ");
        }
        sb.append("columns = {");
        for (int i = 0; i < columns.size(); i++) {
            String[] nameType = columns.get(i).split(" ", 2);
            sb.append(i > 0 ? ", " : "").append('\'').append(nameType[0]).append("': '").append(nameType[1]).append('\'');
        }
        return sb.append("})").toString();
    }

    private long update(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); Sql.Running ignored = workspace.sql().running(st)) {
            return st.executeLargeUpdate(sql);
        }
    }

    private long count(ChunkTable t) {
        return counts[t.ordinal()] + (records == null ? 0 : records.rows(t));
    }

    /** Spans written so far, counting records not yet loaded. */
    public long spans() {
        return count(ChunkTable.SPANS);
    }

    public long events() {
        return count(ChunkTable.EVENTS);
    }

    public long links() {
        return count(ChunkTable.LINKS);
    }

    public long logs() {
        return count(ChunkTable.LOGS);
    }

    public long metricPoints() {
        return count(ChunkTable.METRIC_POINTS);
    }

    public long annotations() {
        return count(ChunkTable.ANNOTATIONS);
    }

    /** Exposures written so far: the file's own, and after {@link #finishRows()} those of its flag evaluations. */
    public long exposures() {
        return count(ChunkTable.EXPOSURES) + derivedExposures;
    }

    /**
     * Writes what is derived from the whole file — the exposures of its feature-flag evaluations
     * ({@link FlagEvaluationExposures}) — so that the counts are final before the summary is made.
     * Nothing is run for a file without such records. {@link #commit} does it when not done.
     */
    public void finishRows() throws WorkspaceException {
        if (rowsFinished) {
            return;
        }
        flushRecords();
        if (Boolean.TRUE.equals(spansBefore)) {
            try {
                dropSpansStoredBefore();
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }
        if (flagEvaluations > 0) {
            try {
                for (String sql : new String[] {FlagEvaluationExposures.FROM_SPAN_EVENTS, FlagEvaluationExposures.FROM_LOGS}) {
                    PreparedStatement ps = workspace.keptStatement(sql);
                    ps.setLong(1, importId);
                    try (Sql.Running ignored = workspace.sql().running(ps)) {
                        derivedExposures += ps.executeLargeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }
        rowsFinished = true;
    }

    /** Spans that were already in the workspace (or earlier in this file), and so not stored again. */
    public long duplicates() {
        return duplicates;
    }

    public long rejectedCount() {
        return rejectedCount;
    }

    /** Makes the whole file visible, with its counts recorded in {@code imports}. */
    public void commit(String message) throws WorkspaceException {
        commit(message, null);
    }

    /**
     * Like {@link #commit(String)}, and records the file's sha256 when it was only known at the end
     * of reading ({@code null} keeps the one given to {@code beginImport}). The commit is followed by
     * a checkpoint; if either fails the workspace's files are put back as they were before this file.
     */
    public void commit(String message, String sha256) throws WorkspaceException {
        if (done) {
            throw new IllegalStateException("import " + importId + " already finished");
        }
        boolean committed = false;
        try {
            finishRows();
            closeAppenders();
            if (contextTable != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute("drop table temp.main." + contextTable);
                }
            }
            workspace.importLog().record(importId, filePath, sha256 != null ? sha256 : this.sha256, format, bytes,
                    startedAt, new ImportCounts(spans(), events(), links(), logs(), metricPoints(), annotations(),
                    exposures(), duplicates, rejectedCount), message);
            connection.commit();
            committed = true;
        } catch (SQLException e) {
            throw writeFailed(e);
        } finally {
            done = true;
            if (!committed) {
                rollback();
            }
            restoreAutoCommit();
            restoreThreads(connection, previousThreads);
            previousThreads = null;
            deleteChunkDir();
            if (!committed) {
                endAfterFailure();
            }
        }
        try {
            access.committed();
        } finally {
            access.close();
        }
    }

    /** Drops everything written so far unless {@link #commit} succeeded. */
    @Override
    public void close() throws WorkspaceException {
        if (done) {
            return;
        }
        done = true;
        rollback();
        restoreAutoCommit();
        restoreThreads(connection, previousThreads);
        previousThreads = null;
        deleteChunkDir();
        try {
            access.rolledBack();
        } finally {
            access.close();
        }
    }

    /** After a failed commit: give back what the failed write took, then end the access. */
    private void endAfterFailure() {
        try {
            access.rolledBack();
        } catch (WorkspaceException e) {
            java.util.logging.Logger.getLogger(ImportWriter.class.getName()).warning(e.getMessage());
        } finally {
            try {
                access.close();
            } catch (WorkspaceException e) {
                java.util.logging.Logger.getLogger(ImportWriter.class.getName()).warning(e.getMessage());
            }
        }
    }

    private void deleteChunkDir() {
        if (chunkDir == null) {
            return;
        }
        try (var files = Files.list(chunkDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(chunkDir);
        } catch (IOException ignored) {
            // A leftover file in the temporary folder is harmless; the import's outcome is what matters.
        }
        chunkDir = null;
    }

    private void closeAppenders() throws SQLException {
        for (DuckDBAppender a : new DuckDBAppender[] {rejected, contextAppender}) {
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
        WorkspaceException f = workspace.sql().failure("write " + filePath, e);
        if (f instanceof WorkspaceDamagedException) {
            return f;
        }
        String hint = String.valueOf(e.getMessage()).contains("No space left on device")
                ? " The disk is full: free some space and import the file again." : "";
        return new WorkspaceException(f.getMessage() + "." + hint + " Nothing of this file was written; the workspace "
                + "is as it was before it.", e);
    }
}
