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

    /** The writer reads a row's fields back as the small load does: quoted ones unquoted, bare ones as written. */
    @org.junit.jupiter.api.Test
    void aRowsFieldsReadBackAsWritten() {
        SpanChunk c = new SpanChunk();
        c.addEvent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", 15, "two\nlines \u0001 quoted", "");
        assertEquals("0af7651916cd43dd8448eb211c80319c", c.field(ChunkTable.EVENTS, 0, 0));
        assertEquals("b7ad6b7169203331", c.field(ChunkTable.EVENTS, 0, 1));
        assertEquals("15", c.field(ChunkTable.EVENTS, 0, 2));
        assertEquals("two\nlines \u0001 quoted", c.field(ChunkTable.EVENTS, 0, 3));
        assertEquals("", c.field(ChunkTable.EVENTS, 0, 4), "an empty string is written quoted, and read back empty");
        java.util.List<String[]> rows = SmallChunkLoad.rows(c.rows[ChunkTable.EVENTS.ordinal()], ChunkTable.EVENTS.fields());
        for (int f = 0; f < ChunkTable.EVENTS.fields(); f++) {
            assertEquals(rows.get(0)[f], c.field(ChunkTable.EVENTS, 0, f), "field " + f);
        }
    }
}
