package io.prodlab.compare;

import io.prodlab.demo.DemoGenerator;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attribute-difference ranking over a 1,000,000-span workspace, both cohorts covering every
 * span (ok vs error), by span and by trace. Timing on a shared machine is not a unit test, so it
 * runs on request only:
 * {@code mvn -B -ntp -o surefire:test -Dtest=AttributeDifferencesBenchmarkTest -Dprodlab.bench=true}
 */
@EnabledIfSystemProperty(named = "prodlab.bench", matches = "true")
class AttributeDifferencesBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void rankingOfAMillionSpansStaysInteractive() throws Exception {
        long spans = Long.getLong("prodlab.bench.spans", 1_000_000L);
        new DemoGenerator().generate(dir.resolve("data"), DemoGenerator.Options.defaults().withSpans(spans));
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("a.prodlab"))) {
            new ImportService().importPaths(ws, List.of(dir.resolve("data").resolve("traces.otlp.jsonl.gz")), null, null);
        }
        try (Workspace ws = Workspace.openReadOnly(dir.resolve("a.prodlab"))) {
            AttributeDifferences differences = new AttributeDifferences(ws);
            Cohort ok = new Cohort("ok", "status != error");
            Cohort failed = new Cohort("error", "status = error");
            for (Unit unit : Unit.values()) {
                double[] seconds = new double[5];
                for (int i = 0; i < seconds.length; i++) {
                    long t0 = System.nanoTime();
                    AttributeDifferences.Result r = differences.compare(ok, failed, null, unit);
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                    if (unit == Unit.SPAN) {
                        assertEquals(ws.spanCount(), r.baselineN() + r.candidateN());
                    }
                }
                double[] warm = Arrays.copyOfRange(seconds, 1, seconds.length);
                Arrays.sort(warm);
                double median = (warm[1] + warm[2]) / 2;
                System.out.printf("attribute differences of %d spans by %s: median %.3f s of %d warm runs (all: %s), "
                        + "%d processors%n", ws.spanCount(), unit.code(), median, warm.length, Arrays.toString(seconds),
                        Runtime.getRuntime().availableProcessors());
                assertTrue(median < 3.0, "median " + median + " s");
            }
        }
    }
}
