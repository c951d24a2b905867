package io.prodlab;

import io.prodlab.testing.AllocateTooMuchCommand;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher in a child JVM, as users run it, where the failure is real: a temporary folder that is
 * missing, full or mounted noexec (DuckDB unpacks its native library there), a heap that runs out, a
 * display that does not answer. Each ends with one line on stderr that names the cause, no stack trace.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    record Run(int exit, String out, String err) {
        /** stderr without the JVM's and JavaFX's own log lines. */
        List<String> lines() {
            return err.lines().filter(l -> l.startsWith("prodlab:")).toList();
        }
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
        }
    }

    private Run launch(List<String> jvmOptions, Map<String, String> env, String classPathExtra, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path") + (classPathExtra == null ? "" : File.pathSeparator + classPathExtra));
        cmd.add(Launcher.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the launcher did not finish: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path workspace() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        Run r = launch(List.of(), Map.of(), null, "import", "-w", ws.toString(),
                RealFixtures.path("otlp-json-traces/jaeger_memory_otel_traces_01.json").toString());
        assertEquals(0, r.exit(), r.err());
        return ws;
    }

    private Path mountTmpfs(String name, String options) throws Exception {
        Path m = Files.createDirectory(dir.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "mounting a tmpfs needs root");
        mounts.add(m);
        return m;
    }

    private static void assertOneLine(Run r, String... parts) {
        assertEquals(70, r.exit(), r.err());
        assertEquals(1, r.lines().size(), r.err());
        for (String part : parts) {
            assertTrue(r.lines().get(0).contains(part), r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aMissingTemporaryFolderExits70NamingIt() throws Exception {
        Path ws = workspace();
        Path missing = dir.resolve("no-such-tmp");
        Run r = launch(List.of("-Djava.io.tmpdir=" + missing), Map.of(), null, "services", "-w", ws.toString());
        assertOneLine(r, "the temporary folder " + missing + " does not exist", "java.io.tmpdir");
    }

    @Test
    void aFullTemporaryFolderExits70SayingThereIsNoSpace() throws Exception {
        Path ws = workspace();
        Path full = mountTmpfs("full", "size=4m");
        Run r = launch(List.of("-Djava.io.tmpdir=" + full), Map.of(), null, "services", "-w", ws.toString());
        assertOneLine(r, "the temporary folder " + full + " has no space for DuckDB's native library", "java.io.tmpdir");
    }

    @Test
    void aNoexecTemporaryFolderExits70SayingSo() throws Exception {
        Path ws = workspace();
        Path noexec = mountTmpfs("noexec", "size=200m,noexec");
        Run r = launch(List.of("-Djava.io.tmpdir=" + noexec), Map.of(), null, "services", "-w", ws.toString());
        assertOneLine(r, "the temporary folder " + noexec + " does not allow loading programs", "noexec");
        Run verbose = launch(List.of("-Djava.io.tmpdir=" + noexec), Map.of(), null, "services", "--verbose",
                "-w", ws.toString());
        assertEquals(70, verbose.exit());
        assertTrue(verbose.err().contains("UnsatisfiedLinkError"), "--verbose shows the trace: " + verbose.err());
    }

    @Test
    void runningOutOfHeapExits70WithOneLine() throws Exception {
        Path services = dir.resolve("ext/META-INF/services/io.prodlab.cli.CommandExtension");
        Files.createDirectories(services.getParent());
        Files.writeString(services, AllocateTooMuchCommand.class.getName() + "\n");
        Run r = launch(List.of("-Xmx64m"), Map.of(), dir.resolve("ext").toString(), "allocate-too-much");
        assertOneLine(r, "out of memory", "at most 64 MB", "-Xmx");
    }

    /** The DuckDB driver catches the OutOfMemoryError of a huge value and rethrows it as a SQL error. */
    @Test
    void aQueryResultTooLargeForTheHeapExits70AsOutOfMemoryNotAsAFailedQuery() throws Exception {
        Path ws = workspace();
        Run r = launch(List.of("-Xmx64m"), Map.of(), null, "query", "-w", ws.toString(),
                "select repeat('x', 300000000) as huge");
        assertOneLine(r, "out of memory (Java heap space, at most 64 MB)", "PRODLAB_JAVA_OPTS=-Xmx");
        assertEquals("", r.out());
    }

    @Test
    void aDisplayThatDoesNotAnswerIsBadUsageWithWhatToDo() throws Exception {
        Run r = launch(List.of(), Map.of("DISPLAY", ":987"), null, "gui");
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of("prodlab: Cannot open the display DISPLAY=:987 (no X server answers there). Start "
                + "Prodlab from a desktop session or fix DISPLAY, or use the command line (prodlab --help, "
                + "'prodlab demo --no-gui')."), r.lines());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** As JavaFX fails where no GTK is installed; the real case needs a display and no GTK at all. */
    @Test
    void missingGtkSaysWhatToInstall() {
        Throwable launch = new RuntimeException("Application launch error",
                new UnsatisfiedLinkError("Unable to load glass GTK library."));
        String line = Launcher.explainToolkitFailure(launch, ":0").orElseThrow();
        assertTrue(line.startsWith("The desktop app needs GTK 3, which is not installed here."), line);
        assertTrue(line.contains("apt-get install libgtk-3-0"), line);
        assertTrue(Launcher.explainToolkitFailure(new IllegalStateException("a bug in a view"), ":0").isEmpty());
    }

    /**
     * The real case: an X server (Xvfb) that answers, and no GTK at all — the machine's GTK libraries are
     * hidden by bind mounts in a mount namespace of the child's own (root, unshare and Xvfb needed).
     */
    @Test
    void withADisplayButNoGtkTheAppSaysWhatToInstall() throws Exception {
        Path xvfb = Path.of("/usr/bin/Xvfb");
        Path unshare = Path.of("/usr/bin/unshare");
        assumeTrue(Files.isExecutable(xvfb) && Files.isExecutable(unshare), "needs Xvfb and unshare");
        List<String> gtk = new ArrayList<>();
        try (var libs = Files.list(Path.of("/usr/lib/x86_64-linux-gnu"))) {
            libs.map(Path::toString).filter(n -> n.matches(".*/lib(gtk|gdk)-(3|x11-2\\.0)\\.so\\.0")).forEach(gtk::add);
        } catch (java.io.IOException e) {
            assumeTrue(false, "no /usr/lib/x86_64-linux-gnu");
        }
        int display = 90 + (int) (ProcessHandle.current().pid() % 100);
        Process x = new ProcessBuilder(xvfb.toString(), ":" + display, "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
        try {
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(socket) && x.isAlive() && System.nanoTime() < deadline) {
                x.waitFor(20, TimeUnit.MILLISECONDS);
            }
            assumeTrue(Files.exists(socket), "Xvfb did not start: " + Files.readString(dir.resolve("xvfb.log")));
            StringBuilder script = new StringBuilder();
            for (String lib : gtk) {
                script.append("mount --bind /dev/null ").append(lib).append(" || exit 99; ");
            }
            script.append("exec \"$@\"");
            List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "-m", "sh", "-c", script.toString(), "sh",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Launcher.class.getName(), "gui"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                    .redirectError(dir.resolve("err.txt").toFile());
            pb.environment().put("DISPLAY", ":" + display);
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("err.txt"));
            assumeTrue(p.exitValue() != 99, "cannot bind-mount here: " + err);
            assertEquals(2, p.exitValue(), err);
            assertEquals(List.of("prodlab: The desktop app needs GTK 3, which is not installed here. Install it "
                    + "(Debian/Ubuntu: sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3), or use the "
                    + "command line (prodlab --help, 'prodlab demo --no-gui')."),
                    err.lines().filter(l -> l.startsWith("prodlab:")).toList());
            assertFalse(err.contains("\tat "), err);
        } finally {
            x.destroy();
            x.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void startRemovesWhatAKilledRunLeftInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path lib = Files.write(tmp.resolve("libduckdb_java4242.so"), new byte[1000]);
        Files.setLastModifiedTime(lib, FileTime.from(Instant.now().minusSeconds(60)));
        Path staging = Files.createDirectory(tmp.resolve("prodlab-import-" + endedPid() + "-1"));
        Run r = launch(List.of("-Djava.io.tmpdir=" + tmp), Map.of(), null, "--version");
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(lib));
        assertFalse(Files.exists(staging));
    }

    private static long endedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
