package io.prodlab.ingest;

import io.prodlab.bench.BenchDataWriter;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.testing.Spans.aSpan;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Cancellation, interruption and progress on files large enough to span many chunks. */
class ImportCancellationTest {
    /** Small chunks so that a 20,000-span file is loaded in many pieces. */
    private static final int SMALL_CHUNK = 256 * 1024;

    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Path dir;
    Workspace ws;
    Path big;
    Path second;

    @BeforeEach
    void setUp() throws Exception {
        dir = temp.dir();
        ws = temp.workspace();
        big = dir.resolve("big.jsonl");
        new BenchDataWriter(1).write(big, 20_000, 500);
        second = dir.resolve("second.jsonl");
        new BenchDataWriter(2).write(second, 1_000, 500);
        importOne(ws, traces("otlp2parquet_traces.jsonl"));
    }


    @Test
    void cancellingMidFileRollsItBackAndStartsNoFurtherFile() throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        List<Long> spansSeen = new ArrayList<>();
        List<FileImportResult> results = new ImportService(SMALL_CHUNK).importPaths(ws, List.of(big, second),
                new ImportListener() {
                    @Override
                    public void progress(Path file, long bytesRead, long totalBytes, long spans) {
                        spansSeen.add(spans);
                        if (spans > 2_000) {
                            cancel.set(true);
                        }
                    }
                }, cancel::get);
        assertEquals(1, results.size(), "the second file must not start: " + results);
        assertEquals(FileImportResult.Status.CANCELLED, results.get(0).status());
        assertTrue(spansSeen.stream().anyMatch(s -> s > 2_000 && s < 20_000), "cancelled mid-file: " + spansSeen);
        assertEquals(19, ws.spanCount(), "only the earlier import's spans");
        assertEquals(1, ws.importLog().imports().size());
        assertEquals(0, count(ws, "select count(*) from span_events where import_id <> 1"));
        assertEquals(0, count(ws, "select count(*) from duckdb_tables() where table_name like 'import_ctx_%'"));
    }

    @Test
    void interruptingTheImportingThreadCancelsAndKeepsTheInterrupt() throws Exception {
        List<FileImportResult> results = new ArrayList<>();
        boolean[] stillInterrupted = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                results.addAll(new ImportService(SMALL_CHUNK).importPaths(ws, List.of(big, second),
                        new ImportListener() {
                            @Override
                            public void progress(Path file, long bytesRead, long totalBytes, long spans) {
                                if (spans > 1_000) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }, () -> false));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        t.join();
        assertEquals(1, results.size(), results.toString());
        assertEquals(FileImportResult.Status.CANCELLED, results.get(0).status());
        assertTrue(stillInterrupted[0]);
        assertEquals(19, ws.spanCount());
        assertEquals(1, ws.importLog().imports().size());
    }

    @Test
    void reportsProgressWithGrowingBytesAndSpansThenImportsEverySpan() throws Exception {
        List<long[]> progress = new ArrayList<>();
        List<FileImportResult> results = new ImportService(SMALL_CHUNK).importPaths(ws, List.of(big),
                new ImportListener() {
                    @Override
                    public void progress(Path file, long bytesRead, long totalBytes, long spans) {
                        progress.add(new long[] {bytesRead, totalBytes, spans});
                    }
                }, () -> false);
        assertEquals(FileImportResult.Status.IMPORTED, results.get(0).status(), results.get(0).message());
        assertEquals(20_000, results.get(0).spans());
        assertEquals(19 + 20_000, ws.spanCount());
        assertTrue(progress.size() >= 5, "progress calls: " + progress.size());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i)[0] >= progress.get(i - 1)[0], "bytes never go back");
            assertTrue(progress.get(i)[2] >= progress.get(i - 1)[2], "spans never go back");
        }
        long[] last = progress.get(progress.size() - 1);
        assertEquals(last[1], last[0]);
        assertEquals(20_000, last[2]);
        assertFalse(progress.stream().anyMatch(p -> p[0] > p[1]));
    }

    @Test
    void importsBenchmarkDataWithItsEventsAndExactCounts() throws Exception {
        FileImportResult r = importOne(ws, second);
        assertEquals(1_000, r.spans());
        assertEquals(0, r.rejected());
        assertEquals(r.events(), count(ws, "select count(*) from spans where status = 'error' and import_id = 2"));
        assertEquals(10, count(ws, "select max(json_array_length(json_keys(attributes))) from spans where import_id = 2"));
    }

    /**
     * The import lowers DuckDB's database-wide worker threads to leave a core for the parser while a
     * file's writer is open (ImportWriter), and restores them when it ends. Read on the importing thread
     * (the parser thread must not share the connection): lowered while a writer is open, restored after
     * its commit and after it is closed uncommitted — what a cancel does — and after a whole import and
     * a cancelled one through the pipeline.
     */
    @Test
    void lowersDuckDbThreadsWhileAFileLoadsAndRestoresThemAfterItAndAfterACancel() throws Exception {
        long before = threads();
        long lowered = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        assumeTrue(before > lowered, "DuckDB runs " + before + " threads here: nothing to lower");

        try (ImportWriter w = ws.beginImport("small.json", "sha-small", "otlp-json", 1_000)) {
            assertEquals(before, threads(), "a small file is one chunk: nothing to overlap, the setting is left alone");
        }
        long bigBytes = 2 << 20;
        try (ImportWriter w = ws.beginImport("committed.json", "sha-committed", "otlp-json", bigBytes)) {
            assertEquals(lowered, threads(), "while the file loads");
            w.addSpan(aSpan().build());
            w.commit("");
        }
        assertEquals(before, threads(), "after a commit");
        try (ImportWriter w = ws.beginImport("dropped.json", "sha-dropped", "otlp-json", bigBytes)) {
            assertEquals(lowered, threads(), "while the file loads");
        }
        assertEquals(before, threads(), "after closing without a commit, as a cancel does");

        assertEquals(FileImportResult.Status.IMPORTED, importOne(ws, second).status());
        assertEquals(before, threads(), "after an import");
        AtomicBoolean cancel = new AtomicBoolean();
        List<FileImportResult> r = new ImportService(SMALL_CHUNK).importPaths(ws, List.of(big), new ImportListener() {
            @Override
            public void progress(Path file, long bytesRead, long totalBytes, long spans) {
                cancel.set(spans > 2_000);
            }
        }, cancel::get);
        assertEquals(FileImportResult.Status.CANCELLED, r.get(0).status(), r.get(0).message());
        assertEquals(before, threads(), "after a cancelled import");
    }

    private long threads() throws Exception {
        return Long.parseLong(IngestTestSupport.value(ws, "select current_setting('threads')").toString());
    }
}
