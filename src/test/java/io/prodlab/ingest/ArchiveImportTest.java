package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zip archives as batches, and the limits that refuse zip and gzip bombs. */
class ArchiveImportTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private List<FileImportResult> importAll(ImportService service, Path... paths) throws Exception {
        return service.importPaths(ws, List.of(paths), ImportListener.NONE, () -> false);
    }

    private Path zip(String name, String[] entries, Path[] files) throws Exception {
        Path z = temp.dir().resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (int i = 0; i < entries.length; i++) {
                out.putNextEntry(new ZipEntry(entries[i]));
                Files.copy(files[i], out);
                out.closeEntry();
            }
        }
        return z;
    }

    @Test
    void importsEachFileOfAZipArchiveAsAFileOfItsOwn() throws Exception {
        Path notes = Files.writeString(temp.dir().resolve("notes.txt"), "not an export\n");
        Path z = zip("batch.zip", new String[] {"b/traces.jsonl", "a/metrics.json", "c/notes.txt", "d/logs.pb"},
                new Path[] {traces("otlp2parquet_traces.jsonl"),
                        fixture("otlp-json-metrics/opentelemetry-proto_examples_metrics.json"), notes,
                        fixture("otlp-protobuf/otlp2parquet_logs.pb")});
        List<FileImportResult> r = importAll(new ImportService(), z);
        assertEquals(4, r.size(), r.toString());
        assertEquals(z + "!/a/metrics.json", r.get(0).path());
        assertEquals(4, r.get(0).metricPoints());
        assertEquals(19, r.get(1).spans());
        assertEquals(FileImportResult.Status.REFUSED, r.get(2).status());
        assertTrue(r.get(2).message().contains("batch.zip!/c/notes.txt"), r.get(2).message());
        assertEquals(81, r.get(3).logs());
        assertEquals(3, ws.importLog().imports().size());
        assertTrue(ws.importLog().imports().get(1).path().endsWith("batch.zip!/b/traces.jsonl"));
        // The same archive again: every entry is the same content, so skipped.
        List<FileImportResult> again = importAll(new ImportService(), z);
        assertEquals(3, again.stream().filter(f -> f.status() == FileImportResult.Status.SKIPPED).count());
    }

    private static final TraceInput.Limits SMALL = new TraceInput.Limits(1 << 20, 50, 8L << 20);

    @Test
    void refusesAGzipBombWithAMessage() throws Exception {
        Path bomb = temp.dir().resolve("bomb.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write('{');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 6; i++) {
                out.write(spaces);
            }
            out.write("\"resourceSpans\": []}".getBytes());
        }
        FileImportResult r = importAll(new ImportService(ImportService.DEFAULT_CHUNK_BYTES, SMALL), bomb).get(0);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().contains("bomb.json.gz") && r.message().contains("zip or gzip bomb"), r.message());
        assertEquals(0, ws.importLog().imports().size());
    }

    @Test
    void refusesAFileThatDecompressesPastTheMaximum() throws Exception {
        // Compresses only about 2:1 (random hex), but decompresses past the 8 MB maximum of these limits.
        Path big = temp.dir().resolve("big.jsonl.gz");
        java.util.Random rnd = new java.util.Random(1);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(big))) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 9 << 20; i += 64) {
                sb.setLength(0);
                for (int k = 0; k < 63; k++) {
                    sb.append(Character.forDigit(rnd.nextInt(16), 16));
                }
                out.write(("{\"resourceSpans\":[],\"x\":\"" + sb + "\"}\n").getBytes());
            }
        }
        FileImportResult r = importAll(new ImportService(ImportService.DEFAULT_CHUNK_BYTES, SMALL), big).get(0);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertTrue(r.message().contains("more than 8 MB"), r.message());
    }

    @Test
    void refusesAZipEntryThatIsABomb() throws Exception {
        Path zeros = temp.dir().resolve("zeros.json");
        byte[] b = new byte[6 << 20];
        java.util.Arrays.fill(b, (byte) ' ');
        b[0] = '{';
        Files.write(zeros, b);
        Path z = zip("bomb.zip", new String[] {"zeros.json", "ok.jsonl"}, new Path[] {zeros,
                traces("otlp2parquet_traces.jsonl")});
        List<FileImportResult> r = importAll(new ImportService(ImportService.DEFAULT_CHUNK_BYTES, SMALL), z);
        assertEquals(FileImportResult.Status.IMPORTED, r.get(0).status(), r.get(0).message());
        assertEquals(FileImportResult.Status.REFUSED, r.get(1).status(), r.get(1).message());
        assertTrue(r.get(1).message().contains("bomb.zip!/zeros.json") && r.get(1).message().contains("bomb"),
                r.get(1).message());
    }
}
