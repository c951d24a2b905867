package io.prodlab.ingest;

import io.prodlab.testing.RealFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import's first step: what each file is before anything is written, and what the user must confirm. */
class ImportRecognitionTest {
    @TempDir
    Path dir;

    @Test
    void chaosMeshManifestsNameTheirDefinitionsWithoutTime() {
        List<ExportProbe.Recognition> r = ExportProbe.recognise(List.of(RealFixtures.path("chaos-mesh")), ImportHints.NONE);
        assertEquals(5, r.size());
        for (ExportProbe.Recognition x : r) {
            assertEquals("chaos-mesh", x.format(), x.toString());
            assertEquals(1, x.untimedFaults().size(), x.toString());
            assertTrue(x.needsConfirmation());
            assertEquals("", x.problem());
        }
        assertEquals(List.of("NetworkChaos \"network-delay-example\""), r.get(0).untimedFaults());
    }

    @Test
    void aChaosMeshObjectWithItsStatusNeedsNoWindow() throws Exception {
        Path f = Files.writeString(dir.resolve("ran.yaml"), """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: PodChaos
                metadata:
                  name: ran
                  creationTimestamp: "2026-11-01T12:00:00Z"
                spec:
                  action: pod-kill
                  duration: 30s
                """);
        ExportProbe.Recognition r = ExportProbe.recognise(f, ImportHints.ForFile.NONE);
        assertEquals("chaos-mesh", r.format());
        assertEquals(List.of(), r.untimedFaults());
        assertFalse(r.needsConfirmation());
    }

    @Test
    void otherFormatsAreNamedAndNeedNothing() {
        for (String f : List.of("jaeger-json/jaeger_uimodel_ui_01.json", "prometheus-text/prometheus-common_expfmt_testdata_text.gz",
                "feature-flags/go-feature-flag_fileexporter_all_default.csv")) {
            ExportProbe.Recognition r = ExportProbe.recognise(RealFixtures.path(f), ImportHints.ForFile.NONE);
            assertFalse(r.needsConfirmation(), r.toString());
            assertNull(r.csv(), "go-feature-flag's CSV has its own reader: " + r);
            assertFalse(r.format().equals("unknown"), r.toString());
        }
    }

    @Test
    void aCsvIsShownWithItsMappingAndAskedForWhenItIsNotCertain() throws Exception {
        Path f = Files.writeString(dir.resolve("m.csv"), "when,what,v\n1764496800123,cpu,1\n");
        ExportProbe.Recognition unknown = ExportProbe.recognise(f, ImportHints.ForFile.NONE);
        assertEquals("csv", unknown.format());
        assertNull(unknown.csv().kind());
        assertTrue(unknown.needsConfirmation());
        ExportProbe.Recognition given = ExportProbe.recognise(f, new ImportHints.ForFile(
                CsvMapping.parse("when=time:ms,what=metric,v=value"), null));
        assertEquals("metrics", given.csv().kind());
        assertFalse(given.needsConfirmation(), given.toString());
        ExportProbe.Recognition badColumn = ExportProbe.recognise(f, new ImportHints.ForFile(Map.of("x", "time"), null));
        assertTrue(badColumn.problem().contains("the mapping names the column \"x\""), badColumn.toString());
        assertFalse(badColumn.needsConfirmation(), "a file that will be refused asks nothing");
    }

    @Test
    void missingFilesAndNonExportsCarryTheirProblem() throws Exception {
        ExportProbe.Recognition missing = ExportProbe.recognise(dir.resolve("gone.json"), ImportHints.ForFile.NONE);
        assertTrue(missing.problem().endsWith("no such file."), missing.problem());
        Path notes = Files.writeString(dir.resolve("notes.txt"), "just notes\n");
        ExportProbe.Recognition r = ExportProbe.recognise(notes, ImportHints.ForFile.NONE);
        assertEquals("unknown", r.format());
        assertTrue(r.problem().contains("not an export Prodlab reads"), r.problem());
    }
}
