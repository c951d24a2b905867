package io.prodlab.ingest;

import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jaeger JSON that is broken whole (refused, nothing written) or in one span (that span rejected, the rest lands). */
class JaegerMalformedTest {
    private static final String GOOD = "{\"traceID\": \"abc\", \"spanID\": \"01\", \"operationName\": \"root\", "
            + "\"startTime\": 1700000000000000, \"duration\": 5, \"processID\": \"p1\", \"tags\": "
            + "[{\"key\": \"span.kind\", \"type\": \"string\", \"value\": \"server\"}]}";

    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;
    Path dir;

    @BeforeEach
    void open() throws Exception {
        dir = temp.dir();
        ws = temp.workspace();
    }

    /** A query-API response with a good span on line 3 and {@code second} on line 4. */
    private Path trace(String name, String second) throws Exception {
        String json = "{\"data\": [{\"traceID\": \"abc\", \"processes\": {\"p1\": {\"serviceName\": \"svc\"}},\n"
                + "  \"spans\": [\n"
                + "    " + GOOD + ",\n"
                + "    " + second + "\n"
                + "]}]}\n";
        return Files.writeString(dir.resolve(name), json);
    }

    private static String secondSpan(String replace, String with) {
        String s = GOOD.replace("\"spanID\": \"01\"", "\"spanID\": \"02\"");
        assertTrue(s.contains(replace), replace);
        return s.replace(replace, with);
    }

