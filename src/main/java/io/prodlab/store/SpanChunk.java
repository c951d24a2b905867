package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of records on its way into the workspace — spans, events, links, log records, metric
 * points, annotations and exposures — encoded as CSV in memory, one buffer per {@link ChunkTable},
 * so that {@link ImportWriter#write(SpanChunk)} can bulk-load it through DuckDB's own CSV reader
 * (see docs/decisions/0002-import-write-path.md for why not the Appender).
 *
 * <p>One thread fills a chunk, then hands it over (through a queue) to the thread that writes it.
 * Spans refer to a <em>context</em> (resource and scope) by number; a context must be
 * {@linkplain #defineContext defined} in the same chunk or an earlier one of the same import.
 * {@link #mark()} and {@link #rollbackToMark()} drop what was added since the mark (a JSON line
 * that turned out to be broken).
 */
public final class SpanChunk {
    private static final ChunkTable[] TABLES = ChunkTable.values();
    /** The rows of each table ({@link ChunkTable} ordinal), as CSV. */
    final ByteBuf[] rows = new ByteBuf[TABLES.length];
    private final int[] rowCounts = new int[TABLES.length];
    /** Where each row of each table starts in {@link #rows}. */
    private final int[][] rowStarts = new int[TABLES.length][];
    /** Per span row: its context, and its part of the identity hash ({@link SpanIdentities#spanPart}). */
    int[] spanContexts = new int[256];
    long[] spanHashHi = new long[256];
    long[] spanHashLo = new long[256];
    /** Per event and link row: the row of its span ({@link #spanRowOf}), by table ordinal. */
    private final int[][] spanRowsOf = new int[TABLES.length][];
    private final long[] hash = new long[2];
    final List<Context> contexts = new ArrayList<>();
    final List<RejectedRecord> rejected = new ArrayList<>();
    /** The longest CSV row so far, in bytes: DuckDB's reader must be told about rows over 2 MB. */
    int maxRowBytes;
    /**
     * Span events and log records named {@code feature_flag.evaluation} held: the writer derives
     * exposures from them ({@link ImportWriter}), and only looks when there are some.
     */
    int flagEvaluations;
    private int markFlagEvaluations;
    /** The last span added: its row in the chunk (-1 for none) and ids, for {@link #spanRowOf}. */
    private int lastSpanRow = -1;
    private String lastTraceId;
    private String lastSpanId;

    private final int[] markBytes = new int[TABLES.length];
    private final int[] markRows = new int[TABLES.length];
    private int markContexts;
    private int markRejected;

    /** The OpenTelemetry event of a feature-flag evaluation, on a span or as a log record. */
    static final String FLAG_EVALUATION = "feature_flag.evaluation";
    private static final String[] KIND_CODES = codes(SpanKind.values());
    private static final String[] STATUS_CODES = codes(SpanStatus.values());

    public SpanChunk() {
        for (ChunkTable t : TABLES) {
            rows[t.ordinal()] = new ByteBuf(t == ChunkTable.SPANS ? 1 << 16 : 1 << 12);
            rowStarts[t.ordinal()] = new int[t == ChunkTable.SPANS ? 256 : 16];
        }
        spanRowsOf[ChunkTable.EVENTS.ordinal()] = new int[16];
        spanRowsOf[ChunkTable.LINKS.ordinal()] = new int[16];
    }

    private static String[] codes(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (Enum<?> v : values) {
            out[v.ordinal()] = v.name().toLowerCase(java.util.Locale.ROOT);
        }
        return out;
    }

    record Context(int id, String serviceName, String serviceVersion, String resourceJson, String scopeName,
                   String scopeVersion) {
    }

    /** Registers resource/scope context {@code id} for the spans that refer to it. */
    public void defineContext(int id, String serviceName, String serviceVersion, String resourceJson,
                              String scopeName, String scopeVersion) {
        contexts.add(new Context(id, serviceName, serviceVersion, resourceJson, scopeName, scopeVersion));
    }

    private ByteBuf begin(ChunkTable t) {
        return rows[t.ordinal()];
    }

    private void end(ChunkTable t, int start) {
        int ti = t.ordinal();
        ByteBuf b = rows[ti];
        b.newline();
        maxRowBytes = Math.max(maxRowBytes, b.length - start);
        int row = rowCounts[ti]++;
        if (row == rowStarts[ti].length) {
            rowStarts[ti] = Arrays.copyOf(rowStarts[ti], row * 2);
        }
        rowStarts[ti][row] = start;
    }

    /** Records the row of the span an event or link (row {@code row} of {@code t}) belongs to. */
    private void endOwned(ChunkTable t, int start, int spanRow) {
        int row = rowCounts[t.ordinal()];
        end(t, start);
        int[] of = spanRowsOf[t.ordinal()];
        if (row == of.length) {
            of = spanRowsOf[t.ordinal()] = Arrays.copyOf(of, row * 2);
        }
        of[row] = spanRow;
    }

    /**
     * Adds a span. Ids are lower-case hex, {@code parentSpanId} empty for a root; JSON arguments are
     * JSON objects (as text).
     */
    public void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name,
                        SpanKind kind, long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                        CharSequence attributesJson, CharSequence traceState) {
        addSpan(traceId, spanId, parentSpanId, contextId, name, kind, startNs, endNs, status, statusMessage,
                attributesJson, traceState, SpanFlags.NONE);
    }

    /** A span with its flags and dropped counts ({@link SpanFlags}). */
    public void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name,
                        SpanKind kind, long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                        CharSequence attributesJson, CharSequence traceState, SpanFlags extra) {
        ByteBuf b = begin(ChunkTable.SPANS);
        int start = b.length;
        lastSpanRow = rowCounts[ChunkTable.SPANS.ordinal()];
        lastTraceId = traceId;
        lastSpanId = spanId;
        int row = lastSpanRow;
        if (row == spanContexts.length) {
            spanContexts = Arrays.copyOf(spanContexts, row * 2);
            spanHashHi = Arrays.copyOf(spanHashHi, row * 2);
            spanHashLo = Arrays.copyOf(spanHashLo, row * 2);
        }
        SpanIdentities.spanPart(traceId, spanId, kind.ordinal(), hash);
        spanContexts[row] = contextId;
        spanHashHi[row] = hash[0];
        spanHashLo[row] = hash[1];
        b.quoted(traceId).comma().quoted(spanId).comma().quoted(parentSpanId).comma().number(contextId).comma()
                .quoted(name).comma().quoted(KIND_CODES[kind.ordinal()]).comma().number(startNs).comma().number(endNs).comma()
                .quoted(STATUS_CODES[status.ordinal()]).comma().quoted(statusMessage).comma().quoted(attributesJson).comma()
                .quoted(traceState).comma().number(extra.flags()).comma().number(extra.droppedAttributes()).comma()
                .number(extra.droppedEvents()).comma().number(extra.droppedLinks()).comma().number(lastSpanRow);
        end(ChunkTable.SPANS, start);
    }

    /**
     * The row (its {@code n}) of the span an event or link belongs to: the span added just before it
     * with the same ids (the readers add a span's events and links right after it), else -1 (the writer
     * then goes by the ids). With it, a span that arrives twice in one chunk keeps only the events and
     * links of the copy that is stored.
     */
    private int spanRowOf(String traceId, String spanId) {
        return lastSpanRow >= 0 && spanId.equals(lastSpanId) && traceId.equals(lastTraceId) ? lastSpanRow : -1;
    }

    public void addEvent(String traceId, String spanId, long timeNs, CharSequence name, CharSequence attributesJson) {
        if (name != null && FLAG_EVALUATION.contentEquals(name)) {
            flagEvaluations++;
        }
        ByteBuf b = begin(ChunkTable.EVENTS);
        int start = b.length;
        int spanRow = spanRowOf(traceId, spanId);
        b.quoted(traceId).comma().quoted(spanId).comma().number(timeNs).comma().quoted(name).comma()
                .quoted(attributesJson).comma().number(spanRow);
        endOwned(ChunkTable.EVENTS, start, spanRow);
    }

    public void addLink(String traceId, String spanId, String linkedTraceId, String linkedSpanId,
                        CharSequence traceState, CharSequence attributesJson) {
        ByteBuf b = begin(ChunkTable.LINKS);
        int start = b.length;
        int spanRow = spanRowOf(traceId, spanId);
        b.quoted(traceId).comma().quoted(spanId).comma().quoted(linkedTraceId).comma().quoted(linkedSpanId)
                .comma().quoted(traceState).comma().quoted(attributesJson).comma().number(spanRow);
        endOwned(ChunkTable.LINKS, start, spanRow);
    }

    public void reject(RejectedRecord r) {
        rejected.add(r);
    }

    /** Adds a metric point (see {@link MetricPoint} for the fields). */
    public void add(MetricPoint p) {
        ByteBuf b = begin(ChunkTable.METRIC_POINTS);
        int start = b.length;
        b.quoted(p.name()).comma().quoted(p.type()).comma().quoted(orEmpty(p.unit())).comma()
                .quoted(orEmpty(p.description())).comma().number(p.startTimeNs()).comma().number(p.timeNs()).comma()
                .decimal(p.value()).comma().nullableNumber(p.count()).comma().nullableDecimal(p.min()).comma()
                .nullableDecimal(p.max()).comma().quoted(orEmpty(p.temporality())).comma()
                .nullableBoolean(p.monotonic()).comma().list(p.bucketBounds()).comma().list(p.bucketCounts()).comma()
                .list(p.quantiles()).comma().list(p.quantileValues()).comma().quoted(json(p.attributesJson())).comma()
                .quoted(json(p.resourceJson())).comma().quoted(orEmpty(p.scopeName())).comma()
                .quoted(p.exemplarsJson() == null || p.exemplarsJson().isEmpty() ? "[]" : p.exemplarsJson());
        end(ChunkTable.METRIC_POINTS, start);
    }

    /** Adds a log record (see {@link LogRecord} for the fields). */
    public void add(LogRecord r) {
        if (FLAG_EVALUATION.equals(r.eventName())) {
            flagEvaluations++;
        }
        ByteBuf b = begin(ChunkTable.LOGS);
        int start = b.length;
        b.number(r.timeNs()).comma().number(r.observedTimeNs()).comma().number(r.severityNumber()).comma()
                .quoted(orEmpty(r.severityText())).comma().quoted(orEmpty(r.body())).comma()
                .quoted(json(r.attributesJson())).comma().quoted(json(r.resourceJson())).comma()
                .quoted(orEmpty(r.scopeName())).comma().quoted(orEmpty(r.traceId())).comma()
                .quoted(orEmpty(r.spanId())).comma().quoted(orEmpty(r.eventName()));
        end(ChunkTable.LOGS, start);
    }

    /** Adds an annotation (see {@link Annotation} for the fields). */
    public void add(Annotation a) {
        ByteBuf b = begin(ChunkTable.ANNOTATIONS);
        int start = b.length;
        b.quoted(a.kind()).comma().quoted(orEmpty(a.name())).comma().number(a.startNs()).comma()
                .nullableNumber(a.endNs()).comma().quoted(orEmpty(a.target())).comma().quoted(json(a.attributesJson()));
        end(ChunkTable.ANNOTATIONS, start);
    }

    /** Adds an exposure (see {@link Exposure} for the fields). */
    public void add(Exposure e) {
        ByteBuf b = begin(ChunkTable.EXPOSURES);
        int start = b.length;
        b.quoted(e.unitId()).comma().quoted(e.flagKey()).comma().quoted(orEmpty(e.variant())).comma()
                .number(e.timeNs()).comma().quoted(orEmpty(e.reason())).comma().quoted(orEmpty(e.flagVersion()))
                .comma().quoted(orEmpty(e.traceId())).comma().quoted(json(e.attributesJson()));
        end(ChunkTable.EXPOSURES, start);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String json(String s) {
        return s == null || s.isEmpty() ? "{}" : s;
    }

    /**
     * Field {@code index} of row {@code row} of {@code t}, decoded (a quoted field unquoted): for the
     * rare rows the writer must look into.
     */
    String field(ChunkTable t, int row, int index) {
        ByteBuf b = rows[t.ordinal()];
        String[] value = new String[1];
        int p = rowStarts[t.ordinal()][row];
        for (int f = 0; f <= index; f++) {
            p = readField(b.data, p, b.length, value) + 1;
        }
        return value[0] == null ? "" : value[0];
    }

    /**
     * Decodes the field that starts at {@code p} (a quoted one unquoted) into {@code value[0]}, null for a
     * bare empty field (NULL to DuckDB's reader); returns where the separator or line break after it is.
     */
    static int readField(byte[] d, int p, int end, String[] value) {
        if (d[p] == ByteBuf.QUOTE) {
            java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
            p++;
            while (true) {
                if (d[p] == ByteBuf.QUOTE) {
                    if (p + 1 < end && d[p + 1] == ByteBuf.QUOTE) {
                        field.write(ByteBuf.QUOTE);
                        p += 2;
                        continue;
                    }
                    value[0] = field.toString(java.nio.charset.StandardCharsets.UTF_8);
                    return p + 1;
                }
                field.write(d[p++]);
            }
        }
        int start = p;
        while (d[p] != ByteBuf.DELIM && d[p] != '\n') {
            p++;
        }
        value[0] = p == start ? null : new String(d, start, p - start, java.nio.charset.StandardCharsets.UTF_8);
        return p;
    }

    /** The row of the span that event or link {@code row} of {@code t} came with, or -1 ({@link #spanRowOf}). */
    int spanRowOf(ChunkTable t, int row) {
        return spanRowsOf[t.ordinal()][row];
    }

    /**
     * Removes the rows of {@code t} that {@code drop} marks, keeping the others in order. Row numbers
     * written into the rows ({@code n}, {@code span_n}) keep their values from before.
     */
    void removeRows(ChunkTable t, boolean[] drop) {
        int ti = t.ordinal();
        ByteBuf b = rows[ti];
        int[] starts = rowStarts[ti];
        int n = rowCounts[ti];
        int[] owners = spanRowsOf[ti];
        int out = 0;
        int kept = 0;
        for (int r = 0; r < n; r++) {
            int start = starts[r];
            int end = r + 1 < n ? starts[r + 1] : b.length;
            if (drop[r]) {
                continue;
            }
            System.arraycopy(b.data, start, b.data, out, end - start);
            starts[kept] = out;
            if (owners != null) {
                owners[kept] = owners[r];
            }
            if (t == ChunkTable.SPANS) {
                spanContexts[kept] = spanContexts[r];
                spanHashHi[kept] = spanHashHi[r];
                spanHashLo[kept] = spanHashLo[r];
            }
            out += end - start;
            kept++;
        }
        b.length = out;
        rowCounts[ti] = kept;
        lastSpanRow = -1;
    }

    /** Rows of {@code t} held. */
    int rows(ChunkTable t) {
        return rowCounts[t.ordinal()];
    }

    public int metricPointRows() {
        return rows(ChunkTable.METRIC_POINTS);
    }

    public int logRows() {
        return rows(ChunkTable.LOGS);
    }

    public int annotationRows() {
        return rows(ChunkTable.ANNOTATIONS);
    }

    public int exposureRows() {
        return rows(ChunkTable.EXPOSURES);
    }

    /** Remembers the current end, for {@link #rollbackToMark()}. */
    public void mark() {
        for (int i = 0; i < TABLES.length; i++) {
            markBytes[i] = rows[i].length;
            markRows[i] = rowCounts[i];
        }
        markContexts = contexts.size();
        markRejected = rejected.size();
        markFlagEvaluations = flagEvaluations;
    }

    /**
     * Drops every row added since {@link #mark()}. Contexts defined since the mark are kept: a
     * later span may still refer to them.
     */
    public void rollbackToMark() {
        lastSpanRow = -1;
        for (int i = 0; i < TABLES.length; i++) {
            rows[i].length = markBytes[i];
            rowCounts[i] = markRows[i];
        }
        rejected.subList(markRejected, rejected.size()).clear();
        flagEvaluations = markFlagEvaluations;
    }

    public int spanRows() {
        return rows(ChunkTable.SPANS);
    }

    public int eventRows() {
        return rows(ChunkTable.EVENTS);
    }

    public int linkRows() {
        return rows(ChunkTable.LINKS);
    }

    /** Bytes of CSV held (rows of every table), a measure of how full the chunk is. */
    public int bytes() {
        int n = 0;
        for (ByteBuf b : rows) {
            n += b.length;
        }
        return n;
    }

    public boolean isEmpty() {
        for (int c : rowCounts) {
            if (c > 0) {
                return false;
            }
        }
        return contexts.isEmpty() && rejected.isEmpty();
    }

    /** Empties the chunk for reuse (its buffers are kept). */
    public void clear() {
        lastSpanRow = -1;
        for (int i = 0; i < TABLES.length; i++) {
            rows[i].length = 0;
            rowCounts[i] = 0;
        }
        maxRowBytes = 0;
        flagEvaluations = 0;
        contexts.clear();
        rejected.clear();
        mark();
    }

    /**
     * A growable UTF-8 byte buffer that writes delimited text for DuckDB's CSV reader: fields
     * separated by U+001F, quoted with U+0001 (doubled inside) only where needed, so that the
     * reader rarely has to unescape (see {@link ImportWriter}'s {@code read_csv} options).
     * NUL characters, which DuckDB's CSV reader does not take, become U+FFFD; unpaired surrogates
     * likewise.
     */
    static final class ByteBuf {
        /** Field separator: the ASCII unit separator, which JSON text never holds unescaped. */
        static final byte DELIM = 0x1F;
        /** Quote (and its own escape): ASCII SOH, as rare in telemetry as a byte gets. */
        static final byte QUOTE = 0x01;
        byte[] data;
        int length;

        ByteBuf(int capacity) {
            data = new byte[capacity];
        }

        private void ensure(int extra) {
            if (length + extra > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, length + extra));
            }
        }

        ByteBuf comma() {
            ensure(1);
            data[length++] = DELIM;
            return this;
        }

        ByteBuf newline() {
            ensure(1);
            data[length++] = '\n';
            return this;
        }

        /** A whole number in decimal, written straight into the buffer (no string on the way: a few per row). */
        ByteBuf number(long v) {
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    return ascii(Long.toString(v));
                }
                ensure(1);
                data[length++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long x = v; x >= 10; x /= 10) {
                digits++;
            }
            ensure(digits);
            int end = length + digits;
            for (int i = end - 1; i >= length; i--) {
                data[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            length = end;
            return this;
        }

        /** A double as DuckDB reads it back exactly: {@code 1.5}, {@code 1.0E-7}, {@code NaN}, {@code Infinity}. */
        ByteBuf decimal(double v) {
            return ascii(Double.toString(v));
        }

        /** A number, or NULL (an empty, unquoted field) for null. */
        ByteBuf nullableNumber(Long v) {
            return v == null ? this : number(v);
        }

        ByteBuf nullableDecimal(Double v) {
            return v == null ? this : decimal(v);
        }

        ByteBuf nullableBoolean(Boolean v) {
            return v == null ? this : ascii(v ? "true" : "false");
        }

        /** A list literal ({@code [1.5, 2.0]}), or NULL for null. */
        ByteBuf list(double[] v) {
            if (v == null) {
                return this;
            }
            StringBuilder sb = new StringBuilder(v.length * 8 + 2).append('[');
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(v[i]);
            }
            return ascii(sb.append(']'));
        }

        ByteBuf list(long[] v) {
            if (v == null) {
                return this;
            }
            StringBuilder sb = new StringBuilder(v.length * 4 + 2).append('[');
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(v[i]);
            }
            return ascii(sb.append(']'));
        }

        private ByteBuf ascii(CharSequence s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                data[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        /**
         * Writes a string field. Most fields (hex ids, names, the attribute JSON, which escapes
         * every control character) contain none of the separator, quote or line-break bytes and
         * go out bare, which DuckDB reads without unescaping; the rest, and the empty string
         * (a bare empty field would be NULL), are quoted with {@link #QUOTE}, doubled inside.
         */
        ByteBuf quoted(CharSequence s) {
            int n = s.length();
            ensure(n * 3 + 2);
            int p = encode(s, data, length, false);
            if (p < 0 || n == 0) {
                p = encode(s, data, length, true);
            }
            length = p;
            return this;
        }

        /**
         * Encodes {@code s} as UTF-8 at {@code p}; returns the end, or -1 when unquoted and a byte
         * that needs quoting was found. Either way at most 3 bytes a char plus the two quotes (a
         * doubled quote is 2 bytes, a NUL's or an unpaired surrogate's replacement 3).
         */
        private static int encode(CharSequence s, byte[] d, int p, boolean quote) {
            int n = s.length();
            if (quote) {
                d[p++] = QUOTE;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    if (c == QUOTE || c == DELIM || c == '\n' || c == '\r') {
                        if (!quote) {
                            return -1;
                        }
                        if (c == QUOTE) {
                            d[p++] = QUOTE;
                        }
                        d[p++] = (byte) c;
                    } else if (c == 0) {
                        p = replacement(d, p);
                    } else {
                        d[p++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    d[p++] = (byte) (0xC0 | (c >> 6));
                    d[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    d[p++] = (byte) (0xF0 | (cp >> 18));
                    d[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    d[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    d[p++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    p = replacement(d, p);
                } else {
                    d[p++] = (byte) (0xE0 | (c >> 12));
                    d[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    d[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            if (quote) {
                d[p++] = QUOTE;
            }
            return p;
        }

        private static int replacement(byte[] d, int p) {
            d[p++] = (byte) 0xEF;
            d[p++] = (byte) 0xBF;
            d[p++] = (byte) 0xBD;
            return p;
        }

        void writeTo(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bb = ByteBuffer.wrap(data, 0, length);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
        }
    }
}
