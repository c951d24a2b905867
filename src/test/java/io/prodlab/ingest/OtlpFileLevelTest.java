package io.prodlab.ingest;

import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole-file behaviour: refusals, gzip, framing, re-import, folders. */
class OtlpFileLevelTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        dir = temp.dir();
        ws = temp.workspace();
    }


    private Path write(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private void assertNothingWritten() throws Exception {
        assertEquals(0, ws.importLog().imports().size(), "imports table");
        assertEquals(0, ws.spanCount());
        assertEquals(0, count(ws, "select count(*) from rejected"));
        assertEquals(0, count(ws, "select count(*) from span_events"));
    }

    private void assertRefused(FileImportResult r, String... parts) {
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        for (String part : parts) {
            assertTrue(r.message().contains(part), "'" + part + "' not in: " + r.message());
        }
    }

    @Test
    void refusesTruncatedSingleDocumentNamingLineAndColumnAndWritesNothing() throws Exception {
        byte[] all = Files.readAllBytes(traces("jaeger_memory_otel_traces_01.json"));
        Path f = write("cut.json", Arrays.copyOf(all, all.length * 2 / 3));
        FileImportResult r = importOne(ws, f);
        assertRefused(r, "cut.json", "line ", "column ", "the JSON is broken", OtlpJsonTraceReader.EXPECTED);
        assertNothingWritten();
    }

    @Test
    void refusesSingleDocumentWhoseSecondHalfIsGarbageBytesAfterSpansWereRead() throws Exception {
        byte[] all = Files.readAllBytes(traces("jaeger_memory_otel_traces_01.json"));
        byte[] bad = all.clone();
        new Random(7).nextBytes(Arrays.copyOfRange(bad, 0, 0));
        for (int i = all.length * 3 / 4; i < all.length; i++) {
            bad[i] = (byte) (0x80 + (i % 64));
        }
        assertRefused(importOne(ws, write("garbled.json", bad)), "garbled.json", "line ");
        assertNothingWritten();
    }

    @Test
    void refusesRandomBinary() throws Exception {
        byte[] b = new byte[4096];
        new Random(1).nextBytes(b);
        b[0] = 0x07;
        assertRefused(importOne(ws, write("random.bin", b)), "random.bin", "line 1, column 1", "binary data",
                TraceReaders.READS);
        assertNothingWritten();
    }

    @ParameterizedTest
    @CsvSource({"empty.json,''", "blank.json,'  \n\n  '"})
    void refusesEmptyFile(String name, String content) throws Exception {
        assertRefused(importOne(ws, write(name, content.getBytes(StandardCharsets.UTF_8))), name, "empty");
        assertNothingWritten();
    }

    @Test
    void refusesJsonLinesFileWhereNoLineIsAnOtlpExport() throws Exception {
        String other = "{\"metrics\":[]}\n";
        FileImportResult r = importOne(ws, write("m.jsonl", (other + other + other).getBytes(StandardCharsets.UTF_8)));
        assertRefused(r, "none of its 3 lines is an OTLP export", "line 1:", "\"metrics\"");
        assertNothingWritten();
    }

    @Test
    void refusesDocumentWhoseResourceSpansIsNotAnArray() throws Exception {
        FileImportResult r = importOne(ws, write("t.json", "{\n  \"resourceSpans\": true\n}\n".getBytes(StandardCharsets.UTF_8)));
        assertRefused(r, "\"resourceSpans\" must be an array, found true");
        assertNothingWritten();
    }

    @ParameterizedTest
    @CsvSource({"jaeger_memory_otel_traces_01.json,4,8", "otlp2parquet_traces.jsonl,19,6"})
    void importsGzipOfFixtureTellingItByMagicBytes(String name, long spans, long events) throws Exception {
        Path gz = dir.resolve(name + ".data");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(traces(name), out);
        }
        FileImportResult r = importOne(ws, gz);
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(spans, r.spans());
        assertEquals(events, r.events());
        assertTrue(r.message().contains("gzip"), r.message());
        assertEquals(Files.size(gz), ws.importLog().imports().get(0).bytes());
    }

    @Test
    void rejectsTruncatedLastJsonLineAndImportsTheRest() throws Exception {
        String all = Files.readString(traces("otlp2parquet_traces.jsonl"));
        int lastLineStart = all.lastIndexOf('\n', all.length() - 2) + 1;
        String cut = all.substring(0, lastLineStart + (all.length() - lastLineStart) / 2);
        FileImportResult r = importOne(ws, write("cut.jsonl", cut.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(18, r.spans());
        assertEquals(1, r.rejected());
        RejectedRow row = ws.importLog().rejected(ws.importLog().imports().get(0).importId()).get(0);
        assertEquals("line 19", row.location());
        assertTrue(row.reason().contains("not valid JSON"), row.reason());
        assertTrue(row.excerpt().startsWith("{\"resourceSpans\""), row.excerpt());
    }

    @Test
    void takesBackWholeLineWhenItBreaksAfterSomeSpans() throws Exception {
        String good = OtlpJson.aRequest().withSpan(OtlpJson.aSpan()).json();
        String twoThenBroken = OtlpJson.aRequest().withSpan(OtlpJson.aSpan()).withSpan(OtlpJson.aSpan()).json();
        twoThenBroken = twoThenBroken.substring(0, twoThenBroken.length() - 5) + "@@@";
        String other = OtlpJson.aRequest().withSpan(OtlpJson.aSpan()).json();
        FileImportResult r = importOne(ws, write("l.jsonl", (good + "\n" + twoThenBroken + "\n\n" + other + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, r.spans(), r.message());
        assertEquals(1, r.rejected());
        assertEquals("line 2", ws.importLog().rejected(ws.importLog().imports().get(0).importId()).get(0).location());
    }

    @Test
    void rejectsLineNestedBeyondTheParsersLimitAndImportsTheOthers() throws Exception {
        String good = OtlpJson.aRequest().withSpan(OtlpJson.aSpan()).json();
        String deep = "{\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "," + good.substring(1);
        String other = OtlpJson.aRequest().withSpan(OtlpJson.aSpan()).json();
        FileImportResult r = importOne(ws, write("deep.jsonl", (good + "\n" + deep + "\n" + other + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, r.spans());
        RejectedRow row = ws.importLog().rejected(ws.importLog().imports().get(0).importId()).get(0);
        assertEquals("line 2", row.location());
        assertTrue(row.reason().contains("not valid JSON"), row.reason());
    }

    @Test
    void skipsReimportOfSameContentNamingTheEarlierImport() throws Exception {
        Path f = traces("otlp2parquet_traces.jsonl");
        importOne(ws, f);
        Path copy = dir.resolve("renamed.json");
        Files.copy(f, copy);
        FileImportResult again = importOne(ws, copy);
        assertEquals(FileImportResult.Status.SKIPPED, again.status(), again.message());
        assertTrue(again.message().contains("already imported"), again.message());
        assertTrue(again.message().contains(f.toAbsolutePath().normalize().toString()), again.message());
        assertEquals(1, ws.importLog().imports().size());
        assertEquals(19, ws.spanCount());
    }

    @Test
    void importsFileOfSameSizeButOtherContent() throws Exception {
        String a = OtlpJson.aRequest().withSpan(OtlpJson.aSpan().with("name", "\"aaaa\"")).json();
        String b = a.replace("aaaa", "bbbb");
        importOne(ws, write("a.json", a.getBytes(StandardCharsets.UTF_8)));
        FileImportResult r = importOne(ws, write("b.json", b.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(2, ws.importLog().imports().size());
    }

    @Test
    void walksFoldersRecursivelyInNameOrder() throws Exception {
        Path root = Files.createDirectories(dir.resolve("exports"));
        Path sub = Files.createDirectories(root.resolve("b-sub"));
        Files.copy(traces("opentelemetry-proto_examples_trace.json"), root.resolve("c.json"));
        Files.copy(traces("otel-rust_integration_expected_traces.json"), sub.resolve("x.json"));
        Files.copy(traces("otlp2parquet_traces.jsonl"), root.resolve("a.jsonl"));
        Files.writeString(root.resolve("notes.txt"), "not a trace");
        List<String> started = new ArrayList<>();
        List<FileImportResult> results = new ImportService().importPaths(ws, List.of(root), new ImportListener() {
            @Override
            public void fileStarted(Path file, int index, int total) {
                started.add(root.relativize(file) + "/" + index + "/" + total);
            }
        }, () -> false);
        assertEquals(List.of("a.jsonl/0/4", "b-sub/x.json/1/4", "c.json/2/4", "notes.txt/3/4"), started);
        assertEquals(List.of(FileImportResult.Status.IMPORTED, FileImportResult.Status.IMPORTED,
                FileImportResult.Status.IMPORTED, FileImportResult.Status.REFUSED),
                results.stream().map(FileImportResult::status).toList());
        assertEquals(19 + 2 + 1, ws.spanCount());
    }

    @Test
    void refusesMissingPathWithoutThrowing() throws Exception {
        FileImportResult r = importOne(ws, dir.resolve("nope.json"));
        assertRefused(r, "nope.json", "no such file");
    }
}
