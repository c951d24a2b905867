package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
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
 * A batch of spans, events and links on its way into the workspace, encoded as CSV in memory so
 * that {@link ImportWriter#write(SpanChunk)} can bulk-load it through DuckDB's own CSV reader
 * (see docs/decisions/0002-import-write-path.md for why not the Appender).
 *
 * <p>One thread fills a chunk, then hands it over (through a queue) to the thread that writes it.
 * Spans refer to a <em>context</em> (resource and scope) by number; a context must be
 * {@linkplain #defineContext defined} in the same chunk or an earlier one of the same import.
 * {@link #mark()} and {@link #rollbackToMark()} drop what was added since the mark (a JSON line
 * that turned out to be broken).
 */
public final class SpanChunk {
    final ByteBuf spans = new ByteBuf(1 << 16);
    final ByteBuf events = new ByteBuf(1 << 12);
    final ByteBuf links = new ByteBuf(1 << 12);
    final List<Context> contexts = new ArrayList<>();
    final List<RejectedRecord> rejected = new ArrayList<>();
    /** Records of the other signals: metric points, log records, annotations and exposures. */
    final List<MetricPoint> metricPoints = new ArrayList<>();
    final List<LogRecord> logs = new ArrayList<>();
    final List<Annotation> annotations = new ArrayList<>();
    final List<Exposure> exposures = new ArrayList<>();
    private int spanRows;
    private int eventRows;
    private int linkRows;
    /** The longest CSV row so far, in bytes: DuckDB's reader must be told about rows over 2 MB. */
    int maxRowBytes;

    private int markSpans;
    private int markEvents;
    private int markLinks;
    private int markSpanRows;
    private int markEventRows;
    private int markLinkRows;
    private int markContexts;
    private int markRejected;
    private int markMetricPoints;
    private int markLogs;
    private int markAnnotations;
    private int markExposures;

    private static final String[] KIND_CODES = codes(SpanKind.values());
    private static final String[] STATUS_CODES = codes(SpanStatus.values());

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

    /**
     * Adds a span. Ids are lower-case hex, {@code parentSpanId} empty for a root; JSON arguments are
     * JSON objects (as text).
     */
    public void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name,
                        SpanKind kind, long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                        CharSequence attributesJson, CharSequence traceState) {
        ByteBuf b = spans;
        int start = b.length;
        b.quoted(traceId).comma().quoted(spanId).comma().quoted(parentSpanId).comma().number(contextId).comma()
                .quoted(name).comma().quoted(KIND_CODES[kind.ordinal()]).comma().number(startNs).comma().number(endNs).comma()
                .quoted(STATUS_CODES[status.ordinal()]).comma().quoted(statusMessage).comma().quoted(attributesJson).comma()
                .quoted(traceState).newline();
        maxRowBytes = Math.max(maxRowBytes, b.length - start);
        spanRows++;
    }

    public void addEvent(String traceId, String spanId, long timeNs, CharSequence name, CharSequence attributesJson) {
        int start = events.length;
        events.quoted(traceId).comma().quoted(spanId).comma().number(timeNs).comma().quoted(name).comma()
                .quoted(attributesJson).newline();
        maxRowBytes = Math.max(maxRowBytes, events.length - start);
        eventRows++;
    }

    public void addLink(String traceId, String spanId, String linkedTraceId, String linkedSpanId,
                        CharSequence traceState, CharSequence attributesJson) {
        int start = links.length;
        links.quoted(traceId).comma().quoted(spanId).comma().quoted(linkedTraceId).comma().quoted(linkedSpanId)
                .comma().quoted(traceState).comma().quoted(attributesJson).newline();
        maxRowBytes = Math.max(maxRowBytes, links.length - start);
        linkRows++;
    }

    public void reject(RejectedRecord r) {
        rejected.add(r);
    }

    public void add(MetricPoint p) {
        metricPoints.add(p);
    }

    public void add(LogRecord r) {
        logs.add(r);
    }

    public void add(Annotation a) {
        annotations.add(a);
    }

    public void add(Exposure e) {
        exposures.add(e);
    }

    public int metricPointRows() {
        return metricPoints.size();
    }

    public int logRows() {
        return logs.size();
    }

    public int annotationRows() {
        return annotations.size();
    }

    public int exposureRows() {
        return exposures.size();
    }

    /** Remembers the current end, for {@link #rollbackToMark()}. */
    public void mark() {
        markSpans = spans.length;
        markEvents = events.length;
        markLinks = links.length;
        markSpanRows = spanRows;
        markEventRows = eventRows;
        markLinkRows = linkRows;
        markContexts = contexts.size();
        markRejected = rejected.size();
        markMetricPoints = metricPoints.size();
        markLogs = logs.size();
        markAnnotations = annotations.size();
        markExposures = exposures.size();
    }

    /**
     * Drops every row added since {@link #mark()}. Contexts defined since the mark are kept: a
     * later span may still refer to them.
     */
    public void rollbackToMark() {
        spans.length = markSpans;
        events.length = markEvents;
        links.length = markLinks;
        spanRows = markSpanRows;
        eventRows = markEventRows;
        linkRows = markLinkRows;
        rejected.subList(markRejected, rejected.size()).clear();
        metricPoints.subList(markMetricPoints, metricPoints.size()).clear();
        logs.subList(markLogs, logs.size()).clear();
        annotations.subList(markAnnotations, annotations.size()).clear();
        exposures.subList(markExposures, exposures.size()).clear();
    }

    public int spanRows() {
        return spanRows;
    }

    public int eventRows() {
        return eventRows;
    }

    public int linkRows() {
        return linkRows;
    }

    /** Bytes of CSV held, a measure of how full the chunk is. */
    public int bytes() {
        return spans.length + events.length + links.length;
    }

    public boolean isEmpty() {
        return spanRows == 0 && eventRows == 0 && linkRows == 0 && contexts.isEmpty() && rejected.isEmpty()
                && metricPoints.isEmpty() && logs.isEmpty() && annotations.isEmpty() && exposures.isEmpty();
    }

    /** Empties the chunk for reuse (its buffers are kept). */
    public void clear() {
        spans.length = 0;
        events.length = 0;
        links.length = 0;
        spanRows = 0;
        eventRows = 0;
        linkRows = 0;
        maxRowBytes = 0;
        contexts.clear();
        rejected.clear();
        metricPoints.clear();
        logs.clear();
        annotations.clear();
        exposures.clear();
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

        ByteBuf number(long v) {
            String s = Long.toString(v);
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
