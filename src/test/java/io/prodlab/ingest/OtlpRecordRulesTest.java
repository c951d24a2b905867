package io.prodlab.ingest;

import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static io.prodlab.ingest.OtlpJson.aRequest;
import static io.prodlab.ingest.OtlpJson.aSpan;
import static io.prodlab.ingest.OtlpJson.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Record-level rules: ids, times, kinds, statuses, attribute types, key order. */
class OtlpRecordRulesTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        dir = temp.dir();
        ws = temp.workspace();
    }


    private FileImportResult importJson(String json) throws Exception {
        Path f = dir.resolve("in-" + System.nanoTime() + ".json");
        Files.writeString(f, json);
        return importOne(ws, f);
    }

    private List<RejectedRow> rejected() throws Exception {
        var imports = ws.importLog().imports();
        return ws.importLog().rejected(imports.get(imports.size() - 1).importId());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            traceId           | "not-hex-at-all-not-hex-at-all-xx" | neither 32 hex digits nor base64
            traceId           | "00000000000000000000000000000000" | all zeros
            spanId            | "abc"                              | neither 16 hex digits nor base64
            spanId            | "0000000000000000"                 | all zeros
            spanId            | 12                                 | must be a hex or base64 string
            startTimeUnixNano | true                               | startTimeUnixNano must be nanoseconds
            endTimeUnixNano   | "12x"                              | endTimeUnixNano must be nanoseconds
            endTimeUnixNano   | "1600000000000000000"              | is before startTimeUnixNano
            kind              | 9                                  | not an OTLP span kind
            kind              | "SPAN_KIND_SIDEWAYS"               | not an OTLP span kind
            status            | {"code": "STATUS_CODE_MAYBE"}      | not an OTLP status code
            attributes        | [{"key": "a", "value": {"intValue": "12.5"}}] | not a 64-bit integer
            attributes        | "x"                                | expected an array of key/value attributes
            events            | [{"timeUnixNano": false}]          | events/0/timeUnixNano
            links             | [{"traceId": "zz", "spanId": "0000000000000001"}] | links/0/traceId
            """)
    void rejectsSpanWithBadFieldAndKeepsTheOthers(String field, String rawValue, String reasonPart) throws Exception {
        FileImportResult r = importJson(aRequest()
                .withSpan(aSpan().with("name", "\"good-1\""))
                .withSpan(aSpan().with("name", "\"bad\"").with(field, rawValue))
                .withSpan(aSpan().with("name", "\"good-2\""))
                .json());
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.spans());
        assertEquals(1, r.rejected());
        RejectedRow row = rejected().get(0);
        assertTrue(row.reason().contains(reasonPart), row.reason());
        assertEquals("line 1, /resourceSpans/0/scopeSpans/0/spans/1", row.location());
        assertTrue(row.excerpt().contains("bad"), row.excerpt());
        assertEquals(2, count(ws, "select count(*) from spans where name like 'good-%'"));
    }

    @Test
    void rejectsSpanWithoutTimestampsSayingSo() throws Exception {
        importJson(aRequest().withSpan(aSpan().without("startTimeUnixNano")).withSpan(aSpan().without("endTimeUnixNano")).json());
        List<RejectedRow> rows = rejected();
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).reason().contains("no startTimeUnixNano"), rows.get(0).reason());
        assertTrue(rows.get(1).reason().contains("no endTimeUnixNano"), rows.get(1).reason());
    }

    @Test
    void rejectsSpansValueThatIsNotAnArray() throws Exception {
        FileImportResult r = importJson(aRequest().withSpansValue("\"x\"").json());
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(0, r.spans());
        RejectedRow row = rejected().get(0);
        assertEquals("line 1, /resourceSpans/0/scopeSpans/0/spans", row.location());
        assertTrue(row.reason().contains("\"spans\" must be an array, found a string"), row.reason());
    }

    @Test
    void keepsAttributeTypesIncludingInt64ExtremesDoublesArraysAndKvlists() throws Exception {
        importJson(aRequest().withSpan(aSpan().withAttributes(
                attr("max", "intValue", "\"9223372036854775807\""),
                attr("neg", "intValue", "-42"),
                attr("one", "doubleValue", "1.0"),
                attr("nan", "doubleValue", "\"NaN\""),
                attr("flag", "boolValue", "true"),
                attr("arr", "arrayValue", "{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":\"2\"}]}"),
                attr("kv", "kvlistValue", "{\"values\":[" + attr("inner", "boolValue", "false") + "]}"),
                attr("quote", "stringValue", "\"say \\\"hi\\\"\\n\\u0001\""),
                "{\"value\":{\"stringValue\":\"value first\"},\"key\":\"reordered\"}",
                "{\"key\":\"empty\",\"value\":{}}"))
                .json());
        assertEquals("UBIGINT 9223372036854775807", typeAndValue("max"));
        assertEquals("BIGINT -42", typeAndValue("neg"));
        assertEquals("DOUBLE 1.0", typeAndValue("one"));
        assertEquals("VARCHAR NaN", typeAndValue("nan"));
        assertEquals("BOOLEAN true", typeAndValue("flag"));
        assertEquals("ARRAY [\"a\",2]", typeAndValue("arr"));
        assertEquals("OBJECT {\"inner\":false}", typeAndValue("kv"));
        assertEquals("VARCHAR say \"hi\"\n\u0001", typeAndValue("quote"));
        assertEquals("VARCHAR value first", typeAndValue("reordered"));
        assertEquals("NULL", text(ws, "select json_type(attributes->'$.empty') from spans"));
    }

    private String typeAndValue(String key) throws Exception {
        return text(ws, "select json_type(attributes->'$.\"" + key + "\"') || ' ' || (attributes->>'$.\"" + key
                + "\"') from spans");
    }

    @Test
    void acceptsKeysInAnyOrderAtEveryLevel() throws Exception {
        FileImportResult r = importJson(aRequest().withSpan(aSpan().with("name", "\"late resource\"")).jsonReversed());
        assertEquals(1, r.spans(), r.message());
        assertEquals("cart|1.4.2|io.opentelemetry.http|2.0", text(ws,
                "select service_name || '|' || service_version || '|' || scope_name || '|' || scope_version from spans"));
    }

    @Test
    void namesServiceUnknownWhenResourceHasNoServiceName() throws Exception {
        importJson(aRequest().withResource("{}").withSpan(aSpan()).json());
        assertEquals("unknown_service|", text(ws, "select service_name || '|' || service_version from spans"));
        assertEquals("{}", text(ws, "select resource from spans"));
    }

    @Test
    void readsEnumNamesForKindAndStatusAndKeepsStatusMessage() throws Exception {
        importJson(aRequest().withSpan(aSpan().with("kind", "\"SPAN_KIND_PRODUCER\"")
                .with("status", "{\"message\":\"boom\",\"code\":\"STATUS_CODE_ERROR\"}")).json());
        assertEquals("producer|error|boom", text(ws, "select kind || '|' || status || '|' || status_message from spans"));
    }

    @Test
    void leftPadsHexTraceIdWithDroppedLeadingZeroAndTreatsZeroParentAsRoot() throws Exception {
        importJson(aRequest().withSpan(aSpan().with("traceId", "\"df84e36b9e2ee3815d07f0867a5be1f\"")
                .with("parentSpanId", "\"0000000000000000\"")).json());
        assertEquals("0df84e36b9e2ee3815d07f0867a5be1f|", text(ws, "select trace_id || '|' || parent_span_id from spans"));
    }

    @Test
    void decodesBase64IdsOfLinks() throws Exception {
        importJson(aRequest().withSpan(aSpan().with("links",
                "[{\"traceId\":\"aYQql5kRA2zz6CIIbsqgBw==\",\"spanId\":\"Wmn8F4uo+Dc=\",\"traceState\":\"k=v\"}]")).json());
        assertEquals("69842a979911036cf3e822086ecaa007|5a69fc178ba8f837|k=v|{}", text(ws,
                "select linked_trace_id || '|' || linked_span_id || '|' || trace_state || '|' || attributes from span_links"));
    }

    @Test
    void acceptsTimestampsAsNumbersAndKeepsNonAsciiNames() throws Exception {
        importJson(aRequest().withSpan(aSpan().with("startTimeUnixNano", "1700000000000000000")
                .with("endTimeUnixNano", "1700000000000000100").with("name", "\"Bestellung \\u00fcber \\ud83d\\ude00, \\\"quoted\\\"\"")).json());
        assertEquals("100|Bestellung über 😀, \"quoted\"", text(ws, "select duration_ns || '|' || name from spans"));
    }

    /**
     * The bulk load writes fields bare unless they hold the separator (U+001F), the quote (U+0001)
     * or a line break; these must all come back exactly, as must empty strings (not NULL).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "  padded  ", "a\u001fb", "\u0001", "x\u0001\u0001y\u0001", "two\nlines",
            "cr\rlf\r\n", "\n", "comma, \"quote\" and \\ backslash", "NULL", "\u001f\u0001\n"})
    void keepsStringsWithSeparatorQuoteAndLineBreakBytesExactly(String value) throws Exception {
        String json = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
        importJson(aRequest().withSpan(aSpan().with("name", json).with("traceState", json)
                .with("status", "{\"code\": 2, \"message\": " + json + "}")).json());
        assertEquals(1, count(ws, "select count(*) from spans where name = trace_state and name = status_message"));
        assertEquals(value, text(ws, "select name from spans"));
    }
}
