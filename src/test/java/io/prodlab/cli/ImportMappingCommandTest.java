package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prodlab import --map} and {@code --window}: what the user gives for files whose content does
 * not say everything, and what {@code --json} tells of each file (time range, services, rejected
 * records, the CSV mapping read) — over the whole real-fixture folder too.
 */
class ImportMappingCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A metrics CSV whose columns no name maps: "when" is the time (ms), "what" the metric, "v" the value. */
    private static final String UNNAMED = """
            when,what,v,host
            1764496800123,cpu_usage,0.5,a
            1764496860123,cpu_usage,0.7,b
            1764496920123,cpu_usage,oops,c
            """;

    @TempDir
    Path dir;

    private Path csv(String text) throws Exception {
        return Files.writeString(dir.resolve("metrics.csv"), text);
    }

    private Path ws() {
        return dir.resolve("w.prodlab");
    }

    @Test
    void aCsvWhoseColumnsNoNameMapsIsRefusedSayingHowToMapIt() throws Exception {
        CliRun r = CliRun.of("import", "-w", ws().toString(), csv(UNNAMED).toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("the CSV header (when, what, v, host) has none of the sets of columns"), r.err());
        assertTrue(r.err().contains("--map column=field"), r.err());
        assertFalse(Files.exists(ws()), "nothing landed, so no workspace is left behind");
    }

    @Test
    void mapGivesTheColumnsAndJsonShowsTheMappingAndTheDetectedUnit() throws Exception {
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--json", "--map", "when=time,what=metric",
                "--map", "v=value", csv(UNNAMED).toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode f = JSON.readTree(r.out()).get("files").get(0);
        assertEquals("csv", f.get("format").asText());
        assertEquals(2, f.get("metric_points").asLong());
        assertEquals(1, f.get("rejected").asLong());
        assertTrue(f.get("message").asText().contains("time ← when (ms since 1970)"), f.get("message").asText());
        JsonNode c = f.get("csv");
        assertEquals("metrics", c.get("kind").asText());
        assertEquals("{\"metric\":\"what\",\"value\":\"v\",\"time\":\"when\"}", c.get("columns").toString());
        assertEquals("ms", c.get("time_units").get("time").asText());
        assertTrue(c.get("guesses").get(0).asText().contains("told by the size of its first value"), c.toString());
        assertEquals("what=metric,v=value,when=time:ms", c.get("map").asText());
        assertEquals("2025-11-30T10:00:00.123Z", f.get("time_range").get("start").asText());
        assertEquals("2025-11-30T10:01:00.123Z", f.get("time_range").get("end").asText());
        JsonNode rejected = f.get("rejected_records").get(0);
        assertEquals("line 4", rejected.get("location").asText());
        assertTrue(rejected.get("reason").asText().contains("oops"), rejected.toString());
    }

    @Test
    void aCsvInsideAZipIsMappedAndDescribedLikeOneOfItsOwn() throws Exception {
        Path zip = dir.resolve("export.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("m/metrics.csv"));
            z.write(UNNAMED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--json", "--map", "when=time,what=metric,v=value",
                zip.toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode f = JSON.readTree(r.out()).get("files").get(0);
        assertEquals(zip + "!/m/metrics.csv", f.get("path").asText());
        assertEquals(2, f.get("metric_points").asLong());
        assertEquals("metrics", f.get("csv").get("kind").asText(), f.toString());
        assertEquals("what=metric,v=value,when=time:ms", f.get("csv").get("map").asText());
    }

    @Test
    void aUnitGivenWithTheFieldOverridesTheOneToldBySize() throws Exception {
        // Seconds that a guess by size would also call seconds, read as minutes' worth of milliseconds instead.
        Path f = csv("""
                when,what,v
                1764496800,cpu,1
                """);
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--json", "--map", "when=time:ms,what=metric,v=value",
                f.toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode file = JSON.readTree(r.out()).get("files").get(0);
        assertEquals("1970-01-21T10:08:16.800Z", file.get("time_range").get("start").asText());
        assertTrue(file.get("message").asText().contains("time ← when (ms since 1970, as given)"),
                file.get("message").asText());
        assertEquals(0, file.get("csv").get("guesses").size(), "a unit given is no guess");
    }

    @Test
    void anUnknownFieldIsBadUsageNamingTheFieldsThereAre() throws Exception {
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--map", "when=tme", csv(UNNAMED).toString());
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("'tme' (for column when) is not a field; the fields are trace_id, span_id"), r.err());
        assertFalse(Files.exists(ws()));
    }

    @Test
    void anUnknownUnitOrAPairWithoutEqualsIsBadUsage() throws Exception {
        CliRun unit = CliRun.of("import", "-w", ws().toString(), "--map", "when=time:days", csv(UNNAMED).toString());
        assertEquals(ExitCode.USAGE, unit.exit());
        assertTrue(unit.err().contains("'days' (for column when) is not a time unit"), unit.err());
        CliRun pair = CliRun.of("import", "-w", ws().toString(), "--map", "when", csv(UNNAMED).toString());
        assertEquals(ExitCode.USAGE, pair.exit());
        assertTrue(pair.err().contains("'when' is not column=field"), pair.err());
        CliRun twice = CliRun.of("import", "-w", ws().toString(), "--map", "when=time,v=time", csv(UNNAMED).toString());
        assertEquals(ExitCode.USAGE, twice.exit());
        assertTrue(twice.err().contains("field time is given two columns (when and v)"), twice.err());
    }

    @Test
    void aColumnTheHeaderLacksIsBadInputNamingTheFileAndTheHeader() throws Exception {
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--map", "stamp=time", csv(UNNAMED).toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("metrics.csv: line 1: the mapping names the column \"stamp\", which the header "
                + "(when, what, v, host) does not have"), r.err());
    }

    @Test
    void windowImportsFaultDefinitionsWithoutTimeOverTheWindowGiven() throws Exception {
        Path manifest = RealFixtures.path("chaos-mesh/chaos-mesh_pod-kill-example.yaml");
        CliRun refused = CliRun.of("import", "-w", ws().toString(), "--json", manifest.toString());
        assertEquals(ExitCode.BAD_INPUT, refused.exit());
        JsonNode without = JSON.readTree(refused.out()).get("files").get(0);
        assertEquals("chaos-mesh", without.get("recognised_format").asText());
        assertEquals("[\"PodChaos \\\"pod-kill-example\\\"\"]", without.get("untimed_faults").toString());
        assertTrue(without.get("message").asText().contains("--window FROM/TO"), without.toString());

        CliRun r = CliRun.of("import", "-w", ws().toString(), "--json", "--window",
                "2026-11-01T12:00:00Z/2026-11-01T12:05:00Z", manifest.toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode f = JSON.readTree(r.out()).get("files").get(0);
        assertEquals(1, f.get("annotations").asLong());
        assertEquals("2026-11-01T12:00:00Z", f.get("time_range").get("start").asText());
        assertEquals("2026-11-01T12:05:00Z", f.get("time_range").get("end").asText());
        CliRun q = CliRun.of("query", "-w", ws().toString(), "--format", "csv",
                "select kind, name, attributes->>'window' from annotations");
        assertEquals("kind,name,(attributes ->> 'window')\nfault,pod-kill-example,confirmed\n",
                q.out().replace("\r", ""), q.err());
    }

    @Test
    void aWindowThatIsNoWindowIsBadUsage() throws Exception {
        Path manifest = RealFixtures.path("chaos-mesh/chaos-mesh_pod-kill-example.yaml");
        for (String w : List.of("2026-11-01T12:00:00Z", "yesterday/today",
                "2026-11-01T12:05:00Z/2026-11-01T12:00:00Z")) {
            CliRun r = CliRun.of("import", "-w", ws().toString(), "--window", w, manifest.toString());
            assertEquals(ExitCode.USAGE, r.exit(), w + ": " + r.err());
            assertTrue(r.err().contains("--window " + w), r.err());
        }
    }

    @Test
    void helpListsEveryFormatTheReadersTake() throws Exception {
        CliRun r = CliRun.of("import", "--help");
        for (String format : List.of("otlp-json", "otlp-protobuf", "jaeger-json", "zipkin-v2-json", "zipkin-v1-json",
                "prometheus-text", "openmetrics-text", "prometheus-protobuf", "prometheus-api-json",
                "chaostoolkit-journal", "chaos-mesh", "exposures-json", "go-feature-flag-csv", "csv", "--map",
                "--window")) {
            assertTrue(r.out().contains(format), format + " missing from\n" + r.out());
        }
    }

    @Test
    void jsonOverTheWholeFixtureFolderSaysPerFileFormatCountsTimeRangeAndServices() throws Exception {
        CliRun r = CliRun.of("import", "-w", ws().toString(), "--json", RealFixtures.root().toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), "some fixtures are refused on purpose: " + r.err());
        JsonNode files = JSON.readTree(r.out()).get("files");
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode f : files) {
            for (String field : List.of("path", "format", "status", "spans", "events", "links", "logs", "metric_points",
                    "annotations", "exposures", "duplicates", "rejected", "message", "import_id", "time_range",
                    "services", "rejected_records")) {
                assertTrue(f.has(field), "missing " + field + " in " + f);
            }
            byName.put(Path.of(f.get("path").asText()).getFileName().toString(), f);
            if (f.get("status").asText().equals("imported")) {
                assertTrue(f.get("import_id").asLong() > 0, f.toString());
                assertEquals(Math.min(f.get("rejected").asLong(), 20), f.get("rejected_records").size(), f.toString());
            }
        }
        assertEquals(Files.walk(RealFixtures.root()).filter(Files::isRegularFile).count(), files.size());
        JsonNode traces = byName.get("otlp2parquet_traces.jsonl");
        assertEquals("otlp-json", traces.get("format").asText());
        assertEquals(19, traces.get("spans").asLong());
        assertEquals(8, traces.get("services").size(), traces.get("services").toString());
        assertTrue(traces.get("time_range").get("start").asText().startsWith("2025-10-17T21:54:24"), traces.toString());
        JsonNode twin = byName.get("otlp2parquet_traces.pb");
        assertEquals(19, twin.get("duplicates").asLong(), "the protobuf twin's spans were there already");
        assertTrue(twin.get("time_range").isNull(), "a file that stored nothing covers no time");
        JsonNode journal = byName.get("chaostoolkit-ansible_journal.journal.json");
        assertEquals(6, journal.get("annotations").asLong());
        assertTrue(journal.get("time_range").get("start").asText().startsWith("2021-02-21T20:46:02"));
        JsonNode manifest = byName.get("chaos-mesh_workflow_serial.yaml");
        assertEquals("refused", manifest.get("status").asText());
        assertEquals("chaos-mesh", manifest.get("recognised_format").asText());
        JsonNode untimedMetrics = byName.get("prometheus-common_expfmt_testdata_text.txt");
        assertTrue(untimedMetrics.get("time_range").isNull(), "points without a timestamp have no time");
        assertEquals(74, untimedMetrics.get("metric_points").asLong());
    }
}
