package io.prodlab.store;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportService;
import io.prodlab.testing.ProdlabProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of files is checkpointed once, at its end (docs/decisions/0017-checkpoint-per-batch.md):
 * every file committed before a kill or a failure stays, whole, and no file is there by half.
 */
class BatchCheckpointTest {
    @TempDir
    Path dir;

    private Path smallFiles(int n) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("files"));
        for (int i = 0; i < n; i++) {
            Files.writeString(folder.resolve(String.format("f%05d.jsonl", i)), SmallFilesBenchmarkTest.oneSpan(i + 1));
        }
        return folder;
    }

    /** The file's size, 0 while it does not exist (the WAL comes and goes as the import opens the workspace). */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void aBatchLeavesNoLogAndEveryFileAfterItsCheckpoint() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws)) {
            List<FileImportResult> r = new ImportService().importPaths(w, List.of(smallFiles(20)), null, null);
            assertEquals(20, r.size());
            assertFalse(Files.exists(WorkspaceFiles.walOf(ws)), "merged when the batch ended");
        }
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(20, w.spanCount());
        }
    }

    @Test
    void aCheckpointThatFailsAtTheEndOfABatchKeepsEveryCommittedFile() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        Path files = smallFiles(5);
        WriteAccess.atEnd = w -> {
            throw new WorkspaceException("injected: the checkpoint failed");
        };
        try (Workspace w = Workspace.openOrCreate(ws)) {
            WorkspaceException e = assertThrows(WorkspaceException.class,
                    () -> new ImportService().importPaths(w, List.of(files), null, null));
            assertTrue(e.getMessage().contains("merging the imported files into it failed (injected: the checkpoint "
                    + "failed). They are kept in its log"), e.getMessage());
            assertTrue(Files.exists(WorkspaceFiles.walOf(ws)), "the committed files are in the WAL");
            assertEquals(5, w.spanCount(), "and the workspace reads on");
        } finally {
            WriteAccess.atEnd = Workspace::checkpoint;
        }
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(5, w.spanCount(), "a reader replays the log");
        }
        try (Workspace w = Workspace.open(ws)) {
            assertEquals(5, w.importLog().imports().size());
            List<FileImportResult> again = new ImportService().importPaths(w, List.of(files), null, null);
            assertTrue(again.stream().allMatch(r -> r.status() == FileImportResult.Status.SKIPPED), again::toString);
        }
        assertFalse(Files.exists(WorkspaceFiles.walOf(ws)), "merged by the next write");
    }

    @Test
    void killedMidBatchKeepsEveryCommittedFileWholeAndTheRestImportsAfter() throws Exception {
        int n = 400;
        Path files = smallFiles(n);
        Path ws = dir.resolve("w.prodlab");
        Process p = ProdlabProcess.start(List.of(), "io.prodlab.Launcher", "import", "-w", ws.toString(), files.toString());
        p.getOutputStream().close();
        // Mid-batch: files have been committed (the log grows with each commit), the batch is not done.
        Path wal = WorkspaceFiles.walOf(ws);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && sizeOf(wal) <= 20_000) {
            assertTrue(System.nanoTime() < deadline, "the import never committed a file");
            Thread.onSpinWait();
        }
        assertTrue(p.isAlive(), "the import must still run when it is killed");
        p.destroyForcibly().waitFor();

        long committed;
        try (Workspace w = Workspace.open(ws)) {
            List<ImportInfo> imports = w.importLog().imports();
            committed = imports.size();
            assertTrue(committed > 0 && committed < n, committed + " files committed");
            assertTrue(imports.stream().allMatch(i -> i.status().equals("imported") && i.spans() == 1), imports::toString);
            assertEquals(committed, w.spanCount(), "each committed file whole, no file by half");
        }
        ProdlabProcess.Result check = ProdlabProcess.run("check", "-w", ws.toString());
        assertEquals(0, check.exit(), check.err());
        ProdlabProcess.Result again = ProdlabProcess.run("import", "-w", ws.toString(), files.toString());
        assertEquals(0, again.exit(), again.err());
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(n, w.spanCount(), "the committed files skipped, the rest imported");
            assertEquals(n, w.importLog().imports().size());
        }
    }
}
