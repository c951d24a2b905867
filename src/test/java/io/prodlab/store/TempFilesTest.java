package io.prodlab.store;

import io.prodlab.testing.DuckDbHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What killed runs leave in the temporary folder goes at the next start; what a running Prodlab uses stays. */
class TempFilesTest {
    @TempDir
    Path tmp;

    private TempFiles atStartNow() {
        return new TempFiles(tmp, Path.of("/proc"), Instant.now(), ProcessHandle.current().pid(), false);
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.pid();
    }

    private static Path olderThanNow(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
        return p;
    }

    @Test
    void stagingFolderIsNamedAfterThisProcess() throws Exception {
        Path dir = TempFiles.newImportStagingDir();
        try {
            assertTrue(dir.getFileName().toString().startsWith("prodlab-import-" + ProcessHandle.current().pid() + "-"),
                    dir.toString());
            assertTrue(Files.isDirectory(dir));
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void removesStagingFoldersOfEndedProcessesAndKeepsThoseOfLiveOnes() throws Exception {
        Path dead = Files.createDirectory(tmp.resolve("prodlab-import-" + deadPid() + "-123"));
        Files.writeString(dead.resolve("spans-0.csv"), "x");
        Path mine = Files.createDirectory(tmp.resolve("prodlab-import-" + ProcessHandle.current().pid() + "-456"));
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Path parents = Files.createDirectory(tmp.resolve("prodlab-import-" + parent + "-789"));
        Path unrelated = Files.createDirectory(tmp.resolve("something-else"));

        List<Path> removed = atStartNow().removeStale();

        assertEquals(List.of(dead), removed);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(mine) && Files.exists(parents) && Files.exists(unrelated));
    }

    @Test
    void removesALibraryNobodyUsesAndKeepsOneWrittenAfterThisStart() throws Exception {
        Path stale = olderThanNow(Files.write(tmp.resolve("libduckdb_java123.so"), new byte[100]));
        TempFiles start = atStartNow();
        Path fresh = Files.write(tmp.resolve("libduckdb_java456.so"), new byte[100]);
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().plusSeconds(5)));

        assertEquals(List.of(stale), start.removeStale());
        assertTrue(Files.exists(fresh), "a library being unpacked by a Prodlab that starts now stays");
    }

    @Test
    void keepsALibraryThatAnotherProcessHoldsOpen() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
        Path lib = olderThanNow(Files.write(tmp.resolve("libduckdb_java789.so"), new byte[100]));
        Process tail = new ProcessBuilder("tail", "-f", lib.toString()).start();
        try {
            Path fd = Path.of("/proc", Long.toString(tail.pid()), "fd");
            waitUntil(() -> holds(fd, lib));
            assertEquals(List.of(), atStartNow().removeStale());
            assertTrue(Files.exists(lib));
        } finally {
            tail.destroyForcibly().waitFor();
        }
        assertEquals(List.of(lib), atStartNow().removeStale());
    }

    /** The real thing: a child JVM loads DuckDB from this folder; while it runs its library stays, once killed it goes. */
    @Test
    void keepsTheLibraryARunningProdlabLoadedAndRemovesItOnceThatRunIsKilled() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/maps").getParent()), "needs /proc");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), DuckDbHolder.class.getName())
                .redirectErrorStream(true).start();
        Path lib;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            lib = libraries().get(0);
            olderThanNow(lib);
            assertEquals(List.of(), atStartNow().removeStale(), "the library is mapped by a live process");
            assertTrue(Files.exists(lib));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(lib), "a killed run leaves its library behind");
        assertEquals(List.of(lib), atStartNow().removeStale());
        assertEquals(List.of(), libraries());
    }

    @Test
    void leavesLibrariesAloneWhereItCannotTellWhoUsesThem() throws Exception {
        Path lib = olderThanNow(Files.write(tmp.resolve("libduckdb_java1.so"), new byte[10]));
        TempFiles noProc = new TempFiles(tmp, tmp.resolve("no-proc"), Instant.now(), ProcessHandle.current().pid(), false);
        assertEquals(List.of(), noProc.removeStale());
        assertTrue(Files.exists(lib));
    }

    private List<Path> libraries() throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("libduckdb_java")).toList();
        }
    }

    private static boolean holds(Path fdDir, Path file) {
        try (Stream<Path> fds = Files.list(fdDir)) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (Exception e) {
            return false;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
