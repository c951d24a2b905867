package io.prodlab.ui.imports;

import io.prodlab.ingest.ImportService;
import io.prodlab.model.ServiceStats;
import io.prodlab.testing.RealFixtures;
import io.prodlab.store.ImportInfo;
import io.prodlab.store.Workspace;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.shell.StatusBar;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.FakeImporter;
import io.prodlab.ui.testing.GatedImporter;
import io.prodlab.ingest.FileImportResult;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Import screen as a user drives it. */
class ImportViewTest extends FxRobot {
    /** 19 spans over 8 services, one resourceSpans object a line. */
    static final String OTLP_JSONL = "otlp-json-traces/otlp2parquet_traces.jsonl";

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    static Path fixture(String relative) {
        return RealFixtures.path(relative);
    }

    /** What a cancel must leave untouched: the spans and the list of imported files. */
    record WorkspaceState(long spans, List<ImportInfo> imports) {
        static WorkspaceState of(Path ws) throws Exception {
            try (Workspace w = Workspace.openReadOnly(ws)) {
                return new WorkspaceState(w.spanCount(), w.importLog().imports());
            }
        }
    }

    static Path emptyWorkspace(Path path) throws Exception {
        Workspace.openOrCreate(path).close();
        return path;
    }

    private boolean disabled(String id) {
        return lookup("#" + id).query().isDisabled();
    }

