package io.prodlab.ingest;

import io.prodlab.model.Annotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chaos Toolkit journals and Chaos Mesh objects into annotations; definitions without times refused. */
class FaultWindowReadersTest {
    @TempDir
    Path dir;

    private static long ns(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String row(Annotation a) {
        return a.kind() + " | " + a.name() + " | " + a.startNs() + " | " + a.endNs() + " | " + a.target();
    }

    @Test
    void aChaosToolkitJournalGivesTheRunEachActivityAndEachSteadyStateProbe() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("chaostoolkit/chaostoolkit-ansible_journal.journal.json"));
        assertEquals(ChaosToolkitJournalReader.FORMAT, r.format());
        assertEquals("Chaos Toolkit journal of \"Test only\" (completed), 2 method activities, 2 steady-state probes, "
                + "1 rollback as 6 annotations", r.summary());
        assertEquals(List.of(
                "experiment_run | Test only | " + ns("2021-02-21T20:46:02.796097Z") + " | " + ns("2021-02-21T20:46:10.958346Z") + " | ",
                "steady_state_probe | test-gather-fact | " + ns("2021-02-21T20:46:02.796805Z") + " | "
                        + ns("2021-02-21T20:46:05.300710Z") + " | python: chaosansible.probes.chaosansible_probe",
                "steady_state_probe | test-gather-fact | " + ns("2021-02-21T20:46:07.659707Z") + " | "
                        + ns("2021-02-21T20:46:09.949470Z") + " | python: chaosansible.probes.chaosansible_probe",
                "fault | test-create-file | " + ns("2021-02-21T20:46:05.302917Z") + " | " + ns("2021-02-21T20:46:06.650781Z")
                        + " | python: chaosansible.actions.chaosansible_run",
                "probe | read-tls-cert-expiry-date | " + ns("2021-02-21T20:46:06.651041Z") + " | "
                        + ns("2021-02-21T20:46:07.657242Z") + " | process: sleep 1",
                "rollback | swap-to-vald-cert | " + ns("2021-02-21T20:46:09.951688Z") + " | "
                        + ns("2021-02-21T20:46:10.957428Z") + " | process: sleep 1"),
                r.annotations().stream().map(FaultWindowReadersTest::row).toList());
        assertTrue(r.annotations().get(0).attributesJson().contains("\"deviated\":false,\"steady_state_met_before\":true,"
                + "\"steady_state_met_after\":true"), r.annotations().get(0).attributesJson());
        assertTrue(r.annotations().get(1).attributesJson().contains("\"phase\":\"before\",\"tolerance_met\":true"));
        // The 48 kB ansible facts the probe printed are not copied, only their size.
        assertTrue(r.annotations().get(1).attributesJson().contains("\"output_chars\":48646"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chaostoolkit_check-file-exists-deviated.experiment.json",
            "community-playground_rollout-v4-service2.experiment.json"})
    void anExperimentDefinitionIsRefusedSayingAJournalIsNeeded(String name) throws Exception {
        Path f = fixture("chaostoolkit/" + name);
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 1, column 1: not an export Prodlab reads: found a Chaos Toolkit "
                + "experiment definition (\"title\", \"method\", ...), which carries no times: run it (chaos run "
                + "experiment.json) and import the journal.json the run writes; "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "start": "2021-02-21T20:46:05.302917"    | "start": "yesterday"   | /run/0/start "yesterday" is not an ISO-8601 time
            "start": "2021-02-21T20:46:05.302917"    | "start": 5             | /run/0/start must be an ISO-8601 time, found 5
            "activity": {"type": "action"            | "activity2": {"type": "action" | the run has no "activity" object
            """)
    void aBrokenActivityIsRejectedWithItsPlaceAndTheRestKept(String replace, String with, String reason) throws Exception {
        String journal = """
                {"chaoslib-version": "1.19.0", "experiment": {"title": "t"}, "status": "completed",
                 "start": "2021-02-21T20:46:02.796097", "end": "2021-02-21T20:46:10.958346",
                 "run": [{"activity": {"type": "action", "name": "a", "provider": {"type": "process", "path": "rm"}},
                          "status": "succeeded", "start": "2021-02-21T20:46:05.302917", "end": "2021-02-21T20:46:06.650781"}]}
                """;
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "j.json", journal.replace(replace, with));
        assertEquals(1, r.annotations().size(), "the run itself is kept");
        assertEquals("/run/0", r.rejected().get(0).location());
        assertEquals(reason, r.rejected().get(0).reason());
    }

    @Test
    void aJournalWithoutItsRunTimesIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("j.json"), "{\"chaoslib-version\": \"1\", \"experiment\": {}, \"run\": []}");
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertEquals(f + ": /start is missing; a journal's run needs its start and end. Nothing was imported.",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            chaos-mesh_network-delay-example.yaml                        | the Chaos Mesh object NetworkChaos "network-delay-example"
            chaos-mesh_network-partition-with-external-targets-example.yaml | the Chaos Mesh object NetworkChaos "network-partition-example"
            chaos-mesh_pod-kill-example.yaml                             | the Chaos Mesh object PodChaos "pod-kill-example"
            chaos-mesh_workflow_serial.yaml                              | the Chaos Mesh object Workflow "try-workflow-serial"
            chaos-mesh_workflow_status-check.yaml                        | the Chaos Mesh object Workflow "try-workflow-status-check"
            """)
    void everyRealChaosMeshManifestIsADefinitionWithoutTimeAndIsRefusedSayingSo(String name, String what)
            throws Exception {
        Path f = fixture("chaos-mesh/" + name);
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertEquals(f + ": " + what + " " + ChaosMeshReader.NO_TIME + ". Nothing was imported.", e.getMessage());
    }

    private static final String DELAY = """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: NetworkChaos
            metadata:
              name: delay
              namespace: shop
              creationTimestamp: "2026-11-30T10:00:00Z"
            spec:
              action: delay
              mode: one
              selector:
                namespaces: [shop]
                labelSelectors:
                  app: cart
              duration: "90s"
            """;

    @Test
    void recordedApplyAndRecoverEventsGiveOneWindowPerTarget() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "c.yaml", "# exported\n" + DELAY + """
                status:
                  experiment:
                    containerRecords:
                      - id: shop/cart-7d9
                        events:
                          - {operation: Apply, type: Succeeded, timestamp: "2026-11-30T10:00:01Z"}
                          - {operation: Recover, type: Succeeded, timestamp: "2026-11-30T10:01:31Z"}
                      - id: shop/cart-8e1
                        events:
                          - {operation: Apply, type: Failed, timestamp: "2026-11-30T10:00:01Z"}
                          - {operation: Apply, type: Succeeded, timestamp: "2026-11-30T10:00:02Z"}
                """);
        assertEquals(ChaosMeshReader.FORMAT, r.format());
        assertEquals(List.of("fault | delay | " + ns("2026-11-30T10:00:01Z") + " | " + ns("2026-11-30T10:01:31Z") + " | shop/cart-7d9",
                "fault | delay | " + ns("2026-11-30T10:00:02Z") + " | null | shop/cart-8e1"),
                r.annotations().stream().map(FaultWindowReadersTest::row).toList());
        assertTrue(r.annotations().get(0).attributesJson().startsWith("{\"chaos_kind\":\"NetworkChaos\",\"namespace\":\"shop\","
                + "\"action\":\"delay\",\"mode\":\"one\",\"duration\":\"90s\""), r.annotations().get(0).attributesJson());
        assertTrue(r.annotations().get(0).attributesJson().endsWith(",\"window\":\"recorded\"}"));
    }

