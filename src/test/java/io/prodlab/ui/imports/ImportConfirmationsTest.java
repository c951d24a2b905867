package io.prodlab.ui.imports;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.testing.RealFixtures;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Import view model's confirmations, with the real importer: files whose content does not say
 * everything wait for the user's word while the others land; what the user picks is what they are
 * read with.
 */
class ImportConfirmationsTest {
    private static final String TRACES = "otlp-json-traces/otlp2parquet_traces.jsonl";
    private static final String MANIFEST = "chaos-mesh/chaos-mesh_pod-kill-example.yaml";

    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final ImportService service = new ImportService();

    @AfterEach
    void closeWorkspace() {
        session.close().executeWith(runner);
    }

    private ImportViewModel openViewModel() {
        session.open(dir.resolve("w.prodlab"), true).executeWith(runner);
        assertTrue(session.isOpen());
        return new ImportViewModel(session, runner, service::importPaths, status, messages, System::nanoTime);
    }

    private Path unnamedCsv() throws Exception {
        return Files.writeString(dir.resolve("metrics.csv"), """
                when,what,v
                1764496800123,cpu_usage,0.5
                1764496860123,cpu_usage,0.7
                """);
    }

    private static ImportConfirmation.ColumnChoice column(ImportConfirmation c, String name) {
        return c.columns().stream().filter(x -> x.column().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCsvNoNameMapsWaitsWhileTheOtherFilesLandThenImportsWithTheFieldsPicked() throws Exception {
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(RealFixtures.path(TRACES), unnamedCsv()));

        vm.start();

        assertFalse(vm.isRunning());
        assertEquals(1, vm.summary().size(), "the traces landed; the CSV waits");
        assertEquals(19, vm.summary().get(0).spans());
        assertEquals(8, vm.summary().get(0).services().size(), vm.summary().get(0).toString());
        assertTrue(vm.summary().get(0).timeRangeText().startsWith("2025-10-17 21:54:24"),
                vm.summary().get(0).timeRangeText());
        assertEquals(1, vm.confirmations().size());
        ImportConfirmation c = vm.confirmations().get(0);
        assertTrue(c.asksMapping());
        assertFalse(c.asksWindow());
        assertEquals("1764496800123", column(c, "when").sample());
        assertFalse(c.isValid(), "no field picked yet: " + c.problemProperty().get());
        assertTrue(vm.resultTextProperty().get().contains(messages.format("import.confirm.asked", 1)));

        vm.confirm();
        assertEquals(1, vm.summary().size(), "an invalid mapping imports nothing");

        column(c, "when").fieldProperty().set("time");
        column(c, "what").fieldProperty().set("metric");
        column(c, "v").fieldProperty().set("value");
        assertEquals("", c.problemProperty().get());
        assertEquals(messages.format("import.confirm.mapping.kind", messages.get("import.kind.metrics")),
                c.mappingTextProperty().get());
        column(c, "when").unitProperty().set("ms");

        vm.confirm();

        assertTrue(vm.confirmations().isEmpty());
        assertEquals(2, vm.summary().size(), "the traces' row stays above the CSV's");
        ImportSummaryRow csv = vm.summary().get(1);
        assertEquals("csv", csv.format());
        assertEquals(2, csv.metricPoints());
        assertEquals("imported", csv.shownStatus());
        assertEquals("2025-11-30 10:00:00 \u2013 10:01:00", csv.timeRangeText());
        assertTrue(csv.message().contains("time \u2190 when (ms since 1970, as given)"), csv.message());
        assertTrue(runner.unexpected().isEmpty(), runner.unexpected()::toString);
    }

    @Test
    void aFaultDefinitionWithoutTimeIsAskedForAWindowThatDefaultsToTheSpansJustImported() throws Exception {
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(RealFixtures.path(MANIFEST), RealFixtures.path(TRACES)));

        vm.start();

        assertEquals(1, vm.confirmations().size());
        ImportConfirmation c = vm.confirmations().get(0);
        assertTrue(c.asksWindow());
        assertTrue(c.question().contains("PodChaos \"pod-kill-example\""), c.question());
        TimeExtentQuery.Extent spans = new TimeExtentQuery(session.workspace()).spans().orElseThrow();
        assertEquals(TimeRangeModel.text(spans.firstStartNs()), c.windowStartProperty().get(),
                "the default is the range of the traces imported in the same run");
        assertEquals(TimeRangeModel.text(spans.lastEndNs()), c.windowEndProperty().get());

        c.windowStartProperty().set("2026-11-01 12:00:00");
        c.windowEndProperty().set("");
        assertTrue(c.isValid(), c.problemProperty().get());
        vm.confirm();

        ImportSummaryRow fault = vm.summary().get(1);
        assertEquals("chaos-mesh", fault.format());
        assertEquals(1, fault.annotations());
        ImportExtentQuery.Extent e = new ImportExtentQuery(session.workspace()).of(fault.importId().getAsLong(), 5);
        assertEquals(1_793_534_400_000_000_000L, e.firstNs(), "2026-11-01T12:00:00Z, an open window");
    }

    @Test
    void aWindowThatIsNoTimeOrEndsBeforeItStartsSaysSoAndImportsNothing() {
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(RealFixtures.path(MANIFEST)));
        vm.start();
        ImportConfirmation c = vm.confirmations().get(0);
        assertEquals("", c.windowStartProperty().get(), "an empty workspace gives no default");
        assertFalse(c.isValid());

        c.windowStartProperty().set("yesterday");
        assertEquals(messages.format("import.confirm.error.time", messages.get("import.confirm.window.start"),
                "yesterday"), c.problemProperty().get());
        c.windowStartProperty().set("2026-11-01T12:05:00Z");
        c.windowEndProperty().set("noon");
        assertEquals(messages.format("import.confirm.error.time", messages.get("import.confirm.window.end"),
                "noon"), c.problemProperty().get());
        c.windowEndProperty().set("2026-11-01 12:00:00");
        assertEquals(messages.get("import.confirm.error.order"), c.problemProperty().get());

        vm.confirm();
        assertEquals(1, vm.confirmations().size(), "still waiting");
        assertTrue(vm.summary().isEmpty());

        vm.skipConfirmations();
        assertTrue(vm.confirmations().isEmpty());
        assertEquals(messages.format("import.confirm.skipped", 1), vm.resultTextProperty().get());
        assertTrue(vm.summary().isEmpty(), "nothing was imported");
    }

    @Test
    void aFieldPickedForTwoColumnsIsAProblem() throws Exception {
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(unnamedCsv()));
        vm.start();
        ImportConfirmation c = vm.confirmations().get(0);
        column(c, "when").fieldProperty().set("time");
        column(c, "what").fieldProperty().set("metric");
        column(c, "v").fieldProperty().set("time");
        assertTrue(c.problemProperty().get().contains(messages.format("import.confirm.error.twice", "time")),
                c.problemProperty().get());
        assertNull(c.hints().faultWindow());
    }

    @Test
    void filesThatNeedNothingImportAsBeforeAndTheWorkspaceListShowsTheirExtent() {
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(RealFixtures.path(TRACES)));
        vm.start();
        assertTrue(vm.confirmations().isEmpty());
        assertEquals(1, vm.summary().size());

        // Reopening lists what the workspace holds, with the time range and services of each file.
        Path ws = session.path();
        session.close().executeWith(runner);
        session.open(ws, true).executeWith(runner);
        assertEquals(1, vm.summary().size());
        assertEquals(8, vm.summary().get(0).services().size());
        assertFalse(vm.summary().get(0).timeRangeText().isEmpty());
    }
}
