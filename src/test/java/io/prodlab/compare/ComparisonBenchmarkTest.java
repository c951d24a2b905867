package io.prodlab.compare;

import io.prodlab.demo.DemoGenerator;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6's budget: a two-cohort comparison of every statistic but the bootstrap (descriptives,
 * Welch, Mann–Whitney with Hodges–Lehmann and its interval, two-proportion and Fisher, KS,
 * Brown–Forsythe and the spread ratio, asymptotic p50/p95/p99 intervals, throughput and the rate
 * comparison, power, Holm and BH) over a 1,000,000-span workspace in under 1 s. The cohorts
 * ({@code kind = server} against {@code kind != server}) cover every span, 410k against 590k.
 * The budget is held on CPU time (all threads), and on wall time when the load average is below the
 * number of processors. Timing on a shared machine is not a unit test, so it runs on request only:
 * {@code mvn -B -ntp -o surefire:test -Dtest=ComparisonBenchmarkTest -Dprodlab.bench=true}
 * ({@code -Dprodlab.bench.workspace=W} reuses a workspace instead of generating one).
 */
@EnabledIfSystemProperty(named = "prodlab.bench", matches = "true")
class ComparisonBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void comparisonOfAMillionSpansUnderASecond() throws Exception {
        Path w = workspace();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Workspace ws = Workspace.openReadOnly(w)) {
            List<Cohort> cohorts = List.of(new Cohort("server", "kind = server"), new Cohort("other", "kind != server"));
            ComparisonService.Options o = ComparisonService.Options.defaults().withResamples(0);
            for (Unit unit : Unit.values()) {
                int runs = 9;
                double[] wall = new double[runs];
                double[] cpu = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    ComparisonService.Result r = new ComparisonService(ws).compare(cohorts, null, unit, o);
                    wall[i] = (System.nanoTime() - t0) / 1e9;
                    cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
                    if (unit == Unit.SPAN) {
                        assertEquals(ws.spanCount(), r.cohorts().get(0).n() + r.cohorts().get(1).n());
                    }
                    assertTrue(r.comparisons().get(0).mannWhitney().isOk());
                }
                double medianWall = warmMedian(wall);
                double medianCpu = warmMedian(cpu);
                System.out.printf("comparison of %d spans by %s: median %.3f s wall, %.3f s CPU (all threads) of %d warm "
                                + "runs (wall: %s), %d processors, load average %.1f%n", ws.spanCount(), unit.code(),
                        medianWall, medianCpu, runs - 2, Arrays.toString(wall), os.getAvailableProcessors(),
                        os.getSystemLoadAverage());
                // the baseline, in the same run: the previous comparison's read alone (CohortObservations:
                // the catalog of every attribute key, then each cohort's values), before any statistic
                double[] before = new double[5];
                for (int i = 0; i < before.length; i++) {
                    long t0 = System.nanoTime();
                    new CohortObservations(ws).read(cohorts, null, unit);
                    before[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(before);
                System.out.printf("  baseline (the previous read path alone): median %.3f s; comparison / baseline %.2f%n",
                        before[2], medianWall / before[2]);
                if (unit == Unit.SPAN) {
                    // CPU time (every thread of the process, DuckDB's too) is the budget a loaded machine
                    // cannot blur; wall time is held to it only when the machine is not oversubscribed
                    assertTrue(medianCpu < 1.0, "median CPU " + medianCpu + " s");
                    if (os.getSystemLoadAverage() < os.getAvailableProcessors()) {
                        assertTrue(medianWall < 1.0, "median wall " + medianWall + " s");
                    }
                }
            }
        }
    }

    /** The median of all runs but the first two (JIT warm-up, DuckDB's caches). */
    private static double warmMedian(double[] runs) {
        double[] warm = Arrays.copyOfRange(runs, 2, runs.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    private Path workspace() throws Exception {
        String given = System.getProperty("prodlab.bench.workspace");
        if (given != null && Files.exists(Path.of(given))) {
            return Path.of(given);
        }
        long spans = Long.getLong("prodlab.bench.spans", 1_000_000L);
        new DemoGenerator().generate(dir.resolve("data"), DemoGenerator.Options.defaults().withSpans(spans));
        Path w = dir.resolve("c.prodlab");
        try (Workspace ws = Workspace.openOrCreate(w)) {
            new ImportService().importPaths(ws, List.of(dir.resolve("data").resolve("traces.otlp.jsonl.gz")), null, null);
        }
        return w;
    }
}
