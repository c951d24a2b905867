package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file no reader takes is refused with what it is and what Prodlab reads, and nothing is written. */
class RefusalHintsTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    @TempDir
    Path dir;

    private void assertRefusedWith(Path f, String hint) throws Exception {
        Workspace ws = temp.workspace();
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertEquals("unknown", r.format());
        assertTrue(r.message().startsWith(f + ": line 1, column 1: not an export Prodlab reads: found "), r.message());
        assertTrue(r.message().contains(hint), r.message());
        assertTrue(r.message().endsWith("; " + TraceReaders.READS + ". Nothing was imported."), r.message());
        assertEquals(0, ws.importLog().imports().size());
        assertEquals(0, count(ws, "select count(*) from rejected"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a.json   | {"status": "success", "data": {"result": []}}      | a JSON object with "data", "status" (a Prometheus HTTP API response, but not to a query: its "data" has no "resultType")
            b.json   | {"traceId": "a1", "id": "b2", "localEndpoint": {}} | a JSON object with "id", "localEndpoint", "traceId" (a single Zipkin v2 span: Prodlab reads Zipkin v2 as an array of spans)
            c.json   | {"data": [{"x": 1}]}                              | a JSON object with "data" (not Jaeger JSON: its "data" holds no traces with "spans")
            d.json   | [{"a": 1, "b": 2}]                                | a JSON array of objects with "a", "b"
            e.txt    | hello world                                       | text "hello world"
            """)
    void refusesWithWhatTheFileIsAndWhatProdlabReads(String name, String content, String hint) throws Exception {
        assertRefusedWith(Files.writeString(dir.resolve(name), content + "\n"), hint);
    }

    @Test
    void aZipArchiveIsOpenedAndItsEntryNamed() throws Exception {
        Path f = dir.resolve("a.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("t.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        // Zip archives are read entry by entry (ArchiveImportTest): the refusal names the entry and what it is.
        Workspace ws = temp.workspace();
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().startsWith(f + "!/t.json: line 1, column 1: not an export Prodlab reads: found an empty "
                + "JSON object; "), r.message());
        assertEquals(0, count(ws, "select count(*) from spans"));
    }
}