    @Test
    @SuppressWarnings("unchecked")
    void importingARealOtlpFileShowsItsSummaryAndItsServices() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("real.prodlab"));
        ImportService service = new ImportService();
        app.start(ws, dir.resolve("data"), service::importPaths);
        ImportViewModel vm = app.importViewModel();
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));

        // The file dialog cannot be driven headless: add the file where the dialog hands it over.
        Path file = fixture(OTLP_JSONL);
        app.onFx(() -> vm.addFiles(List.of(file)));
        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning());

        TableView<ImportSummaryRow> summary = app.node(ImportView.ID_SUMMARY, TableView.class);
        assertEquals(1, summary.getItems().size());
        ImportSummaryRow row = summary.getItems().get(0);
        assertEquals("otlp2parquet_traces.jsonl", row.fileName());
        assertEquals("imported", row.status(), row.message());
        assertEquals(19, row.spans());
        assertFalse(vm.resultIsErrorProperty().get(), vm.resultTextProperty().get());

        clickOn("#" + DesktopAppHarness.NAV_SERVICES);
        TableView<ServiceStats> services = app.node(ServicesView.ID_TABLE, TableView.class);
        app.waitUntil(() -> services.isVisible() && services.getItems().size() == 8);
        List<ServiceStats> shown = new ArrayList<>(services.getItems());
        shown.sort(Comparator.comparing(ServiceStats::name));
        assertEquals(19, shown.stream().mapToLong(ServiceStats::spans).sum());

        app.stop();
        try (Workspace w = Workspace.openReadOnly(ws)) {
            assertEquals(new io.prodlab.store.ServiceStatsQuery(w).services(), shown, "the table shows exactly what the workspace computes");
            assertEquals(19, w.spanCount());
        }
    }

    @Test
    void cancelLeavesTheWorkspaceAsItWas() throws Exception {
        Path ws = aWorkspace().service("existing", 6, 1, 5, 50).writeTo(dir.resolve("keep.prodlab"));
        WorkspaceState before = WorkspaceState.of(ws);
        FakeImporter importer = new FakeImporter("incoming").spansPerFile(500).holdUntilCancelled();
        app.start(ws, dir.resolve("data"), importer);
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("big-export.json"))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(importer::isHolding);

        for (String id : List.of(ImportView.ID_START, ImportView.ID_ADD_FILES, ImportView.ID_ADD_FOLDER,
                ImportView.ID_CLEAR)) {
            assertTrue(disabled(id), id + " is disabled while the import runs");
        }
        assertFalse(disabled(ImportView.ID_CANCEL));
        assertTrue(lookup("#" + ImportView.ID_PROGRESS).query().isVisible());
        // The status bar shows the import by itself (no view model drives it).
        Label task = app.node(StatusBar.ID_TASK, Label.class);
        app.waitUntil(() -> task.isVisible() && task.getText().startsWith("big-export.json (1 of 1) \u00b7 500 spans"));
        assertTrue(lookup("#" + StatusBar.ID_PROGRESS).query().isVisible());

        clickOn("#" + ImportView.ID_CANCEL);
        app.waitUntil(() -> task.getText().equals(Messages.load().get("status.cancelling")) || !task.isVisible());
        app.waitUntil(() -> !vm.isRunning());

        assertEquals("cancelled", vm.summary().get(0).status());
        assertFalse(disabled(ImportView.ID_START), "the file stays listed and can be imported again");
        app.stop();
        assertEquals(before, WorkspaceState.of(ws), "the workspace is as it was");
    }

    @Test
    void cancellingARealImportMidFileLeavesTheWorkspaceAsItWas() throws Exception {
        Path ws = aWorkspace().service("existing", 6, 1, 5, 50).writeTo(dir.resolve("keep-real.prodlab"));
        WorkspaceState before = WorkspaceState.of(ws);
        Path sample = Path.of("sample-data/traces.otlp.jsonl.gz");
        assertTrue(Files.isRegularFile(sample), "the committed sample data: " + sample.toAbsolutePath());
        GatedImporter importer = new GatedImporter();
        app.start(ws, dir.resolve("data"), importer);
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(sample, fixture(OTLP_JSONL))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(importer::isHolding);
        assertTrue(vm.spansPerSecondProperty().get() > 0, "spans/s is shown while it runs");
        clickOn("#" + ImportView.ID_CANCEL);
        app.waitUntil(() -> !vm.isRunning());

        assertEquals(List.of("cancelled"), vm.summary().stream().map(ImportSummaryRow::status).toList(),
                "the second file never started");
        app.stop();
        assertEquals(before, WorkspaceState.of(ws), "the workspace is as it was");
    }

    @Test
    void rejectedRecordsOfTheSelectedFileAreListed() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("rejects.prodlab"));
        FakeImporter importer = new FakeImporter("svc").spansPerFile(3)
                .rejecting("line 4", "spanId is not 16 hex digits", "{\"spanId\":\"zz\"}");
        app.start(ws, dir.resolve("data"), importer);
        ImportViewModel vm = app.importViewModel();
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("a.json"), dir.resolve("b.json"))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning() && vm.summary().size() == 2);

        @SuppressWarnings("unchecked")
        TableView<io.prodlab.store.RejectedRow> rejected = app.node(ImportView.ID_REJECTED, TableView.class);
        app.waitUntil(() -> lookup("#" + ImportView.ID_SUMMARY + " .table-row-cell")
                .match((TableRow<?> r) -> r.getIndex() == 1 && r.getItem() != null).tryQuery().isPresent());
        Node secondRow = lookup("#" + ImportView.ID_SUMMARY + " .table-row-cell")
                .match((TableRow<?> r) -> r.getIndex() == 1 && r.getItem() != null).query();
        clickOn(secondRow);
        app.waitUntil(() -> vm.selectedProperty().get() != null
                && vm.selectedProperty().get().fileName().equals("b.json") && rejected.getItems().size() == 1);
        assertEquals("line 4", rejected.getItems().get(0).location());
        assertTrue(rejected.getItems().get(0).file().endsWith("b.json"));
    }

    /** The cell of column {@code id} in row {@code index} of the Files table. */
    private TableCell<?, ?> summaryCell(String id, int index) {
        return lookup("#" + ImportView.ID_SUMMARY + " .table-cell").match((TableCell<?, ?> c) ->
                c.getTableColumn() != null && id.equals(c.getTableColumn().getId()) && c.getIndex() == index
                        && !c.isEmpty()).query();
    }

    @Test
    void aRefusedFileShowsItsReasonAndKeepsThePathForTheTooltip() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("refused.prodlab"));
        String longPath = dir.resolve("a/very/long/folder/name/that/fills/the/column/notes.txt").toString();
        app.start(ws, dir.resolve("data"), (w, paths, listener, cancelled, hints) -> List.of(
                FileImportResult.notImported(longPath, "unknown", FileImportResult.Status.REFUSED,
                        longPath + ": line 1, column 1: expected an OTLP/JSON trace export, found text \"hello\".")));
        ImportViewModel vm = app.importViewModel();
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(Path.of(longPath))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning() && vm.summary().size() == 1);

        assertEquals("notes.txt", summaryCell(ImportView.ID_COL_FILE, 0).getText());
        assertEquals(longPath, summaryCell(ImportView.ID_COL_FILE, 0).getTooltip().getText());
        assertEquals("Line 1, column 1: expected an OTLP/JSON trace export, found text \"hello\".",
                summaryCell(ImportView.ID_COL_MESSAGE, 0).getText());
        TableCell<?, ?> status = summaryCell(ImportView.ID_COL_STATUS, 0);
        assertEquals(Messages.load().get("import.status.refused"), status.getText());
        assertTrue(status.getStyleClass().contains(Styles.STATUS_CELL_PREFIX + "refused"));
    }

    @Test
    void anEmptyImportIsNotGreenAndACancelIsNotAnError() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("statuses.prodlab"));
        app.start(ws, dir.resolve("data"), (w, paths, listener, cancelled, hints) -> List.of(
                new FileImportResult(paths.get(0).toString(), "otlp-json", FileImportResult.Status.IMPORTED,
                        0, 0, 0, 0, 0, 0, 0, "0 spans, 0 events, 0 links imported; 0 records rejected."),
                FileImportResult.notImported(paths.get(1).toString(), "otlp-json", FileImportResult.Status.CANCELLED,
                        paths.get(1) + ": import cancelled; nothing of this file was written.")));
        ImportViewModel vm = app.importViewModel();
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("empty.json"), dir.resolve("late.json"))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning() && vm.summary().size() == 2);

        Messages m = Messages.load();
        TableCell<?, ?> empty = summaryCell(ImportView.ID_COL_STATUS, 0);
        assertEquals(m.get("import.status.imported-empty"), empty.getText());
        assertTrue(empty.getStyleClass().contains(Styles.STATUS_CELL_PREFIX + "imported-empty"));
        assertFalse(empty.getStyleClass().contains(Styles.STATUS_CELL_PREFIX + "imported"));
        assertEquals(m.get("import.message.no-records"), summaryCell(ImportView.ID_COL_MESSAGE, 0).getText());
        TableCell<?, ?> cancelled = summaryCell(ImportView.ID_COL_STATUS, 1);
        assertEquals(m.get("import.status.cancelled"), cancelled.getText());
        assertTrue(cancelled.getStyleClass().contains(Styles.STATUS_CELL_PREFIX + "cancelled"));
        Label subtitle = lookup("#" + ImportView.ID + " ." + Styles.PAGE_SUBTITLE).queryAs(Label.class);
        assertEquals(subtitle.getTextFill(), cancelled.getTextFill(), "cancelled reads muted, not red");
        assertNotEquals(cancelled.getTextFill(), empty.getTextFill());
    }

    @Test
    void closingTheWindowCancelsTheRunningImportAndClosesTheWorkspaceCleanly() throws Exception {
        Path ws = aWorkspace().service("existing", 4, 0, 5, 50).writeTo(dir.resolve("closing.prodlab"));
        WorkspaceState before = WorkspaceState.of(ws);
        FakeImporter importer = new FakeImporter("incoming").spansPerFile(200).holdUntilCancelled();
        app.start(ws, dir.resolve("data"), importer);
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(dir.resolve("big.json"))));
        clickOn("#" + ImportView.ID_START);
        app.waitUntil(importer::isHolding);

        app.stop(); // what closing the window does

        assertFalse(importer.isHolding(), "shutdown cancelled the import instead of waiting for it");
        assertEquals(before, WorkspaceState.of(ws), "the file in progress was rolled back");
    }

    @Test
    void theFilesTableHasRoomForMoreThanAHandfulOfFilesAt1024x700() throws Exception {
        Path ws = aWorkspace().service("existing", 2, 0, 1, 2).writeTo(dir.resolve("room.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("x"));
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES) && app.importViewModel().summary().size() == 1);
        javafx.stage.Stage stage = (javafx.stage.Stage) lookup("#" + ImportView.ID).query().getScene().getWindow();
        app.onFx(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        TableView<?> summary = app.node(ImportView.ID_SUMMARY, TableView.class);
        app.waitUntil(() -> stage.getHeight() == 700);
        WaitForAsyncUtils.waitForFxEvents();
        double rowHeight = summary.lookup(".table-row-cell").getLayoutBounds().getHeight();
        double header = summary.lookup(".column-header-background").getLayoutBounds().getHeight();
        double rows = (summary.getHeight() - header) / rowHeight;
        assertTrue(rows >= 8, "rows that fit: " + rows);
    }

    @Test
    void atTheMinimumWindowSizeNoButtonIsCutShort() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("narrow.prodlab"));
        app.start(ws, dir.resolve("data"), new FakeImporter("x"));
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        javafx.stage.Stage stage = (javafx.stage.Stage) lookup("#" + ImportView.ID).query().getScene().getWindow();
        app.onFx(() -> {
            stage.setWidth(stage.getMinWidth());
            stage.setHeight(stage.getMinHeight());
        });
        app.waitUntil(() -> stage.getWidth() == stage.getMinWidth());
        WaitForAsyncUtils.waitForFxEvents();

        clickOn("#" + ImportView.ID_PENDING);
        Region pending = app.node(ImportView.ID_PENDING, Region.class);
        app.waitUntil(() -> pending.isFocused() && pending.getBorder() != null
                && pending.getBorder().getStrokes().get(0).getWidths().getTop() >= 2); // the file list shows its focus

        for (String id : List.of(ImportView.ID_ADD_FILES, ImportView.ID_ADD_FOLDER, ImportView.ID_REMOVE,
                ImportView.ID_CLEAR, ImportView.ID_START, ImportView.ID_CANCEL)) {
            javafx.scene.control.Button b = app.node(id, javafx.scene.control.Button.class);
            assertTrue(b.getWidth() >= b.prefWidth(-1) - 0.5, id + " reads \"" + b.getText() + "\" in full: "
                    + b.getWidth() + " of " + b.prefWidth(-1));
        }
    }

    // --- confirmations (issue 9) ----------------------------------------------------------

    @SuppressWarnings("unchecked")
    private javafx.scene.control.ComboBox<String> choice(Node card, int row, int column) {
        TableView<ImportConfirmation.ColumnChoice> table = (TableView<ImportConfirmation.ColumnChoice>)
                card.lookup("#" + ImportView.ID_CARD_MAPPING);
        List<Node> cells = new ArrayList<>(table.lookupAll(".table-cell"));
        for (Node n : cells) {
            TableCell<?, ?> cell = (TableCell<?, ?>) n;
            if (cell.getIndex() == row && cell.getTableColumn() == table.getColumns().get(column)
                    && cell.getGraphic() instanceof javafx.scene.control.ComboBox<?> box) {
                return (javafx.scene.control.ComboBox<String>) box;
            }
        }
        throw new AssertionError("no combo box at row " + row + ", column " + column);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCsvNoNameMapsIsMappedInTheEditorAndAManifestGetsItsWindowBeforeTheyImport() throws Exception {
        Path ws = emptyWorkspace(dir.resolve("confirm.prodlab"));
        Path csv = Files.writeString(dir.resolve("metrics.csv"), "when,what,v\n1764496800123,cpu,0.5\n1764496860123,cpu,0.7\n");
        ImportService service = new ImportService();
        app.start(ws, dir.resolve("data"), service::importPaths);
        ImportViewModel vm = app.importViewModel();
        clickOn("#" + DesktopAppHarness.NAV_IMPORT);
        app.waitUntil(() -> !disabled(ImportView.ID_ADD_FILES));
        app.onFx(() -> vm.addFiles(List.of(fixture(OTLP_JSONL), csv, fixture("chaos-mesh/chaos-mesh_pod-kill-example.yaml"))));

        clickOn("#" + ImportView.ID_START);
        app.waitUntil(() -> !vm.isRunning() && vm.confirmations().size() == 2);

        Node box = lookup("#" + ImportView.ID_CONFIRMATIONS).query();
        assertTrue(box.isVisible());
        app.waitUntil(() -> lookup("." + Styles.IMPORT_CONFIRM).queryAll().size() == 2);
        List<Node> cards = new ArrayList<>(lookup("." + Styles.IMPORT_CONFIRM).queryAll());
        assertEquals(2, cards.size());
        Node csvCard = cards.get(0);
        Node faultCard = cards.get(1);
        Label problem = (Label) csvCard.lookup("#" + ImportView.ID_CARD_PROBLEM);
        assertTrue(problem.isVisible(), "no field picked yet");

        // Pick the fields in the editor: when → time (milliseconds), what → metric, v → value.
        app.onFx(() -> {
            choice(csvCard, 0, 2).getSelectionModel().select("time");
            choice(csvCard, 0, 3).getSelectionModel().select("ms");
            choice(csvCard, 1, 2).getSelectionModel().select("metric");
            choice(csvCard, 2, 2).getSelectionModel().select("value");
        });
        app.waitUntil(() -> !problem.isVisible());
        assertTrue(choice(csvCard, 1, 3).isDisabled(), "a metric name takes no unit");
        Label kind = (Label) csvCard.lookup("#" + ImportView.ID_CARD_MAPPING_TEXT);
        assertEquals(Messages.load().format("import.confirm.mapping.kind", Messages.load().get("import.kind.metrics")),
                kind.getText());

        javafx.scene.control.TextField start = (javafx.scene.control.TextField) faultCard.lookup("#" + ImportView.ID_CARD_START);
        assertTrue(start.getText().startsWith("2025-10-17 21:54:24"), "the window defaults to the traces' range: "
                + start.getText());
        // Typed into the field (it may sit below the fold of the confirmations' scroll pane).
        app.onFx(() -> {
            start.requestFocus();
            start.selectAll();
        });
        write("not a time");
        Label faultProblem = (Label) faultCard.lookup("#" + ImportView.ID_CARD_PROBLEM);
        app.waitUntil(faultProblem::isVisible);
        clickOn("#" + ImportView.ID_CONFIRM);
        assertEquals(2, vm.confirmations().size(), "nothing imports while a choice is wrong");
        app.onFx(() -> {
            start.requestFocus();
            start.selectAll();
        });
        write("2026-11-01 12:00:00");
        app.waitUntil(faultProblem::isVisible);
        assertEquals(Messages.load().get("import.confirm.error.order"), faultProblem.getText(),
                "the default end is now before the start");
        javafx.scene.control.TextField end = (javafx.scene.control.TextField) faultCard.lookup("#" + ImportView.ID_CARD_END);
        app.onFx(() -> {
            end.requestFocus();
            end.selectAll();
        });
        push(javafx.scene.input.KeyCode.BACK_SPACE);
        app.waitUntil(() -> !faultProblem.isVisible());

        clickOn("#" + ImportView.ID_CONFIRM);
        app.waitUntil(() -> !vm.isRunning() && vm.summary().size() == 3);
        assertFalse(box.isVisible(), "nothing waits any more");
        TableView<ImportSummaryRow> summary = app.node(ImportView.ID_SUMMARY, TableView.class);
        ImportSummaryRow metrics = summary.getItems().get(1);
        assertEquals("metrics.csv", metrics.fileName());
        assertEquals(2, metrics.metricPoints());
        ImportSummaryRow fault = summary.getItems().get(2);
        assertEquals(1, fault.annotations());
        assertTrue(fault.timeRangeText().startsWith("2026-11-01 12:00:00"), fault.timeRangeText());
        app.waitUntil(() -> lookup("#" + ImportView.ID_SUMMARY + " .table-cell").match((TableCell<?, ?> c) ->
                c.getTableColumn() != null && ImportView.ID_COL_RECORDS.equals(c.getTableColumn().getId())
                        && c.getIndex() == 2 && !c.isEmpty()).tryQuery().isPresent());
        assertTrue(summaryCell(ImportView.ID_COL_RECORDS, 1).getText().contains("2 metric points"));
        assertEquals(8, summary.getItems().get(0).services().size());
        assertEquals(String.join(", ", summary.getItems().get(0).services()),
                summaryCell(ImportView.ID_COL_SERVICES, 0).getText());
        assertTrue(summaryCell(ImportView.ID_COL_TIME_RANGE, 0).getText().startsWith("2025-10-17 21:54:24"));
    }
}
