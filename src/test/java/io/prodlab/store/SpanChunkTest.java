package io.prodlab.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The chunk's byte encoding (the round trip through DuckDB is tested by the import tests). */
class SpanChunkTest {
    private static String text(SpanChunk.ByteBuf b) {
        return new String(b.data, 0, b.length, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 9, 10, 99, 100, -1, -10, 1_700_000_000_001_203_173L, Long.MAX_VALUE, Long.MIN_VALUE})
    void writesNumbersAsDecimalDigits(long v) {
        SpanChunk.ByteBuf b = new SpanChunk.ByteBuf(1);
        b.number(v);
        assertEquals(Long.toString(v), text(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "{\"k\":\"v\"}", "Bestellung über 😀", "a b"})
    void writesFieldsWithoutSeparatorQuoteOrLineBreakBare(String s) {
        SpanChunk.ByteBuf b = new SpanChunk.ByteBuf(1);
        b.quoted(new StringBuilder(s));
        assertEquals(s, text(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u001fb", "x\u0001y", "two\nlines", "cr\r"})
    void quotesEmptyFieldsAndThoseWithSeparatorQuoteOrLineBreak(String s) {
        SpanChunk.ByteBuf b = new SpanChunk.ByteBuf(1);
        b.quoted(s);
        assertEquals("\u0001" + s.replace("\u0001", "\u0001\u0001") + "\u0001", text(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "lone \ud800 surrogate", "\udc00"})
    void replacesNulAndUnpairedSurrogates(String s) {
        SpanChunk.ByteBuf b = new SpanChunk.ByteBuf(1);
        b.quoted(s);
        assertEquals(s.replace('\u0000', '\ufffd').replace('\ud800', '\ufffd').replace('\udc00', '\ufffd'), text(b));
    }

    @org.junit.jupiter.api.Test
    void countsFlagEvaluationsOnSpansAndInLogsAndForgetsThoseRolledBack() {
        SpanChunk c = new SpanChunk();
        c.addEvent("t", "s", 1, "feature_flag.evaluation", "{}");
        c.addEvent("t", "s", 2, "exception", "{}");
        c.mark();
        c.add(new io.prodlab.model.LogRecord(3, 0, 0, "", "", "{}", "{}", "", "", "", "feature_flag.evaluation"));
        assertEquals(2, c.flagEvaluations);
        c.rollbackToMark();
        assertEquals(1, c.flagEvaluations, "the broken line's record is gone");
        c.add(new io.prodlab.model.LogRecord(3, 0, 0, "", "", "{}", "{}", "", "", "", "feature_flag.tracking"));
        assertEquals(1, c.flagEvaluations);
        c.clear();
        assertEquals(0, c.flagEvaluations);
    }

    /**
     * Rows encoded on another thread and appended give the chunk the rows {@code addSpan},
     * {@code addEvent} and {@code addLink} write, but for the context's leading zeros: the same fields,
     * row numbers, span rows of the events, identity hashes and flag-evaluation count.
     */
    @org.junit.jupiter.api.Test
    void encodedRowsAppendAsTheRowsWrittenDirectly() {
        io.prodlab.model.SpanFlags flags = new io.prodlab.model.SpanFlags(257, 1, 2, 3);
        SpanChunk direct = new SpanChunk();
        SpanChunk appended = new SpanChunk();
        EncodedRows enc = new EncodedRows();
        for (int k = 0; k < 2; k++) {
            String trace = "0af7651916cd43dd8448eb211c80319" + k;
            direct.addSpan(trace, "b7ad6b716920333" + k, "", 12_345 + k, "GET /über", io.prodlab.model.SpanKind.SERVER,
                    10, 20, io.prodlab.model.SpanStatus.ERROR, "two\nlines", "{\"a\":1}", "ot=th:8", flags);
            direct.addEvent(trace, "b7ad6b716920333" + k, 15, "feature_flag.evaluation", "{}");
            direct.addLink(trace, "b7ad6b716920333" + k, trace, "c7ad6b7169203332", "", "{}");
            direct.addEvent(trace, "ffffffffffffffff", 16, "orphan", "");
            int s = enc.span(trace, "b7ad6b716920333" + k, "", "GET /über", io.prodlab.model.SpanKind.SERVER, 10, 20,
                    io.prodlab.model.SpanStatus.ERROR, "two\nlines", "{\"a\":1}", "ot=th:8", flags);
            int e = enc.event(trace, "b7ad6b716920333" + k, 15, "feature_flag.evaluation", "{}");
            int l = enc.link(trace, "b7ad6b716920333" + k, trace, "c7ad6b7169203332", "", "{}");
            int o = enc.event(trace, "ffffffffffffffff", 16, "orphan", "");
            appended.addSpan(enc, s, 12_345 + k);
            appended.addEvent(enc, e);
            appended.addLink(enc, l);
            appended.addEvent(enc, o);
        }
        for (ChunkTable t : ChunkTable.values()) {
            assertEquals(direct.rows(t), appended.rows(t), t.name());
            for (int r = 0; r < direct.rows(t); r++) {
                for (int f = 0; f < t.fields(); f++) {
                    String want = direct.field(t, r, f);
                    String got = appended.field(t, r, f);
                    if (t == ChunkTable.SPANS && f == 3) {
                        assertEquals(String.format("%010d", Integer.parseInt(want)), got);
                    } else {
                        assertEquals(want, got, t + " row " + r + " field " + f);
                    }
                }
            }
        }
        for (int r = 0; r < direct.rows(ChunkTable.EVENTS); r++) {
            assertEquals(direct.spanRowOf(ChunkTable.EVENTS, r), appended.spanRowOf(ChunkTable.EVENTS, r));
        }
        assertEquals(-1, appended.spanRowOf(ChunkTable.EVENTS, 1), "an event of another span has no span row");
        for (int r = 0; r < 2; r++) {
            assertEquals(direct.spanHashHi[r], appended.spanHashHi[r]);
            assertEquals(direct.spanHashLo[r], appended.spanHashLo[r]);
            assertEquals(direct.spanContexts[r], appended.spanContexts[r]);
        }
        assertEquals(2, appended.flagEvaluations);
        assertEquals(direct.flagEvaluations, appended.flagEvaluations);

        enc.truncate(1);
        assertEquals(1, enc.count(), "a broken line's rows are dropped");
    }
}
