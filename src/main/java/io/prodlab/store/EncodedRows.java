package io.prodlab.store;

import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;

import java.util.Arrays;

/**
 * Span, event and link rows already encoded as {@link SpanChunk}'s CSV, by a thread that parses
 * JSON lines in parallel, to be appended to the sink's chunk in file order by the reading thread
 * ({@link SpanChunk#addSpan(EncodedRows, int, int)} and its kin). The encoding, the identity hash
 * and the copies of the parser's reused text happen where the parsing does, on every core; the
 * reading thread copies bytes.
 *
 * <p>What only the chunk knows is filled in when a row is appended: a span's context (the batch's
 * own id is replaced by the file's, written here as ten zero-padded digits the append overwrites)
 * and row number, an event's or link's span row. Not thread-safe: one thread encodes, then hands
 * the rows over.
 */
public final class EncodedRows {
    /** Digits of a span's context field: every {@code int} id of a file fits. */
    static final int CONTEXT_DIGITS = 10;

    final SpanChunk.ByteBuf bytes = new SpanChunk.ByteBuf(1 << 16);
    private int count;
    /** Per row: where it starts in {@link #bytes}; where a span's context digits start (-1 for others). */
    private int[] start = new int[256];
    private int[] contextAt = new int[256];
    /** Per row: the ids of its span, for the chunk's events-follow-their-span rule. */
    private String[] traceIds = new String[256];
    private String[] spanIds = new String[256];
    /** Per span row: its part of the identity hash; whether it names a flag evaluation (event rows). */
    private long[] hashHi = new long[256];
    private long[] hashLo = new long[256];
    private boolean[] flagEvaluation = new boolean[256];
    private final long[] hash = new long[2];

    /** Rows held. */
    public int count() {
        return count;
    }

    private int begin(String traceId, String spanId) {
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            contextAt = Arrays.copyOf(contextAt, n);
            traceIds = Arrays.copyOf(traceIds, n);
            spanIds = Arrays.copyOf(spanIds, n);
            hashHi = Arrays.copyOf(hashHi, n);
            hashLo = Arrays.copyOf(hashLo, n);
            flagEvaluation = Arrays.copyOf(flagEvaluation, n);
        }
        start[count] = bytes.length;
        contextAt[count] = -1;
        traceIds[count] = traceId;
        spanIds[count] = spanId;
        flagEvaluation[count] = false;
        return count++;
    }

    /**
     * A span, as {@link SpanChunk#addSpan(String, String, String, int, CharSequence, SpanKind, long, long,
     * SpanStatus, CharSequence, CharSequence, CharSequence, SpanFlags)} writes it, its context left to fill in.
     *
     * @return the row's index
     */
    public int span(String traceId, String spanId, String parentSpanId, CharSequence name, SpanKind kind,
                    long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                    CharSequence attributesJson, CharSequence traceState, SpanFlags extra) {
        int i = begin(traceId, spanId);
        SpanIdentities.spanPart(traceId, spanId, kind.ordinal(), hash);
        hashHi[i] = hash[0];
        hashLo[i] = hash[1];
        SpanChunk.ByteBuf b = bytes;
        b.quoted(traceId).comma().quoted(spanId).comma().quoted(parentSpanId).comma();
        contextAt[i] = b.length;
        b.zeros(CONTEXT_DIGITS).comma();
        SpanChunk.spanFields(b, name, kind, startNs, endNs, status, statusMessage, attributesJson, traceState, extra);
        return i;
    }

    /** An event, as {@link SpanChunk#addEvent} writes it, its span row left to fill in. */
    public int event(String traceId, String spanId, long timeNs, CharSequence name, CharSequence attributesJson) {
        int i = begin(traceId, spanId);
        flagEvaluation[i] = name != null && SpanChunk.FLAG_EVALUATION.contentEquals(name);
        SpanChunk.eventFields(bytes, traceId, spanId, timeNs, name, attributesJson);
        return i;
    }

    /** A link, as {@link SpanChunk#addLink} writes it, its span row left to fill in. */
    public int link(String traceId, String spanId, String linkedTraceId, String linkedSpanId, CharSequence traceState,
                    CharSequence attributesJson) {
        int i = begin(traceId, spanId);
        SpanChunk.linkFields(bytes, traceId, spanId, linkedTraceId, linkedSpanId, traceState, attributesJson);
        return i;
    }

    /** Drops the rows from {@code keep} on (a broken line's). */
    public void truncate(int keep) {
        if (keep < count) {
            bytes.length = start[keep];
            count = keep;
        }
    }

    int start(int i) {
        return start[i];
    }

    int end(int i) {
        return i + 1 < count ? start[i + 1] : bytes.length;
    }

    int contextAt(int i) {
        return contextAt[i];
    }

    String traceId(int i) {
        return traceIds[i];
    }

    String spanId(int i) {
        return spanIds[i];
    }

    long hashHi(int i) {
        return hashHi[i];
    }

    long hashLo(int i) {
        return hashLo[i];
    }

    boolean flagEvaluation(int i) {
        return flagEvaluation[i];
    }
}