    @Test
    void withoutARecordTheCreationTimeAndDurationGiveThePlannedWindowMarkedSo() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "c.yaml", DELAY + "---\n" + DELAY.replace("name: delay",
                "name: delay2").replace("  creationTimestamp: \"2026-11-30T10:00:00Z\"\n", ""));
        assertEquals(1, r.annotations().size());
        Annotation a = r.annotations().get(0);
        assertEquals("fault | delay | " + ns("2026-11-30T10:00:00Z") + " | " + ns("2026-11-30T10:01:30Z")
                + " | namespaces shop app=cart", row(a));
        assertTrue(a.attributesJson().endsWith(",\"window\":\"created+duration\"}"), a.attributesJson());
        assertEquals("document 2", r.rejected().get(0).location());
        assertEquals("NetworkChaos \"delay2\" " + ChaosMeshReader.NO_TIME, r.rejected().get(0).reason());
        assertTrue(r.summary().endsWith("2 objects as 1 annotation, 1 without a time rejected"), r.summary());
    }

    @Test
    void aKubectlListOfChaosObjectsAsJsonIsRead() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "l.json", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "Workflow", "metadata": {"name": "wf"},
                   "spec": {"entry": "e", "templates": [{"name": "e", "deadline": "240s"}]},
                   "status": {"startTime": "2026-11-30T10:00:00Z", "endTime": "2026-11-30T10:04:00Z"}}]}
                """);
        assertEquals(List.of("experiment_run | wf | " + ns("2026-11-30T10:00:00Z") + " | " + ns("2026-11-30T10:04:00Z") + " | "),
                r.annotations().stream().map(FaultWindowReadersTest::row).toList());
    }

    @Test
    void brokenYamlIsRefusedWithItsPlace() throws Exception {
        Path f = Files.writeString(dir.resolve("b.yaml"), "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\n"
                + "spec: [a, b\nmetadata: {name: x}\n");
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line "), e.getMessage());
        assertTrue(e.getMessage().contains("the YAML is broken"), e.getMessage());
    }

    @Test
    void goDurationsAreRead() {
        assertEquals(Duration.ofSeconds(5400), ChaosMeshReader.goDuration("1h30m"));
        assertEquals(Duration.ofMillis(90), ChaosMeshReader.goDuration("90ms"));
        assertNull(ChaosMeshReader.goDuration("ten seconds"));
        assertNull(ChaosMeshReader.goDuration(""));
    }

    @Test
    void mutatedRealFaultFilesNeverCrashOrHang() throws Exception {
        List<Path> files = new ArrayList<>(ReadIntoChunks.filesOf("chaostoolkit"));
        files.addAll(ReadIntoChunks.filesOf("chaos-mesh"));
        files.add(Files.writeString(dir.resolve("timed.yaml"), DELAY));
        assertTrue(ReadIntoChunks.fuzz(files, 20261204L, 30, "{}[]\":,-: \n#'", dir, Duration.ofSeconds(90)) > 0);
    }
}
