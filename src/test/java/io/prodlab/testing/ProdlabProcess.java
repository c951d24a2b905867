package io.prodlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prodlab (or a test's helper main class) in a second JVM, as a user's second terminal would:
 * locks are per process, so only another process can show that one is held.
 */
public final class ProdlabProcess {
    /** What the process printed and how it ended. */
    public record Result(int exit, String out, String err) {
    }

    private ProdlabProcess() {
    }

    /** {@code prodlab ARGS...} in a fresh JVM. */
    public static Result run(String... args) {
        return runMain(List.of(), "io.prodlab.Launcher", args);
    }

    /** {@code prodlab ARGS...} in a fresh JVM started with {@code jvmArgs} (e.g. -Xmx128m). */
    public static Result runWith(List<String> jvmArgs, String... args) {
        return runMain(jvmArgs, "io.prodlab.Launcher", args);
    }

    public static Result runMain(List<String> jvmArgs, String mainClass, String... args) {
        try {
            Process p = start(jvmArgs, mainClass, args);
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("prodlab " + String.join(" ", args) + " did not end within 120 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code mainClass} in a second JVM on the test class path; the caller ends it. */
    public static Process start(List<String> jvmArgs, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
