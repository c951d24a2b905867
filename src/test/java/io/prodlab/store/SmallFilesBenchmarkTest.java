package io.prodlab.store;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's budget for many small files: 2,000 one-span OTLP/JSON-lines files (about 450 bytes, each
 * its own trace) imported in under 15 s, one transaction per file. Against the old write path in the
 * same run — every chunk through a CSV file and {@code read_csv}, a checkpoint after every file — so
 * that the machine's load is in both figures. Runs on request only:
 * {@code mvn -B -ntp -o surefire:test -Dtest=SmallFilesBenchmarkTest -Dprodlab.bench=true}
 * ({@code -Dprodlab.bench.files=N} for another count).
 */
@EnabledIfSystemProperty(named = "prodlab.bench", matches = "true")
class SmallFilesBenchmarkTest {
    private static final int RUNS = 3;

    @TempDir
    Path dir;

    @Test
    void twoThousandSmallFilesUnderFifteenSeconds() throws Exception {
        int files = Integer.getInteger("prodlab.bench.files", 2_000);
        Path folder = Files.createDirectories(dir.resolve("files"));
        for (int i = 0; i < files; i++) {
            Files.writeString(folder.resolve(String.format("f%05d.jsonl", i)), oneSpan(i + 1));
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        double[][] wall = new double[2][RUNS];
        double[][] cpu = new double[2][RUNS];
        for (int run = 0; run < RUNS; run++) {
            for (int old = 0; old < 2; old++) { // alternating, so both see the same load
                Path ws = dir.resolve("run" + run + (old == 1 ? "-old" : "") + ".prodlab");
                int maxRows = SmallChunkLoad.maxRows;
                if (old == 1) {
                    SmallChunkLoad.maxRows = -1;
                    WriteAccess.afterCommit = Workspace::checkpoint;
                }
                try {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    List<FileImportResult> results;
                    try (Workspace w = Workspace.openOrCreate(ws)) {
                        results = new ImportService().importPaths(w, List.of(folder), null, null);
                    }
                    wall[old][run] = (System.nanoTime() - t0) / 1e9;
                    cpu[old][run] = (os.getProcessCpuTime() - c0) / 1e9; // DuckDB's threads included
                    assertEquals(files, results.size());
                    assertTrue(results.stream().allMatch(r -> r.status() == FileImportResult.Status.IMPORTED
                            && r.spans() == 1), () -> results.get(0).message());
                } finally {
                    SmallChunkLoad.maxRows = maxRows;
                    WriteAccess.afterCommit = WriteAccess.CHECKPOINT_IF_DUE;
                }
                try (Workspace w = Workspace.openReadOnly(ws)) {
                    assertEquals(files, w.spanCount());
                }
            }
        }
        double newWall = median(wall[0]);
        double oldWall = median(wall[1]);
        System.out.printf("%d small files: new path median %.2f s wall (%.1f ms a file), %.2f s CPU; old path (read_csv, "
                        + "checkpoint per file) median %.2f s wall, %.2f s CPU; old/new %.2f; all new %s, old %s; "
                        + "%d processors, load average %.1f%n", files, newWall, newWall * 1000 / files, median(cpu[0]),
                oldWall, median(cpu[1]), oldWall / newWall, Arrays.toString(wall[0]), Arrays.toString(wall[1]),
                Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
        assertTrue(newWall * 2_000 / files < 15, "median " + newWall + " s for " + files + " files");
    }

    /** One span of its own trace, as a collector's file exporter writes one line. */
    static String oneSpan(int n) {
        String trace = String.format("%032x", n);
        String span = String.format("%016x", n);
        return "{\"resourceSpans\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
                + "{\"stringValue\": \"svc-" + (n % 7) + "\"}}]}, \"scopeSpans\": [{\"scope\": {\"name\": \"t\"}, "
                + "\"spans\": [{\"traceId\": \"" + trace + "\", \"spanId\": \"" + span + "\", \"name\": \"GET /x\", "
                + "\"kind\": 2, \"startTimeUnixNano\": \"1700000000000000000\", \"endTimeUnixNano\": "
                + "\"1700000000005000000\", \"attributes\": [{\"key\": \"http.method\", \"value\": {\"stringValue\": "
                + "\"GET\"}}], \"status\": {}}]}]}]}\n";
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
