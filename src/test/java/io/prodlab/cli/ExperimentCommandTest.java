package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.experiment.Lessons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentCommandTest {
    private static void rewrite(Path from, Path to, String entry, java.util.function.UnaryOperator<String> change)
            throws Exception {
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(from));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] body = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    body = change.apply(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(body);
                out.closeEntry();
            }
        }
    }

    @TempDir
    static Path dir;
    static Path lesson;

    @BeforeAll
    static void writeTheCleanLesson() throws Exception {
        lesson = Lessons.write(Lessons.all().get(0), dir);
    }

    private Path imported(Path d) {
        Path ws = d.resolve("w.prodlab");
        CliRun r = CliRun.of("import", "-w", ws.toString(), lesson.resolve("traces.otlp.jsonl.gz").toString());
        assertEquals(0, r.exit(), r.err());
        return ws;
    }

    @Test
    void checkNamesEveryProblemAndExitsThree(@TempDir Path d) throws Exception {
        Path plan = d.resolve("plan.yaml");
        Files.writeString(plan, "name: x\nunit: user\n");
        CliRun r = CliRun.of("experiment", "check", plan.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("line 2, unit: expected span"), r.err());
        assertTrue(r.err().contains("cohorts: is missing"), r.err());
        CliRun ok = CliRun.of("experiment", "check", lesson.resolve("plan.yaml").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("a valid feature_flag plan \"clean-ab\""), ok.out());
    }

    @Test
    void aResultIsShownOnlyForARegisteredPlan(@TempDir Path d) {
        Path ws = imported(d);
        CliRun r = CliRun.of("experiment", "run", "-w", ws.toString(), lesson.resolve("plan.yaml").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("is not registered"), r.err());
        assertFalse(r.out().contains("Verdict"), r.out());
    }

    @Test
    void runPrintsTheJsonContractAndRecordsLooksAndDeviations(@TempDir Path d) throws Exception {
        Path ws = imported(d);
        Path plan = d.resolve("plan.yaml");
        Files.copy(lesson.resolve("plan.yaml"), plan);
        CliRun reg = CliRun.of("experiment", "register", "-w", ws.toString(), plan.toString());
        assertEquals(0, reg.exit(), reg.err());
        CliRun again = CliRun.of("experiment", "register", "-w", ws.toString(), plan.toString());
        assertEquals(3, again.exit(), again.err());
        assertTrue(again.err().contains("was registered on"), again.err());

        CliRun run = CliRun.of("experiment", "run", "-w", ws.toString(), plan.toString(), "--json",
                "--resamples", "200");
        assertEquals(0, run.exit(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        for (String f : List.of("verdict", "primary", "guardrails", "checks", "deviations", "plan_sha256")) {
            assertTrue(j.has(f), "field " + f + " in " + run.out());
        }
        assertEquals("supported", j.get("verdict").asText());
        Set<String> ids = new TreeSet<>();
        j.get("checks").forEach(c -> {
            ids.add(c.get("id").asText());
            for (String f : List.of("id", "status", "evidence", "message")) {
                assertTrue(c.has(f), f);
            }
        });
        assertEquals(new TreeSet<>(List.of("srm", "assignment", "covariate_balance", "simpsons", "time_overlap",
                "sampling_parity", "instrumentation_parity", "contamination", "unit_mismatch", "novelty", "peeking",
                "multiple_comparisons", "low_power")), ids);
        assertEquals(0, j.get("deviations").size());
        assertEquals(0, j.at("/checks/10/evidence/recorded_looks_before").asInt(), j.get("checks").get(10).toString());

        // An edit after registration is a deviation, recorded and listed; the second run is a second look.
        Files.writeString(plan, Files.readString(plan).replace("minimum_effect: 5%", "minimum_effect: 3%"));
        Path html = d.resolve("report.html");
        CliRun edited = CliRun.of("experiment", "run", "-w", ws.toString(), plan.toString(), "--json",
                "--resamples", "200", "--report", html.toString());
        assertEquals(0, edited.exit(), edited.err());
        JsonNode e = new ObjectMapper().readTree(edited.out());
        assertEquals(1, e.get("deviations").size(), edited.out());
        assertTrue(e.get("deviations").get(0).asText().startsWith("primary.minimum_effect: registered \"5%\", "
                + "changed to \"3%\""), e.get("deviations").toString());
        assertEquals(1, e.at("/checks/10/evidence/recorded_looks_before").asInt());
        assertEquals("warn", e.at("/checks/10/status").asText());
        String page = Files.readString(html);
        assertTrue(page.contains("Verdict: <b>supported</b>"), "the report shows the verdict");
        assertTrue(page.contains("data:image/png;base64,"), "the chart is embedded");
        assertTrue(page.contains("primary.minimum_effect"), "the report lists the deviation");
        assertFalse(page.contains("http://") || page.contains("https://"), "the page needs no network");

        Path zip = d.resolve("bundle.zip");
        CliRun bundled = CliRun.of("experiment", "run", "-w", ws.toString(), plan.toString(), "--json",
                "--resamples", "200", "--bundle", zip.toString());
        assertEquals(0, bundled.exit(), bundled.err());
        CliRun rerun = CliRun.of("experiment", "rerun", zip.toString(), "--json");
        assertEquals(0, rerun.exit(), rerun.err());
        assertTrue(rerun.err().contains("identical to the bundle's"), rerun.err());
        assertEquals(new ObjectMapper().readTree(bundled.out()).get("primary"),
                new ObjectMapper().readTree(rerun.out()).get("primary"));

        // A bundle whose registered plan was edited, or whose figures were, is caught.
        Path tampered = d.resolve("tampered.zip");
        rewrite(zip, tampered, "registered-plan.yaml", t -> t.replace("minimum_effect: 5%", "minimum_effect: 1%"));
        CliRun refused = CliRun.of("experiment", "rerun", tampered.toString());
        assertEquals(3, refused.exit(), refused.err());
        assertTrue(refused.err().contains("the bundle was changed"), refused.err());
        Path figures = d.resolve("figures.zip");
        rewrite(zip, figures, "result.json", t -> t.replace("\"verdict\" : \"supported\"",
                "\"verdict\" : \"invalid\""));
        CliRun differs = CliRun.of("experiment", "rerun", figures.toString());
        assertEquals(1, differs.exit(), differs.err());
        assertTrue(differs.err().contains("/verdict: \"invalid\" in the bundle, \"supported\" now"), differs.err());

        CliRun md = CliRun.of("experiment", "run", "-w", ws.toString(), plan.toString(), "--resamples", "200",
                "--report", d.resolve("report.md").toString());
        assertEquals(0, md.exit(), md.err());
        assertTrue(md.out().startsWith("Verdict: supported."), md.out());
        assertTrue(Files.readString(d.resolve("report.md")).contains("| srm | pass |"));
    }

    @Test
    void aPlanWithAnExposureLogBundlesItAndRerunsToTheSameFigures(@TempDir Path d) throws Exception {
        Lessons.Lesson lost = Lessons.all().stream().filter(l -> l.name().equals("exposure-lost-telemetry"))
                .findFirst().orElseThrow();
        Path folder = Lessons.write(lost, d);
        Path ws = d.resolve("lost.prodlab");
        List<String> args = new java.util.ArrayList<>(List.of("import", "-w", ws.toString()));
        lost.dataFiles(folder).forEach(f -> args.add(f.toString()));
        CliRun imp = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, imp.exit(), imp.err());
        Path plan = folder.resolve("plan.yaml");
        assertEquals(0, CliRun.of("experiment", "register", "-w", ws.toString(), plan.toString()).exit());
        Path zip = d.resolve("lost.zip");
        CliRun run = CliRun.of("experiment", "run", "-w", ws.toString(), plan.toString(), "--json", "--resamples", "200",
                "--bundle", zip.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("invalid", json.get("verdict").asText());
        JsonNode srm = json.get("checks").get(0);
        assertEquals("srm", srm.get("id").asText());
        assertEquals("units in the exposure log of search-v2", srm.get("evidence").get("stages").get(0).get("stage")
                .asText());
        CliRun rerun = CliRun.of("experiment", "rerun", zip.toString(), "--json");
        assertEquals(0, rerun.exit(), rerun.err());
        assertEquals(json.get("checks"), new ObjectMapper().readTree(rerun.out()).get("checks"));

        // Without its exposure log the bundle cannot give the same figures: it is refused, not re-run wrong.
        Path stripped = d.resolve("stripped.zip");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(stripped))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] body = in.readAllBytes();
                if (!e.getName().equals("exposures.parquet")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    out.write(body);
                    out.closeEntry();
                }
            }
        }
        CliRun refused = CliRun.of("experiment", "rerun", stripped.toString());
        assertEquals(3, refused.exit(), refused.err());
        assertTrue(refused.err().contains("has no exposures.parquet"), refused.err());
    }
}
