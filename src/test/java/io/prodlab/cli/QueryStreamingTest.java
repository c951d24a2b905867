package io.prodlab.cli;

import io.prodlab.testing.ProdlabProcess;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab query} streams: a result far larger than its heap comes out whole. */
class QueryStreamingTest {
    @TempDir
    Path dir;

    @Test
    void twentyMillionRowsStreamThroughA128MegabyteHeap() throws Exception {
        Path ws = dir.resolve("w.prodlab");
        assertEquals(0, ProdlabProcess.run("import", "-w", ws.toString(),
                RealFixtures.path("otlp-json-traces/jaeger_memory_otel_traces_01.json").toString()).exit());
        Process p = ProdlabProcess.start(List.of("-Xmx128m"), "io.prodlab.Launcher", "query", "-w", ws.toString(),
                "--format", "csv", "select * from range(20000000)");
        p.getOutputStream().close();
        long lines = 0;
        long sum = 0;
        long value = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = p.getInputStream()) {
            boolean header = true;
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        lines++;
                        if (!header) {
                            sum += value;
                        }
                        header = false;
                        value = 0;
                    } else if (b >= '0' && b <= '9') {
                        value = value * 10 + (b - '0');
                    }
                }
            }
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), err);
        assertEquals(20_000_001L, lines, "header and every row");
        assertEquals(20_000_000L * 19_999_999L / 2, sum, "each row once, in full");
    }
}
