package io.prodlab.experiment;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.ExposureLogQuery;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks that read the plan's exposure log: the assignment stage of the sample ratio, the
 * reasons and versions of the assignment, and units exposed to several variants.
 */
class ExposureLogChecksTest {
    private static final Lessons.Lesson LESSON = Lessons.all().stream()
            .filter(l -> l.name().equals("exposure-lost-telemetry")).findFirst().orElseThrow();
    /** After every exposure of the lesson (ms): a second exposure never decides a unit's variant. */
    private static final long LATER_MS = 1_800_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void theLogCountsEachUnitOnceByItsFirstExposureWithItsReasonAndVersion() throws Exception {
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, String.join("\n",
                row("u1", "f", "on", "split", 1000, "3"),
                row("u1", "f", "on", "split", 2000, "3"),
                row("u2", "f", "off", "split", 1000, "3"),
                row("u3", "f", "on", "targeting_match", 1500, "4"),
                row("u3", "f", "off", "split", 2500, "4"),
                row("u4", "g", "on", "split", 1000, "1"),
                row("u5", "f", "off", "", 9000, "")) + "\n");
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("w.prodlab"))) {
            new ImportService().importPaths(ws, List.of(log), null, null);
            ExposureLogQuery.ExposureLog all = new ExposureLogQuery(ws).of("f", Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(6, all.rows());
            assertEquals(4, all.units());
            assertEquals(Map.of("on", 2L, "off", 2L), all.unitsByVariant(), "u3 counts for its first variant");
            assertEquals(1, all.multiVariantUnits());
            assertEquals(Map.of("split", 2L, "targeting_match", 1L), all.reasonsByUnit(), "u5 has no reason");
            assertEquals(List.of("3", "4"), all.versions());
            ExposureLogQuery.ExposureLog early = new ExposureLogQuery(ws).of("f", 0, 5_000_000_000_000L);
            assertEquals(3, early.units(), "the window leaves u5 out");
            assertTrue(new ExposureLogQuery(ws).of("nosuch", Long.MIN_VALUE, Long.MAX_VALUE).isEmpty());
        }
    }

    @Test
    void theLessonsSplitIsFairInTheLogSoTheLossIsPlacedAfterTheAssignment() throws Exception {
        ExperimentResult r = run(lessonLog());
        Check srm = check(r, "srm");
        assertEquals(Check.Status.FAIL, srm.status(), srm.message());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) srm.evidence().get("stages");
        assertEquals("units in the exposure log of search-v2", stages.get(0).get("stage"));
        assertTrue((double) stages.get(0).get("p") > 0.01, "the assignment itself is fair: " + stages.get(0));
        assertTrue(srm.message().contains("only at a later stage"), srm.message());
        assertEquals(Check.Status.PASS, check(r, "assignment").status());
        assertEquals("exposure log of search-v2", check(r, "assignment").evidence().get("source"));
        assertEquals(Check.Status.PASS, check(r, "contamination").status());
    }

    @Test
    void targetingAndUnitsServedTwoVariantsInTheLogFailTheAssignmentAndContamination() throws Exception {
        List<String> lines = new ArrayList<>(lessonLog());
        // 5% of the units were targeted rather than split, and 5% were later served the other variant.
        for (int i = 0; i < lines.size(); i += 20) {
            lines.set(i, lines.get(i).replace("\"split\"", "\"targeting_match\""));
        }
        int n = lines.size();
        for (int i = 10; i < n; i += 20) {
            String l = lines.get(i);
            String flipped = l.contains("\"control\"") ? l.replace("\"control\"", "\"treatment\"")
                    : l.replace("\"treatment\"", "\"control\"");
            lines.add(flipped.replaceAll("\"timestamp\":\\d+", "\"timestamp\":" + LATER_MS));
        }
        ExperimentResult r = run(lines);
        Check assignment = check(r, "assignment");
        assertEquals(Check.Status.FAIL, assignment.status(), assignment.message());
        assertTrue(assignment.message().contains("not assigned by a random split")
                && assignment.message().contains("exposure log of search-v2"), assignment.message());
        Check contamination = check(r, "contamination");
        assertEquals(Check.Status.FAIL, contamination.status(), contamination.message());
        assertEquals((long) (n + 9) / 20, contamination.evidence().get("exposure_log_units_in_several_variants"));
        assertEquals("invalid", r.verdict());
    }

    @Test
    void aPlanWhoseFlagHasNoExposuresSaysSoAndChecksTheTracesAlone() throws Exception {
        ExperimentResult r = run(List.of());
        Check srm = check(r, "srm");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) srm.evidence().get("stages");
        assertTrue(String.valueOf(stages.get(0).get("problem")).contains("no exposure of search-v2"), stages.toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("no exposure of the flag search-v2")), r.warnings()
                .toString());
        assertEquals("traces", check(r, "assignment").evidence().get("source"));
    }

    private ExperimentResult run(List<String> exposureLines) throws Exception {
        Path d = Lessons.write(LESSON, dir);
        Path log = dir.resolve("exposures.jsonl");
        Files.writeString(log, exposureLines.isEmpty() ? "" : String.join("\n", exposureLines) + "\n");
        try (Workspace w = Workspace.openOrCreate(dir.resolve("lesson.prodlab"))) {
            List<Path> files = exposureLines.isEmpty() ? List.of(d.resolve(Lessons.TRACES))
                    : List.of(d.resolve(Lessons.TRACES), log);
            new ImportService().importPaths(w, files, null, null);
            ExperimentPlan plan = PlanParser.parse(Files.readString(d.resolve("plan.yaml")), "plan.yaml");
            return new ExperimentRunner(w).run(plan, "sha", List.of(), 0, new ExperimentRunner.Options(200, 42));
        }
    }

    private List<String> lessonLog() throws IOException {
        Path d = Lessons.write(LESSON, dir);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(d.resolve(Lessons.EXPOSURES)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    private static Check check(ExperimentResult r, String id) {
        return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static String row(String unit, String flag, String variant, String reason, long seconds, String version) {
        return "{\"user_id\":\"" + unit + "\",\"flag_key\":\"" + flag + "\",\"variant\":\"" + variant + "\",\"reason\":\""
                + reason + "\",\"timestamp\":" + seconds + ",\"version\":\"" + version + "\"}";
    }
}
