package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's "done when": {@code prodlab import --json} over the whole real fixture folder (every
 * format at once, one batch) reports every file with its format and counts, refuses only the files
 * that are not exports (each with what it is), and its counts add up to the rows the tables hold.
 * The per-format tests assert each file's counts and field values; this one asserts the batch.
 */
class WholeFixtureFolderImportTest {
    private static final List<String> COUNTS = List.of("spans", "events", "links", "logs", "metric_points",
            "annotations", "exposures", "duplicates", "rejected");
    /** The files that are not exports, and a phrase of the reason each is refused for. */
    private static final Map<String, String> NOT_EXPORTS = Map.of(
            "SOURCES.md", "found text",
            "chaos-mesh_network-delay-example.yaml", "carries no time",
            "chaos-mesh_network-partition-with-external-targets-example.yaml", "carries no time",
            "chaos-mesh_pod-kill-example.yaml", "carries no time",
            "chaos-mesh_workflow_serial.yaml", "carries no time",
            "chaos-mesh_workflow_status-check.yaml", "carries no time",
            "chaostoolkit_check-file-exists-deviated.experiment.json", "Chaos Toolkit experiment definition",
            "community-playground_rollout-v4-service2.experiment.json", "Chaos Toolkit experiment definition",
            "unleash-client-spec_08-variants.json", "Unleash client-specification test",
            "unleash-client-spec_18-utf8-flag-names.json", "Unleash client-specification test");

    @TempDir
    Path dir;

    @Test
    void theWholeFixtureFolderImportsInOneBatchWithEveryFileReported() throws Exception {
        Path root = RealFixtures.path("");
        long onDisk;
        try (Stream<Path> s = Files.walk(root)) {
            onDisk = s.filter(Files::isRegularFile).count();
        }
        Path ws = dir.resolve("all.prodlab");
        CliRun r = CliRun.of("import", "-w", ws.toString(), "--json", root.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), "the files that are not exports are refused: " + r.err());
        JsonNode files = new ObjectMapper().readTree(r.out()).get("files");
        assertEquals(onDisk, files.size(), "one entry per file on disk");

        Map<String, Long> totals = new TreeMap<>();
        Map<String, String> refused = new TreeMap<>();
        TreeSet<String> formats = new TreeSet<>();
        for (JsonNode f : files) {
            String name = Path.of(f.get("path").asText()).getFileName().toString();
            String status = f.get("status").asText();
            for (String c : COUNTS) {
                assertTrue(f.get(c).canConvertToLong() && f.get(c).asLong() >= 0, name + " " + c);
                totals.merge(c, f.get(c).asLong(), Long::sum);
            }
            if (status.equals("refused")) {
                assertTrue(f.get("message").asText().contains(name), name + ": the refusal names the file");
                refused.put(name, f.get("message").asText());
                assertEquals("unknown", f.get("format").asText(), name);
            } else {
                assertEquals("imported", status, name + ": " + f.get("message").asText());
                formats.add(f.get("format").asText());
            }
        }
        assertEquals(new TreeSet<>(NOT_EXPORTS.keySet()), refused.keySet());
        NOT_EXPORTS.forEach((name, reason) -> assertTrue(refused.get(name).contains(reason), refused.get(name)));
        assertEquals(new TreeSet<>(List.of("chaostoolkit-journal", "exposures-json", "go-feature-flag-csv", "jaeger-json",
                "openmetrics-text", "otlp-json", "otlp-protobuf", "prometheus-api-json", "prometheus-protobuf",
                "prometheus-text", "zipkin-v1-json", "zipkin-v2-json")), formats);
        assertTrue(r.err().contains(NOT_EXPORTS.size() + " of " + onDisk + " files refused"), r.err());

        CliRun q = CliRun.of("query", "-w", ws.toString(), "--format", "csv", "select (select count(*) from spans),"
                + " (select count(*) from span_events), (select count(*) from span_links), (select count(*) from logs),"
                + " (select count(*) from metric_points), (select count(*) from annotations),"
                + " (select count(*) from exposures), (select count(*) from rejected),"
                + " (select sum(duplicates) from imports)");
        assertEquals(0, q.exit(), q.err());
        String rows = q.out().replace("\r\n", "\n").split("\n")[1];
        assertEquals(String.join(",", Stream.of("spans", "events", "links", "logs", "metric_points", "annotations",
                "exposures", "rejected", "duplicates").map(c -> String.valueOf(totals.get(c))).toList()), rows,
                "the per-file counts add up to the tables' rows");
        assertTrue(totals.get("spans") > 2000 && totals.get("metric_points") > 1000 && totals.get("logs") > 0
                && totals.get("annotations") > 0 && totals.get("exposures") > 0, totals.toString());
    }
}
