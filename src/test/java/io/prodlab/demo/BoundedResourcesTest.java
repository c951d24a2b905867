package io.prodlab.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory does not grow with the span count and time stays small. 200,000 spans are about 155 MB of JSON;
 * held in memory as objects they would need several hundred MB. The run happens in a child JVM whose
 * heap is capped at 32 MB, so buffering the output (or the traces) would fail with OutOfMemoryError.
 */
class BoundedResourcesTest {

    private static final long SPANS = 200_000;
    /** Generous for two loaded cores; a quiet machine needs a few seconds. */
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void twoHundredThousandSpansFitInA32MegabyteHeap(@TempDir Path dir) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), DemoMain.class.getName(),
                out.toString(), Long.toString(SPANS), "17", "1000", "false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "not done within " + TIMEOUT_SECONDS + " s: " + output);
        assertEquals(0, p.exitValue(), output);
        long lines;
        try (var stream = Files.lines(out.resolve("traces.otlp.jsonl"))) {
            lines = stream.count();
        }
        long spans = Long.parseLong(output.replaceAll("(?s).*spans=([0-9]+).*", "$1"));
        assertTrue(spans >= SPANS && spans < SPANS + 100, spans + " spans");
        assertEquals((spans + 999) / 1000, lines, "whole lines of 1000 spans, the last one partial");
        assertTrue(Files.size(out.resolve("traces.otlp.jsonl")) > 100_000_000L, "the output is far larger than the heap");
    }

    @Test
    void generationIsFastInProcess(@TempDir Path dir) throws IOException {
        long t0 = System.nanoTime();
        DemoGenerator.Result r = new DemoGenerator().generate(dir, new DemoGenerator.Options(SPANS, 23, 1000));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(r.spans() >= SPANS);
        assertTrue(seconds < 60, "200k spans took " + seconds + " s");
        List<Path> files = r.files();
        assertEquals(2, files.size());
    }
}
