package io.prodlab.store;

import io.prodlab.testing.ProdlabProcess;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workspace lock across processes (docs/decisions/0006-workspace-lock.md): the desktop app's
 * hold survives whatever else the process does with the files, readers work beside it, and two
 * writers never run at once.
 */
class WorkspaceLockTest {
    private static final String FIXTURE = "otlp-json-traces/jaeger_memory_otel_traces_01.json";
    private static final String OTHER = "otlp-json-traces/gcp-otel-ops-go_traces_basic.json";

    @TempDir
    Path dir;

    private Workspace held;

    @AfterEach
    void release() throws Exception {
        if (held != null) {
            held.close();
        }
        WriteAccess.busyWaitMillis = 3_000;
    }

    private Path workspaceWithSpans() throws Exception {
        Path file = dir.resolve("shop.prodlab");
        ProdlabProcess.Result r = ProdlabProcess.run("import", "-w", file.toString(),
                RealFixtures.path(FIXTURE).toString());
        assertEquals(0, r.exit(), r.err());
        return file;
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void appHoldSurvivesUnrelatedStreamsOnItsFilesAndRefusesASecondWriter() throws Exception {
        Path file = workspaceWithSpans();
        held = Workspace.hold(file, false, "the Prodlab desktop app");
        long spans = held.spanCount();

        // What a file dialog does when it sniffs the folder: open and close the files. On Linux that
        // drops every fcntl lock this process has on them, DuckDB's included.
        for (Path p : List.of(file, WorkspaceLock.fileOf(file))) {
            try (FileInputStream in = new FileInputStream(p.toFile())) {
                in.read();
            }
            try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
                raf.read();
            }
        }

        ProdlabProcess.Result imp = ProdlabProcess.run("import", "-w", file.toString(),
                RealFixtures.path(OTHER).toString());
        assertEquals(4, imp.exit(), imp.err());
        assertTrue(imp.err().contains("is open in the Prodlab desktop app (process " + pid()), imp.err());
        assertEquals(spans, held.spanCount(), "nothing was written by the refused import");

        ProdlabProcess.Result app = ProdlabProcess.runMain(List.of(), "io.prodlab.testing.HoldReadOnly", file.toString());
        assertEquals(0, app.exit(), "a reader may open it beside the app: " + app.err());
    }

    @Test
    void queryAndServicesWorkWhileTheAppShowsTheWorkspace() throws Exception {
        Path file = workspaceWithSpans();
        held = Workspace.hold(file, false, "the Prodlab desktop app");

        ProdlabProcess.Result q = ProdlabProcess.run("query", "-w", file.toString(), "--format", "csv",
                "select count(*) as n from spans");
        assertEquals(0, q.exit(), q.err());
        assertEquals("n\n4\n", q.out().replace("\r\n", "\n"));
        ProdlabProcess.Result s = ProdlabProcess.run("services", "-w", file.toString(), "--json");
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains("\"services\""), s.out());

        // And the app still writes afterwards.
        try (WriteAccess w = held.beginWrite()) {
            assertEquals(4, held.spanCount());
        }
    }

    @Test
    void readersAreRefusedWhileTheAppWritesAndWelcomeAfter() throws Exception {
        Path file = workspaceWithSpans();
        held = Workspace.hold(file, false, "the Prodlab desktop app");
        try (WriteAccess w = held.beginWrite()) {
            // Even with DuckDB's own lock dropped by a stray close, the lock file says "writing".
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                in.read();
            }
            ProdlabProcess.Result q = ProdlabProcess.run("query", "-w", file.toString(), "select 1");
            assertEquals(4, q.exit(), q.err());
            assertTrue(q.err().contains("is being written by the Prodlab desktop app (process " + pid()), q.err());
        }
        ProdlabProcess.Result q = ProdlabProcess.run("query", "-w", file.toString(), "select 1");
        assertEquals(0, q.exit(), q.err());
    }

    @Test
    void appWriteWaitsForABusyReaderThenSaysWhoIsReading() throws Exception {
        Path file = workspaceWithSpans();
        held = Workspace.hold(file, false, "the Prodlab desktop app");
        Process reader = ProdlabProcess.start(List.of(), "io.prodlab.testing.HoldReadOnly", file.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready 4", out.readLine());
            WriteAccess.busyWaitMillis = 200;
            WorkspaceBusyException e = assertThrows(WorkspaceBusyException.class, held::beginWrite);
            assertTrue(e.getMessage().contains("in use by another program (process " + reader.pid() + ")"),
                    e.getMessage());
            assertEquals(4, held.spanCount(), "the app reads on after the refused write");
        } finally {
            reader.getOutputStream().close();
            reader.waitFor();
        }
        try (WriteAccess w = held.beginWrite()) {
            assertEquals(4, held.spanCount());
        }
    }

    @Test
    void aSecondHolderInTheSameProcessIsRefusedAndTheFirstKeepsItsLock() throws Exception {
        Path file = workspaceWithSpans();
        held = Workspace.hold(file, false, "the Prodlab desktop app");
        WorkspaceLockedException e = assertThrows(WorkspaceLockedException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("already open in this Prodlab (the Prodlab desktop app)"), e.getMessage());
        assertTrue(Files.exists(WorkspaceLock.fileOf(file)), "the refused open left the holder's lock file alone");
        ProdlabProcess.Result imp = ProdlabProcess.run("import", "-w", file.toString(), RealFixtures.path(OTHER).toString());
        assertEquals(4, imp.exit(), imp.err());
    }

    @Test
    void staleLockOfAKilledProcessIsTakenOver() throws Exception {
        Path file = workspaceWithSpans();
        Process gone = ProdlabProcess.start(List.of(), "io.prodlab.Launcher", "--version");
        gone.waitFor();
        Files.writeString(WorkspaceLock.fileOf(file), "pid=" + gone.pid() + "\nstarted=" + System.currentTimeMillis()
                + "\nhost=" + WorkspaceLock.thisHost() + "\nmode=WRITING\npurpose=prodlab import\nsince=1\n");
        assertTrue(WorkspaceLock.holder(file).isEmpty(), "a dead holder holds nothing");
        try (Workspace ws = Workspace.open(file)) {
            assertEquals(4, ws.spanCount());
        }
        assertFalse(Files.exists(WorkspaceLock.fileOf(file)), "closing removes the lock file");
    }

    @Test
    void lockFileNamesTheHolderWhileHeldAndGoesAwayOnClose() throws Exception {
        Path file = dir.resolve("new.prodlab");
        try (Workspace ws = Workspace.hold(file, true, "the Prodlab desktop app")) {
            WorkspaceLock.Holder h = WorkspaceLock.holder(file).orElseThrow();
            assertEquals(pid(), h.pid());
            assertEquals(WorkspaceLock.Mode.OPEN, h.mode());
            try (WriteAccess w = ws.beginWrite()) {
                assertEquals(WorkspaceLock.Mode.WRITING, WorkspaceLock.holder(file).orElseThrow().mode());
            }
            assertEquals(WorkspaceLock.Mode.OPEN, WorkspaceLock.holder(file).orElseThrow().mode());
        }
        assertFalse(Files.exists(WorkspaceLock.fileOf(file)));
        assertTrue(WorkspaceLock.holder(file).isEmpty());
    }
}