    private void assertNothingWritten() throws Exception {
        assertEquals(0, ws.importLog().imports().size(), "imports table");
        assertEquals(0, ws.spanCount());
        assertEquals(0, count(ws, "select count(*) from rejected"));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `"spanID": "02"`              | `"spanID": "xyz"`                    | spanID "xyz" is neither up to 16 hex digits nor base64 of 8 bytes
            `"spanID": "02", `            | ``                                   | the span has no spanID
            `"traceID": "abc"`            | `"traceID": 7`                       | traceID must be a hex string, found 7
            `"startTime": 1700000000000000` | `"startTime": "yesterday"`         | startTime "yesterday" is neither microseconds since 1970 nor an RFC 3339 time
            `"startTime": 1700000000000000, ` | ``                               | the span has no startTime
            `"duration": 5`               | `"duration": -5`                     | duration -5 is not a duration in microseconds
            `"processID": "p1"`           | `"processID": "p9"`                  | processID "p9" is not among the trace's processes
            `, "processID": "p1"`         | ``                                   | the span has neither a processID nor a process
            `"value": "server"}]`         | `"value": "server"}, {"key": "n", "type": "int64", "value": "abc"}]` | tags/1 ("n"): an int64 tag's value must be a 64-bit integer, found the string "abc"
            `"value": "server"}]`         | `"value": "server"}, {"key": "b", "type": "bool", "value": 3}]` | tags/1 ("b"): a bool tag's value must be true or false, found 3
            `"value": "server"}]`         | `"value": "server"}, {"key": "m", "type": "map", "value": {}}]` | tags/1 ("m"): tag type "map" is not one of string, bool, int64, float64, binary
            `"tags": [`                   | `"references": {}, "tags": [`        | references must be an array, found an object
            `"tags": [`                   | `"logs": [{"fields": []}], "tags": [` | the span has no logs/0/timestamp
            `"tags": [`                   | `"references": [{"refType": "PARENT_OF", "spanID": "01"}], "tags": [` | references/0/refType "PARENT_OF" is neither CHILD_OF nor FOLLOWS_FROM
            """)
    void rejectsTheBadSpanNamingFilePlaceAndReasonAndKeepsTheRest(String replace, String with, String reason)
            throws Exception {
        Path f = trace("bad.json", secondSpan(replace, with));
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(1, r.spans(), r.message());
        assertEquals(1, r.rejected(), r.message());
        assertEquals("root svc server", text(ws, "select name || ' ' || service_name || ' ' || kind from spans"));
        List<RejectedRow> rejected = ws.importLog().rejected(ws.importLog().imports().get(0).importId());
        assertEquals(1, rejected.size());
        RejectedRow row = rejected.get(0);
        assertTrue(row.file().endsWith("bad.json"), row.file());
        assertEquals("line 4, /data/0/spans/1", row.location());
        assertEquals(reason, row.reason());
        assertTrue(row.excerpt().contains("\"operationName\":\"root\""), row.excerpt());
    }

    @Test
    void refusesTruncatedFileNamingLineAndColumnAndWritesNothing() throws Exception {
        byte[] all = Files.readAllBytes(fixture("jaeger-json/jaeger_uimodel_ui_01.json"));
        Path f = Files.write(dir.resolve("cut.json"), Arrays.copyOf(all, all.length * 2 / 3));
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().startsWith(f + ": line "), r.message());
        assertTrue(r.message().contains("the JSON is broken"), r.message());
        assertTrue(r.message().contains(JaegerJsonReader.EXPECTED), r.message());
        assertNothingWritten();
    }

    @Test
    void refusesFileWhoseJsonBreaksAfterTheFirstTraceAndWritesNothing() throws Exception {
        String good = "{\"traceID\": \"abc\", \"processes\": {\"p1\": {\"serviceName\": \"svc\"}}, \"spans\": [" + GOOD
                + "]}";
        Path f = Files.writeString(dir.resolve("two.json"), "{\"data\": [" + good + ",\n" + good + " x]}");
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().startsWith(f + ": line 2, column "), r.message());
        assertNothingWritten();
    }

    @Test
    void aTraceWhoseEveryProcessIsMissingLandsAsRejectedSpans() throws Exception {
        String json = "{\"traceID\": \"abc\",\n\"spans\": [\n" + GOOD + ",\n" + GOOD + "\n]}";
        FileImportResult r = importOne(ws, Files.writeString(dir.resolve("noproc.json"), json));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(0, r.spans());
        assertEquals(2, r.rejected());
        assertEquals("line 3, /spans/0|processID \"p1\" is not defined: the trace has no \"processes\"", text(ws,
                "select location || '|' || reason from rejected order by location limit 1"));
    }

    @Test
    void tagsWithoutTypeAreStringsAndNonFiniteFloatsStayReadable() throws Exception {
        String span = secondSpan("{\"key\": \"span.kind\", \"type\": \"string\", \"value\": \"server\"}",
                "{\"key\": \"plain\", \"value\": 12}, {\"key\": \"f\", \"type\": \"float64\", \"value\": \"NaN\"}");
        FileImportResult r = importOne(ws, trace("t.json", span));
        assertEquals(0, r.rejected(), r.message());
        assertEquals("VARCHAR 12 VARCHAR NaN internal", text(ws, "select json_type(attributes->'$.plain') || ' ' "
                + "|| (attributes->>'$.plain') || ' ' || json_type(attributes->'$.f') || ' ' || (attributes->>'$.f')"
                + " || ' ' || kind from spans where span_id = '0000000000000002'"));
    }

    @Test
    void otelStatusCodeAndDescriptionGiveTheStatus() throws Exception {
        String span = secondSpan("{\"key\": \"span.kind\", \"type\": \"string\", \"value\": \"server\"}",
                "{\"key\": \"otel.status_code\", \"type\": \"string\", \"value\": \"ERROR\"}, "
                        + "{\"key\": \"otel.status_description\", \"type\": \"string\", \"value\": \"boom\"}, "
                        + "{\"key\": \"span.kind\", \"type\": \"string\", \"value\": \"producer\"}");
        importOne(ws, trace("s.json", span));
        assertEquals("error boom producer {}", text(ws, "select status || ' ' || status_message || ' ' || kind || ' ' "
                + "|| attributes from spans where span_id = '0000000000000002'"));
    }

    @Test
    void anArrayOfSomethingElseIsRefusedWithWhatItLooksLike() throws Exception {
        Path f = Files.writeString(dir.resolve("arr.json"), "[{\"a\": 1, \"b\": 2}]", StandardCharsets.UTF_8);
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertEquals(f + ": line 1, column 1: not an export Prodlab reads: found a JSON array of objects "
                + "with \"a\", \"b\"; " + TraceReaders.READS + ". Nothing was imported.", r.message());
        assertNothingWritten();
    }
}
