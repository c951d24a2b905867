package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.testing.RealFixtures;
import io.prodlab.ui.common.TimeRangeModel;
import java.nio.file.Files;
import static org.junit.jupiter.api.Assertions.assertNull;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.FakeImporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportViewModelTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void closeWorkspace() {
        session.close().executeWith(runner);
    }

    private ImportViewModel viewModel(Importer importer) {
        return new ImportViewModel(session, runner, importer, status, messages, clock::get);
    }

    private Path openWorkspace(String name) {
        Path ws = dir.resolve(name);
        session.open(ws, true).executeWith(runner);
        assertTrue(session.isOpen(), "workspace should be open");
        return ws;
    }

    private long spansOnDisk() throws WorkspaceException {
        return session.workspace().spanCount();
    }

    @Test
    void addFilesNormalisesAndDropsDuplicates() {
        ImportViewModel vm = viewModel(new FakeImporter("a"));
        vm.addFiles(List.of(dir.resolve("a.json"), dir.resolve("x/../a.json"), dir.resolve("b.json")));
        assertEquals(List.of(dir.resolve("a.json").toAbsolutePath(), dir.resolve("b.json").toAbsolutePath()),
                List.copyOf(vm.pendingFiles()));
    }

    @Test
    void cannotStartWithoutWorkspaceOrWithoutFiles() {
        ImportViewModel vm = viewModel(new FakeImporter("a"));
        vm.addFiles(List.of(dir.resolve("a.json")));
        assertFalse(vm.canStartProperty().get(), "no workspace open");
        openWorkspace("w.prodlab");
        assertTrue(vm.pendingFiles().isEmpty(), "opening a workspace starts with an empty list");
        assertFalse(vm.canStartProperty().get(), "no file chosen");
        vm.addFiles(List.of(dir.resolve("a.json")));
        assertTrue(vm.canStartProperty().get());
    }

    @Test
    void importShowsPerFileSummaryAndTellsTheSessionTheContentChanged() throws Exception {
        ImportViewModel vm = viewModel(new FakeImporter("cart").spansPerFile(7));
        openWorkspace("w.prodlab");
        int revisionBefore = session.revisionProperty().get();
        vm.addFiles(List.of(dir.resolve("a.json"), dir.resolve("b.json")));

        vm.start();

        assertFalse(vm.isRunning());
        assertEquals(2, vm.summary().size());
        ImportSummaryRow first = vm.summary().get(0);
        assertEquals("a.json", first.fileName());
        assertEquals("imported", first.status());
        assertEquals(7, first.spans());
        assertTrue(first.importId().isPresent(), "imported rows point at their imports row");
        assertEquals(14, session.spanCountProperty().get());
        assertEquals(14, spansOnDisk());
        assertTrue(session.revisionProperty().get() > revisionBefore, "services must refresh");
        assertTrue(vm.pendingFiles().isEmpty(), "imported files leave the list");
        assertFalse(vm.resultIsErrorProperty().get());
        assertEquals(messages.format("import.result", 2, 14, 0, 0, 0), vm.resultTextProperty().get());
        assertEquals(vm.resultTextProperty().get(), status.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty(), runner.unexpected()::toString);
    }

    @Test
    void controlsAreDisabledWhileTheImportRuns() {
        boolean[] seen = new boolean[4];
        ImportViewModel[] holder = new ImportViewModel[1];
        ImportViewModel vm = viewModel(new FakeImporter("cart").midFile(() -> {
            seen[0] = holder[0].isRunning();
            seen[1] = holder[0].canStartProperty().get();
            seen[2] = holder[0].canEditFilesProperty().get();
            seen[3] = session.busyProperty().get();
        }));
        holder[0] = vm;
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertTrue(seen[0], "running while importing");
        assertFalse(seen[1], "Import disabled while importing");
        assertFalse(seen[2], "file list locked while importing");
        assertTrue(seen[3], "the import holds the session's busy state");
        assertTrue(vm.canEditFilesProperty().get(), "unlocked afterwards");
        assertFalse(session.busyProperty().get(), "and the session is free again");
    }

    @Test
    void progressShowsSpansPerSecondFromTheClock() {
        double[] rate = new double[1];
        ImportViewModel[] holder = new ImportViewModel[1];
        FakeImporter fake = new FakeImporter("cart").spansPerFile(50)
                .midFile(() -> rate[0] = holder[0].spansPerSecondProperty().get());
        ImportViewModel vm = viewModel((ws, paths, listener, cancelled, hints) -> {
            clock.set(500_000_000L); // half a second passes before the first report
            return fake.importPaths(ws, paths, listener, cancelled);
        });
        holder[0] = vm;
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertEquals(100.0, rate[0], 1e-9, "50 spans in 0.5 s");
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
    }

    @Test
    void cancelRollsTheFileBackAndKeepsItInTheList() throws Exception {
        ImportViewModel[] holder = new ImportViewModel[1];
        ImportViewModel vm = viewModel(new FakeImporter("cart").spansPerFile(5)
                .midFile(() -> holder[0].cancel()));
        holder[0] = vm;
        Path ws = openWorkspace("w.prodlab");
        aWorkspace().service("existing", 3, 0, 1, 2).writeInto(session.workspace());
        session.contentChanged(spansOnDisk());
        long spansBefore = spansOnDisk();
        int importsBefore = session.workspace().importLog().imports().size();
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertFalse(vm.isRunning());
        assertFalse(vm.cancellingProperty().get());
        assertEquals(spansBefore, spansOnDisk(), "nothing of the cancelled file was written");
        assertEquals(importsBefore, session.workspace().importLog().imports().size());
        assertEquals(spansBefore, session.spanCountProperty().get());
        assertEquals(1, vm.pendingFiles().size(), "the cancelled file can be imported again");
        assertEquals("cancelled", vm.summary().get(0).status());
        assertEquals(messages.get("import.result.cancelled.nothing"), vm.resultTextProperty().get());
        assertTrue(ws.toFile().isFile());
    }

    @Test
    void cancelDuringTheSecondFileKeepsTheFirstAndSaysSo() throws Exception {
        ImportViewModel[] holder = new ImportViewModel[1];
        int[] files = new int[1];
        ImportViewModel vm = viewModel(new FakeImporter("cart").spansPerFile(4).midFile(() -> {
            if (++files[0] == 2) {
                holder[0].cancel();
            }
        }));
        holder[0] = vm;
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json"), dir.resolve("b.json"), dir.resolve("c.json")));

        vm.start();

        assertEquals(List.of("imported", "cancelled"), vm.summary().stream().map(ImportSummaryRow::status).toList());
        assertEquals(4, spansOnDisk(), "a.json stays, b.json was rolled back, c.json never started");
        assertEquals(messages.format("import.result.cancelled", 1, 4), vm.resultTextProperty().get());
    }

    @Test
    void workspaceFailureIsReportedInTheStatusBarNotAsUnexpected() {
        ImportViewModel vm = viewModel((ws, paths, listener, cancelled, hints) -> {
            throw new WorkspaceException("Cannot write a.json into workspace w.prodlab: disk full");
        });
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertFalse(vm.isRunning());
        assertTrue(vm.resultIsErrorProperty().get());
        assertTrue(status.errorProperty().get());
        assertEquals("Cannot write a.json into workspace w.prodlab: disk full", status.messageProperty().get());
        assertEquals(status.messageProperty().get(), vm.resultTextProperty().get());
        assertTrue(runner.unexpected().isEmpty());
        assertFalse(session.busyProperty().get(), "the session is no longer busy");
    }

    @Test
    void unexpectedFailureGoesToTheErrorReporterAndUnlocksTheControls() {
        ImportViewModel vm = viewModel((ws, paths, listener, cancelled, hints) -> {
            throw new IllegalStateException("bug");
        });
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertEquals(1, runner.unexpected().size());
        assertFalse(vm.isRunning());
        assertTrue(vm.canStartProperty().get());
        assertEquals(messages.get("import.result.failed"), vm.resultTextProperty().get());
    }

    @Test
    void aFileWithRejectedRecordsIsSelectedAndItsRecordsListed() {
        ImportViewModel vm = viewModel(new FakeImporter("cart")
                .rejecting("line 3", "traceId is not 32 hex digits", "{\"traceId\":\"xyz\"}")
                .rejecting("line 9", "endTimeUnixNano before startTimeUnixNano", "{...}"));
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertEquals(vm.summary().get(0), vm.selectedProperty().get());
        assertEquals(2, vm.rejected().size());
        assertEquals("line 3", vm.rejected().get(0).location());
        assertTrue(vm.rejected().get(0).file().endsWith("a.json"));

        vm.selectedProperty().set(null);
        assertTrue(vm.rejected().isEmpty());
    }

    @Test
    void openingAWorkspaceListsTheFilesItHolds() throws Exception {
        Path ws = dir.resolve("filled.prodlab");
        aWorkspace().fromFile("/exports/a.json").service("cart", 4, 1, 1, 9)
                .rejecting("line 1", "bad", "x").writeTo(ws);
        ImportViewModel vm = viewModel(new FakeImporter("a"));

        session.open(ws, false).executeWith(runner);

        assertEquals(1, vm.summary().size());
        ImportSummaryRow row = vm.summary().get(0);
        assertEquals("a.json", row.fileName());
        assertEquals(8, row.spans());
        assertEquals(1, row.rejected());
        vm.selectedProperty().set(row);
        assertEquals(1, vm.rejected().size());
    }

    @Test
    void refusedAndSkippedFilesAreSummedUpInTheResult() {
        ImportViewModel vm = viewModel((ws, paths, listener, cancelled, hints) -> List.of(
                FileImportResult.notImported(paths.get(0).toString(), "unknown", FileImportResult.Status.REFUSED,
                        "not a trace export"),
                FileImportResult.notImported(paths.get(1).toString(), "otlp-json", FileImportResult.Status.SKIPPED,
                        "already imported")));
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("notes.txt"), dir.resolve("a.json")));

        vm.start();

        assertEquals(List.of("refused", "skipped"), vm.summary().stream().map(ImportSummaryRow::status).toList());
        assertEquals(messages.format("import.result", 0, 0, 1, 1, 0), vm.resultTextProperty().get());
        assertFalse(vm.resultIsErrorProperty().get(), "one file was skipped, not everything refused");
    }

    @Test
    void cancelRaisesTheTokenTheImporterIsGiven() {
        ImportViewModel[] holder = new ImportViewModel[1];
        boolean[] seenByImporter = new boolean[2];
        ImportViewModel vm = viewModel((ws, paths, listener, cancelled, hints) -> {
            seenByImporter[0] = cancelled.getAsBoolean();
            holder[0].cancel();
            seenByImporter[1] = cancelled.getAsBoolean();
            return List.of(FileImportResult.notImported(paths.get(0).toString(), "otlp-json",
                    FileImportResult.Status.CANCELLED, "cancelled"));
        });
        holder[0] = vm;
        openWorkspace("w.prodlab");
        vm.addFiles(List.of(dir.resolve("a.json")));

        vm.start();

        assertFalse(seenByImporter[0], "not cancelled before the user asks");
        assertTrue(seenByImporter[1], "Cancel reaches the importer through the task's token");
        assertFalse(vm.isRunning());
    }

    @Test
    void importNowAddsTheFilesAndStarts() throws Exception {
        ImportViewModel vm = viewModel(new FakeImporter("cart").spansPerFile(3));
        openWorkspace("w.prodlab");

        vm.importNow(List.of(dir.resolve("export.json")));

        assertEquals(List.of("export.json"), vm.summary().stream().map(ImportSummaryRow::fileName).toList());
        assertEquals(3, spansOnDisk());
    }
    // --- confirmations, with the real importer (issue 9): files whose content does not say everything
    // wait for the user's word while the others land; what the user picks is what they are read with.

    private final ImportService service = new ImportService();

    private ImportViewModel openViewModel() {
        openWorkspace("w.prodlab");
        return new ImportViewModel(session, runner, service::importPaths, status, messages, System::nanoTime);
    }

    private static final String TRACES = "otlp-json-traces/otlp2parquet_traces.jsonl";
    private static final String MANIFEST = "chaos-mesh/chaos-mesh_pod-kill-example.yaml";


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

    /**
     * A CSV inside a zip is asked about like a CSV of its own; the archive waits whole (its other files
     * land with it, once confirmed), while a file beside it lands at once.
     */
    @Test
    void aCsvInsideAZipIsAskedAboutAndTheArchiveImportsWithTheMappingPicked() throws Exception {
        Path zip = dir.resolve("export.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("a/metrics.csv"));
            z.write(Files.readAllBytes(unnamedCsv()));
            z.closeEntry();
            z.putNextEntry(new java.util.zip.ZipEntry("b/traces.jsonl"));
            z.write(Files.readAllBytes(RealFixtures.path(TRACES)));
            z.closeEntry();
        }
        Path beside = Files.copy(RealFixtures.path("otlp-json-traces/ottl-playground_traces.json"),
                dir.resolve("beside.json"));
        ImportViewModel vm = openViewModel();
        vm.addFiles(List.of(zip, beside));

        vm.start();

        assertEquals(1, vm.summary().size(), "the file beside the archive landed; the archive waits: " + vm.summary());
        assertTrue(vm.summary().get(0).path().endsWith("beside.json"), vm.summary().get(0).path());
        assertEquals(1, vm.confirmations().size());
        ImportConfirmation c = vm.confirmations().get(0);
        assertEquals(zip + "!/a/metrics.csv", c.recognition().path());
        assertEquals(zip, c.recognition().importPath());
        assertTrue(c.asksMapping());
        column(c, "when").fieldProperty().set("time");
        column(c, "what").fieldProperty().set("metric");
        column(c, "v").fieldProperty().set("value");
        column(c, "when").unitProperty().set("ms");

        vm.confirm();

        assertTrue(vm.confirmations().isEmpty());
        assertEquals(3, vm.summary().size(), vm.summary().toString());
        ImportSummaryRow csv = vm.summary().get(1);
        assertEquals(zip + "!/a/metrics.csv", csv.path());
        assertEquals("export.zip!/a/metrics.csv", csv.fileName());
        assertEquals("export.zip!/a/metrics.csv", c.fileName(), "the card names the file in its archive");
        assertEquals("imported", csv.shownStatus(), csv.message());
        assertEquals(2, csv.metricPoints());
        ImportSummaryRow traces = vm.summary().get(2);
        assertEquals(zip + "!/b/traces.jsonl", traces.path());
        assertEquals(19, traces.spans(), traces.message());
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
