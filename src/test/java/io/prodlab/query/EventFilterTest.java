package io.prodlab.query;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.SpanChunk;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code event(COND)}: spans that have a span event for which COND holds, all of COND on the same
 * event — the filter that cohorts of {@code feature_flag.evaluation} events need.
 */
class EventFilterTest {
    @TempDir
    static Path dir;
    private static Workspace ws;
    private static SpanMatchQuery spans;

    @BeforeAll
    static void spansWithEvents() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("e.prodlab"));
        List<SpanRecord> all = List.of(
                aSpan().spanId("0000000000000001").kind(SpanKind.SERVER).build(),
                aSpan().spanId("0000000000000002").kind(SpanKind.CLIENT).build(),
                aSpan().spanId("0000000000000003").kind(SpanKind.SERVER).attributes("{\"event\":\"x\"}").build(),
                // same span id in another trace: an event of trace 1's span 4 is not this span's
                aSpan().spanId("0000000000000004").traceId("1af7651916cd43dd8448eb211c80319c").build());
        String t = all.get(0).traceId();
        try (ImportWriter w = ws.beginImport("/test/events.json", "sha", "otlp-json", 1)) {
            for (SpanRecord s : all) {
                w.addSpan(s);
            }
            SpanChunk c = new SpanChunk();
            c.addEvent(t, "0000000000000001", 1, "feature_flag.evaluation",
                    "{\"feature_flag.key\":\"a\",\"feature_flag.result.variant\":\"on\"}");
            c.addEvent(t, "0000000000000001", 2, "exception", "{\"exception.type\":\"Boom\",\"retries\":3}");
            c.addEvent(t, "0000000000000002", 1, "feature_flag.evaluation",
                    "{\"feature_flag.key\":\"a\",\"feature_flag.result.variant\":\"off\"}");
            c.addEvent(t, "0000000000000002", 2, "feature_flag.evaluation",
                    "{\"feature_flag.key\":\"b\",\"feature_flag.result.variant\":\"on\",\"we'ird;--\":\"x'y\"}");
            c.addEvent(t, "0000000000000004", 1, "exception", "{}");
            w.write(c);
            w.commit("test spans");
        }
        spans = new SpanMatchQuery(ws);
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static String select(String filter) throws Exception {
        SqlFilter f = FilterCompiler.compile(filter, "s", FieldCatalog.NONE);
        StringBuilder sb = new StringBuilder();
        for (String id : spans.spanIds(f.sql(), f.params())) {
            sb.append(sb.length() == 0 ? "" : " ").append(Long.parseLong(id, 16));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', textBlock = """
            event(name = "feature_flag.evaluation")                                        | 1 2
            EVENT(NAME = "exception")                                                      | 1
            event(feature_flag.key = "a" and feature_flag.result.variant = "on")           | 1
            event(feature_flag.key = "b" and feature_flag.result.variant = "off")          |
            event(feature_flag.key = "b") and event(feature_flag.result.variant = "off")  | 2
            not event(name = "exception")                                                  | 2 3 4
            kind = server and event(feature_flag.result.variant exists)                    | 1
            event(name =~ "feature_.*" and feature_flag.key in ("b", "c"))                 | 2
            event(retries >= 3)                                                            | 1
            event("we'ird;--" = "x'y")                                                     | 2
            event = "x"                                                                    | 3
            event(name = "exception") or event = "x"                                       | 1 3
            """)
    void selectsTheSpansWithAMatchingEvent(String filter, String expected) throws Exception {
        assertEquals(expected == null ? "" : expected, select(filter));
    }

    @Test
    void withoutATableAliasTheEventIsTiedToTheSpansTable() throws Exception {
        SqlFilter f = FilterCompiler.compile("event(name = \"exception\")", "", FieldCatalog.NONE);
        assertTrue(f.sql().contains("pl_event.trace_id = spans.trace_id AND pl_event.span_id = spans.span_id"),
                f.sql());
    }

    @Test
    void namesAndValuesInsideEventAreParameters() throws Exception {
        SqlFilter f = FilterCompiler.compile("event(\"we'ird;--\" = \"x'y\")", "s", FieldCatalog.NONE);
        assertFalse(f.sql().contains("ird") || f.sql().contains("x'y") || f.sql().contains("--"), f.sql());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            event(span.x = 1)              | at column 7: inside event(...) fields are the event's: write x, not span.x
            event(resource.x exists)       | at column 7: inside event(...) fields are the event's: write x, not resource.x
            event(event(name = "x"))       | at column 7: event(...) cannot hold another event(...): its fields are already the event's
            event(name = "x"               | at column 17: expected ')' to close the 'event(' at column 6, found end of input
            event(name exists)             | at column 7: name is there on every event; 'exists' is for attributes
            event()                        | at column 7: expected a field name (such as service.name, span.http.route or "a quoted name"), found ')'
            """)
    void errorsSayWhereAndWhatWasExpected(String filter, String message) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile(filter.strip(), "s", FieldCatalog.NONE));
        assertEquals(message, e.getMessage());
    }
}
