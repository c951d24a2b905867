package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static io.prodlab.ingest.OtlpJson.aRequest;
import static io.prodlab.ingest.OtlpJson.aSpan;
import static io.prodlab.ingest.OtlpJson.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bad input found when the OTLP reader was attacked (issue 9), each with the rule it now follows. */
class OtlpAttackFixesTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(temp.dir().resolve(name), content);
    }

    private Path write(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private List<RejectedRow> rejected() throws Exception {
        return ws.importLog().rejected(ws.importLog().imports().get(0).importId());
    }

    private static String line() {
        return aRequest().withSpan(aSpan()).json();
    }

    @Test
    void aJsonLinesFileWhoseFirstLineIsBrokenRejectsThatLineAndImportsTheRest() throws Exception {
        String broken = line();
        broken = broken.substring(0, broken.length() / 2);
        FileImportResult r = importOne(ws, write("first.jsonl", broken + "\n" + line() + "\n" + line() + "\n"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.spans());
        assertEquals(1, r.rejected());
        assertEquals("line 1", rejected().get(0).location());
    }

    @Test
    void aPrettyPrintedDocumentIsStillOneDocument() throws Exception {
        FileImportResult r = importOne(ws, traces("jaeger_memory_otel_traces_01.json"));
        assertTrue(r.message().contains("1 document"), r.message());
    }

    @Test
    void aRecordPastJacksonsDefaultLimitsNoLongerLosesTheWholeDocument() throws Exception {
        String longValue = "\"" + "x".repeat(21_000_000) + "\"";
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        String digits = "1".repeat(1_500);
        String doc = "{\n\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [\n"
                + aSpan().withAttributes(attr("big", "stringValue", longValue)).json() + ",\n"
                + aSpan().with("unknownDeep", deep).with("unknownNumber", digits).json() + ",\n"
                + aSpan().json() + "]}]}]\n}\n";
        FileImportResult r = importOne(ws, write("limits.json", doc));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(3, r.spans(), r.message());
        assertEquals(21_000_000, count(ws, "select max(length(attributes->>'big')) from spans"));
    }

    @Test
    void aBrokenLineTooLongToTakeBackRefusesTheFileRatherThanKeepingHalfOfIt() throws Exception {
        var req = aRequest();
        for (int i = 0; i < 200; i++) {
            req.withSpan(aSpan());
        }
        String longLine = req.json();
        longLine = longLine.substring(0, longLine.length() - 4) + "@@";
        Path f = write("spill.jsonl", line() + "\n" + longLine + "\n" + line() + "\n");
        FileImportResult r = new ImportService(4096).importPaths(ws, List.of(f), ImportListener.NONE, () -> false).get(0);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().contains("line 2") && r.message().contains("too much to take back"), r.message());
        assertEquals(0, ws.spanCount());
        assertEquals(0, ws.importLog().imports().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE BOM", "UTF-16BE BOM", "UTF-32LE BOM", "UTF-32BE BOM", "UTF-16LE", "UTF-16BE"})
    void utf16AndUtf32ImportLikeUtf8WithOrWithoutAByteOrderMark(String encoding) throws Exception {
        boolean bom = encoding.endsWith(" BOM");
        Charset cs = Charset.forName(encoding.replace(" BOM", ""));
        String content = (bom ? "\uFEFF" : "") + line() + "\n" + line() + "\n";
        FileImportResult r = importOne(ws, write("enc.jsonl", content.getBytes(cs)));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.spans(), r.message());
        assertEquals(0, r.rejected(), r.message());
        assertEquals("cart", text(ws, "select distinct service_name from spans"));
    }

    @Test
    void anAnyValueWithTwoValuesIsRejectedNamingBoth() throws Exception {
        importOne(ws, write("two.jsonl", aRequest().withSpan(aSpan().withAttributes(
                "{\"key\":\"k\",\"value\":{\"stringValue\":\"a\",\"intValue\":\"1\"}}")).json() + "\n" + line() + "\n"));
        RejectedRow row = rejected().get(0);
        assertTrue(row.reason().contains("attribute \"k\"") && row.reason().contains("stringValue and intValue"),
                row.reason());
        assertEquals(1, ws.spanCount());
    }

    @Test
    void aRepeatedAttributeKeyKeepsTheFirstValueAndSaysSo() throws Exception {
        FileImportResult r = importOne(ws, write("dup.jsonl", aRequest().withSpan(aSpan().withAttributes(
                attr("k", "stringValue", "\"first\""), attr("other", "intValue", "1"),
                attr("k", "stringValue", "\"second\""))).json() + "\n"));
        assertEquals(1, r.spans());
        assertEquals("{\"k\":\"first\",\"other\":1}", text(ws, "select attributes from spans"));
        assertTrue(r.message().contains("warning: 1 attribute dropped whose key came again"), r.message());
    }

    @Test
    void aDoubleBeyondTheRangeOfADoubleIsRejected() throws Exception {
        importOne(ws, write("big.jsonl", aRequest().withSpan(aSpan().withAttributes(attr("x", "doubleValue", "1e400")))
                .json() + "\n" + aRequest().withSpan(aSpan().withAttributes(attr("y", "doubleValue", "1.5e300")))
                .json() + "\n"));
        RejectedRow row = rejected().get(0);
        assertTrue(row.reason().contains("attribute \"x\"") && row.reason().contains("beyond the range"), row.reason());
        assertEquals("1.5e300", text(ws, "select attributes->>'y' from spans"));
    }

    @Test
    void rejectionReasonsNameTheAttributeKey() throws Exception {
        importOne(ws, write("keys.jsonl", aRequest().withSpan(aSpan().withAttributes(
                attr("http.status_code", "intValue", "\"abc\""))).json() + "\n"
                + aRequest().withSpan(aSpan().withAttributes(attr("deep", "arrayValue",
                "{\"values\":[{\"arrayValue\":{\"values\":[{\"intValue\":\"zz\"}]}}]}"))).json() + "\n" + line() + "\n"));
        List<RejectedRow> rows = rejected();
        assertTrue(rows.get(0).reason().startsWith("attribute \"http.status_code\": intValue \"abc\""),
                rows.get(0).reason());
        assertTrue(rows.get(1).reason().startsWith("attribute \"deep\""), rows.get(1).reason());
    }

    @Test
    void aFifoIsReportedAsNotARegularFile() throws Exception {
        Path fifo = temp.dir().resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is available");
        FileImportResult r = importOne(ws, fifo);
        assertEquals(FileImportResult.Status.REFUSED, r.status());
        assertTrue(r.message().contains("not a regular file"), r.message());
        assertFalse(r.message().contains("no such file"), r.message());
    }

    @Test
    void ioFailuresAreDescribedInWordsAUserCanActOn() throws Exception {
        assertEquals("permission denied", IoFailures.describe(new AccessDeniedException("/data/x.json")));
        assertEquals("the data ends early: the file was cut short", IoFailures.describe(new java.io.EOFException()));
        JsonParser p = new JsonFactory().createParser("{\"a\": tru}");
        IOException e = assertThrows(IOException.class, () -> {
            while (p.nextToken() != null) {
                // Reads to the error.
            }
        });
        String d = IoFailures.describe(e);
        assertFalse(d.contains("Source") || d.contains("REDACTED") || d.contains("(null)"), d);
        assertTrue(d.startsWith("not valid JSON: "), d);
    }

    @Test
    void aGzipFileCutInItsTrailerSaysItWasCutShort() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            Files.copy(traces("otlp2parquet_traces.jsonl"), out);
        }
        byte[] gz = bytes.toByteArray();
        FileImportResult r = importOne(ws, write("cut.jsonl.gz", Arrays.copyOf(gz, gz.length - 5)));
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertFalse(r.message().contains("null"), r.message());
        assertTrue(r.message().contains("cut short"), r.message());
        assertEquals(0, ws.spanCount());
    }
}
