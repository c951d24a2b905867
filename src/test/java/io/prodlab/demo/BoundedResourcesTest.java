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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Memory does not grow with the span count, and the work per span stays small. 200,000 spans are about 155 MB of JSON;
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
        assertEquals(200_013, spans, "seed 17 asked for 200,000 spans: whole traces, so a few more");
        assertEquals(201, lines, "whole lines of 1000 spans, the last one partial");
        assertTrue(Files.size(out.resolve("traces.otlp.jsonl")) > 100_000_000L, "the output is far larger than the heap");
    }

    /**
     * Work, counted instead of timed: the bytes the generator allocates, which do not depend on the CPU
     * or the machine's load. Measured 635 bytes per span for 755 bytes of JSON written (JDK 17); buffering
     * a line's spans as objects, or building each line as one growing String, would allocate several
     * times what is written.
     */
    @Test
    void generationAllocatesLessThanTwiceWhatItWrites(@TempDir Path dir) throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long before = threads.getCurrentThreadAllocatedBytes();
        DemoGenerator.Result r = new DemoGenerator().generate(dir, new DemoGenerator.Options(SPANS, 23, 1000));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(200_006, r.spans());
        List<Path> files = r.files();
        assertEquals(2, files.size());
        long written = Files.size(files.get(0));
        assertTrue(allocated < 2 * written, allocated + " bytes allocated for " + written + " bytes written");
    }
}
