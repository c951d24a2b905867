package io.prodlab.store;

import io.prodlab.ingest.ImportService;
import io.prodlab.testing.ProdlabProcess;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A damaged workspace is never written to as if sound: it is refused with a message that says
 * what to do, and the files stay as they were; {@code prodlab check} finds damage anywhere.
 */
class WorkspaceDamageTest {
    private static final Path SAMPLE = Path.of("sample-data", "traces.otlp.jsonl.gz");
    private static final String SMALL = "otlp-json-traces/gcp-otel-ops-go_traces_basic.json";

    @TempDir
    Path dir;

    private Path sound;

    @BeforeEach
    void workspaceWithTheSampleData() throws Exception {
        sound = dir.resolve("sound.prodlab");
        try (Workspace ws = Workspace.openOrCreate(sound)) {
            new ImportService().importPaths(ws, List.of(SAMPLE), null, null);
            assertEquals(50_004, ws.spanCount());
        }
    }

    private static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private Path copy(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.copy(sound, p);
        return p;
    }

    private static void assertLeftAsItWas(Path ws, String sha) throws Exception {
        assertEquals(sha, sha(ws), "the workspace's bytes");
        assertFalse(Files.exists(WorkspaceFiles.walOf(ws)), "no WAL");
        assertFalse(Files.exists(WorkspaceLock.fileOf(ws)), "no lock file left behind");
    }

    @Test
    void aWorkspaceCutShortIsRefusedAsDamagedAndLeftAsItWas() throws Exception {
        Path cut = copy("cut.prodlab");
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        String before = sha(cut);

        WorkspaceDamagedException e = assertThrows(WorkspaceDamagedException.class, () -> Workspace.open(cut));
        assertTrue(e.getMessage().contains("looks damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("it was cut short"), e.getMessage());
        assertTrue(e.getMessage().contains("Restore it from a backup copy"), e.getMessage());
        assertLeftAsItWas(cut, before);

        ProdlabProcess.Result imp = ProdlabProcess.run("import", "-w", cut.toString(), RealFixtures.path(SMALL).toString());
        assertEquals(4, imp.exit(), imp.err());
        assertTrue(imp.err().startsWith("prodlab: Workspace " + cut + " looks damaged"), imp.err());
        assertFalse(imp.err().contains("\tat "), imp.err());
        assertLeftAsItWas(cut, before);
    }

    @Test
    void checkReadsEveryBlockAndFindsOneFlippedInTheMiddle() throws Exception {
        ProdlabProcess.Result ok = ProdlabProcess.run("check", "-w", sound.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("is sound: 13 tables, "), ok.out());

        long block;
        try (Workspace ws = Workspace.openReadOnly(sound)) {
            // The last data block of the spans table: a plain import appends after it and never reads it.
            block = ws.sql().query("find a block", "select max(block_id) from pragma_storage_info('spans')", rs -> {
                rs.next();
                return rs.getLong(1);
            });
        }
        Path flipped = copy("flipped.prodlab");
        try (RandomAccessFile f = new RandomAccessFile(flipped.toFile(), "rw")) {
            f.seek(WorkspaceFiles.HEADER_BYTES + block * 262_144L + 1_000);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        }
        String before = sha(flipped);

        ProdlabProcess.Result bad = ProdlabProcess.run("check", "-w", flipped.toString());
        assertEquals(4, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("looks damaged (Data Corruption Error"), bad.err());
        ProdlabProcess.Result q = ProdlabProcess.run("query", "-w", flipped.toString(),
                "select count(*), sum(hash(s)) from spans s");
        assertEquals(4, q.exit(), "damage is a workspace problem, not bad SQL: " + q.err());
        assertTrue(q.err().contains("looks damaged (Data Corruption Error"), "the real error, not the streamed "
                + "result's 'Invalid result set': " + q.err());
        assertLeftAsItWas(flipped, before);
    }

    @Test
    void aFullDiskFailsTheImportPutsTheFilesBackAndGivesTheSpaceBack() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small file system needs root");
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        assumeTrue(m.waitFor() == 0, "tmpfs mount not possible here");
        try {
            Path ws = mount.resolve("w.prodlab");
            ProdlabProcess.Result first = ProdlabProcess.run("import", "-w", ws.toString(),
                    RealFixtures.path(SMALL).toString());
            assertEquals(0, first.exit(), first.err());
            String before = sha(ws);

            ProdlabProcess.Result full = ProdlabProcess.run("import", "-w", ws.toString(), SAMPLE.toString());
            assertEquals(4, full.exit(), full.err());
            assertTrue(full.err().contains("The disk is full: free some space and import the file again. Nothing of "
                    + "this file was written"), full.err());
            assertLeftAsItWas(ws, before);

            ProdlabProcess.Result next = ProdlabProcess.run("import", "-w", ws.toString(),
                    RealFixtures.path("otlp-json-traces/jaeger_memory_otel_traces_01.json").toString());
            assertEquals(0, next.exit(), "the space the failed import took was given back: " + next.err());
            try (Workspace w = Workspace.openReadOnly(ws)) {
                assertEquals(45 + 4, w.spanCount());
                assertEquals(2, w.importLog().imports().size());
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void aCheckpointThatFailsAfterTheCommitPutsTheFilesBackAsBeforeTheFile() throws Exception {
        Path ws = copy("checkpoint.prodlab");
        String before = sha(ws);
        WriteAccess.afterCommit = w -> {
            throw new WorkspaceException("injected: the checkpoint failed");
        };
        try (Workspace w = Workspace.open(ws)) {
            WorkspaceException e = assertThrows(WorkspaceException.class, () -> new ImportService().importPaths(w,
                    List.of(RealFixtures.path(SMALL)), null, null));
            assertTrue(e.getMessage().contains("saving the import failed (injected: the checkpoint failed). The "
                    + "workspace was put back as it was before this file."), e.getMessage());
            assertEquals(50_004, w.spanCount(), "the committed file is undone, and the workspace reads on");
            assertEquals(1, w.importLog().imports().size());
        } finally {
            WriteAccess.afterCommit = WriteAccess.CHECKPOINT_IF_DUE;
        }
        assertLeftAsItWas(ws, before);
        try (Workspace w = Workspace.open(ws)) {
            new ImportService().importPaths(w, List.of(RealFixtures.path(SMALL)), null, null);
            assertEquals(50_004 + 45, w.spanCount(), "and takes the same file afterwards");
        }
    }
}
