package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.store.ImportInfo;
import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Failures;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskHandle;
import io.prodlab.ui.common.TaskProgress;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The Import screen: files waiting to be imported, the running import (progress, spans per
 * second, cancel), the per-file summary and the rejected records of the selected file.
 *
 * <p>Cancel does not interrupt the worker: it raises the task's cancellation token, which the
 * importer polls, so the controls stay disabled until the importer has rolled the file in progress
 * back and returned. While it runs the import holds the session's busy state, so the workspace
 * menus wait for it too.
 */
public final class ImportViewModel {

    /** What one run did, read on the worker in the same job as the import. */
    private record Outcome(List<FileImportResult> results, List<ImportInfo> imports, long spanCount) {
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Importer importer;
    private final StatusBarModel status;
    private final Messages messages;
    private final LongSupplier nanoClock;

    private final ObservableList<Path> pending = FXCollections.observableArrayList();
    private final ObservableList<ImportSummaryRow> summary = FXCollections.observableArrayList();
    private final ObservableList<RejectedRow> rejected = FXCollections.observableArrayList();
    private final ObjectProperty<ImportSummaryRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper(this, "cancelling");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper spansPerSecond = new ReadOnlyDoubleWrapper(this, "spansPerSecond");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText", "");
    private final ReadOnlyBooleanWrapper resultIsError = new ReadOnlyBooleanWrapper(this, "resultIsError");
    private final ReadOnlyStringWrapper rejectedText = new ReadOnlyStringWrapper(this, "rejectedText", "");
    private final BooleanBinding canStart;
    private final BooleanBinding canEditFiles;
    private TaskHandle task;
    private long rejectedRequest;

    public ImportViewModel(WorkspaceSession session, TaskRunner runner, Importer importer, StatusBarModel status,
                           Messages messages, LongSupplier nanoClock) {
        this.session = session;
        this.runner = runner;
        this.importer = importer;
        this.status = status;
        this.messages = messages;
        this.nanoClock = nanoClock;
        this.canEditFiles = running.not().and(session.idleProperty());
        this.canStart = canEditFiles.and(Bindings.isNotEmpty(pending));
        rejectedText.set(messages.get("import.rejected.none-selected"));
        selected.addListener((obs, old, row) -> loadRejected(row));
        session.pathProperty().addListener((obs, old, path) -> workspaceChanged(path));
    }

    // --- files --------------------------------------------------------------------------

    /**
     * Adds files or folders chosen in a dialog or dropped on the window; folders are walked by
     * the importer. Ignored while an import runs.
     */
    public void addFiles(Collection<Path> paths) {
        if (running.get()) {
            return;
        }
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (!pending.contains(abs)) {
                pending.add(abs);
            }
        }
    }

    public void removeFiles(Collection<Path> paths) {
        if (!running.get()) {
            pending.removeAll(List.copyOf(paths));
        }
    }

    public void clearFiles() {
        if (!running.get()) {
            pending.clear();
        }
    }

    // --- running ------------------------------------------------------------------------

    /** Imports the pending files into the open workspace. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        List<Path> paths = List.copyOf(pending);
        running.set(true);
        cancelling.set(false);
        progress.set(StatusBarModel.INDETERMINATE);
        spansPerSecond.set(0);
        progressText.set(messages.get("import.progress.starting"));
        resultText.set("");
        resultIsError.set(false);
        summary.clear();
        selected.set(null);

        BackgroundTask<Outcome> job = BackgroundTask.<Outcome, ImportProgress>withProgress((publish, token) -> {
                    Workspace ws = session.workspace();
                    ProgressTracker tracker = new ProgressTracker(publish, nanoClock);
                    List<FileImportResult> results = importer.importPaths(ws, paths, tracker, token::isCancelled);
                    return new Outcome(results, ws.importLog().imports(), ws.spanCount());
                }, this::showProgress, p -> new TaskProgress(fractionOf(p), progressLine(p)))
                .titled(messages.get("import.task"))
                .holdsBusy(session.busy())
                .onSuccess(this::finished)
                .whenFailed(this::failed)
                .andFinally(() -> {
                    running.set(false);
                    cancelling.set(false);
                    task = null;
                });
        // Known before the work starts: a runner may run it at once, and Cancel must reach it.
        task = job.handle();
        job.executeWith(runner);
    }

    /** Adds {@code paths} and starts importing them (a trace export picked in File → Open). */
    public void importNow(List<Path> paths) {
        addFiles(paths);
        start();
    }

    /**
     * Asks the running import to stop: the file in progress is rolled back and no further file
     * is started. The controls stay disabled until the importer has done so.
     */
    public void cancel() {
        if (running.get() && !cancelling.get() && task != null) {
            cancelling.set(true);
            progressText.set(messages.get("import.progress.cancelling"));
            task.cancel();
        }
    }

    private static double fractionOf(ImportProgress p) {
        return p.fileCount() == 0 ? StatusBarModel.INDETERMINATE : p.fraction();
    }

    private String progressLine(ImportProgress p) {
        return messages.format("import.progress", p.fileName(), p.fileIndex() + 1, p.fileCount(), p.spans(),
                Math.round(p.spansPerSecond()));
    }

    private void showProgress(ImportProgress p) {
        if (cancelling.get()) {
            return;
        }
        progress.set(fractionOf(p));
        spansPerSecond.set(p.spansPerSecond());
        progressText.set(progressLine(p));
        if (p.finished().size() != summary.size()) {
            summary.setAll(p.finished().stream().map(r -> ImportSummaryRow.of(r, OptionalLong.empty())).toList());
        }
    }

    private void finished(Outcome o) {
        Map<String, Long> latestImportByPath = new HashMap<>();
        for (ImportInfo i : o.imports()) {
            if ("imported".equals(i.status())) {
                latestImportByPath.merge(i.path(), i.importId(), Math::max);
            }
        }
        List<ImportSummaryRow> rows = new ArrayList<>();
        int imported = 0;
        int skipped = 0;
        int refused = 0;
        int cancelled = 0;
        long spans = 0;
        long rejectedRecords = 0;
        for (FileImportResult r : o.results()) {
            Long id = r.status() == FileImportResult.Status.IMPORTED || r.status() == FileImportResult.Status.SKIPPED
                    ? latestImportByPath.get(r.path()) : null;
            rows.add(ImportSummaryRow.of(r, id == null ? OptionalLong.empty() : OptionalLong.of(id)));
            switch (r.status()) {
                case IMPORTED -> {
                    imported++;
                    spans += r.spans();
                    rejectedRecords += r.rejected();
                }
                case SKIPPED -> skipped++;
                case REFUSED -> refused++;
                case CANCELLED -> cancelled++;
            }
        }
        summary.setAll(rows);
        progress.set(1);
        progressText.set("");
        String text;
        if (cancelled > 0 && imported == 0) {
            text = messages.get("import.result.cancelled.nothing");
        } else if (cancelled > 0) {
            text = messages.format("import.result.cancelled", imported, spans);
        } else {
            text = messages.format("import.result", imported, spans, skipped, refused, rejectedRecords);
        }
        resultText.set(text);
        resultIsError.set(refused > 0 && refused == o.results().size());
        if (cancelled == 0) {
            pending.clear();
        }
        status.info(text);
        session.contentChanged(o.spanCount());
        rows.stream().filter(r -> r.rejected() > 0 && r.importId().isPresent()).findFirst()
                .ifPresent(selected::set);
    }

    /** The status bar shows the failure by its category (Failures); the screen says it too. */
    private void failed(Throwable error) {
        progress.set(0);
        progressText.set("");
        resultText.set(Failures.isExpected(error) ? error.getMessage() : messages.get("import.result.failed"));
        resultIsError.set(true);
    }

    // --- summary and rejected records ---------------------------------------------------

    private void workspaceChanged(Path path) {
        if (running.get()) {
            return;
        }
        pending.clear();
        summary.clear();
        selected.set(null);
        resultText.set("");
        progress.set(0);
        if (path == null) {
            return;
        }
        BackgroundTask.of(() -> session.workspace().importLog().imports())
                .onSuccess(list -> {
                    if (path.equals(session.path()) && !running.get()) {
                        summary.setAll(list.stream().map(ImportSummaryRow::of).toList());
                    }
                })
                .executeWith(runner);
    }

    private void loadRejected(ImportSummaryRow row) {
        long request = ++rejectedRequest;
        rejected.clear();
        if (row == null) {
            rejectedText.set(messages.get("import.rejected.none-selected"));
            return;
        }
        if (row.rejected() == 0 || row.importId().isEmpty()) {
            rejectedText.set(messages.format("import.rejected.none", row.fileName()));
            return;
        }
        long importId = row.importId().getAsLong();
        rejectedText.set(messages.get("import.rejected.loading"));
        BackgroundTask.of(() -> session.workspace().importLog().rejected(importId))
                .onSuccess(list -> {
                    if (request == rejectedRequest) {
                        rejected.setAll(list);
                        rejectedText.set(messages.format("import.rejected.count", list.size(), row.fileName()));
                    }
                })
                .onError(WorkspaceException.class, e -> {
                    if (request == rejectedRequest) {
                        rejectedText.set(e.getMessage());
                    }
                })
                .executeWith(runner);
    }

    // --- properties ---------------------------------------------------------------------

    public ObservableList<Path> pendingFiles() {
        return FXCollections.unmodifiableObservableList(pending);
    }

    public ObservableList<ImportSummaryRow> summary() {
        return FXCollections.unmodifiableObservableList(summary);
    }

    public ObservableList<RejectedRow> rejected() {
        return FXCollections.unmodifiableObservableList(rejected);
    }

    /** The summary row whose rejected records are shown; the view binds the table selection to it. */
    public ObjectProperty<ImportSummaryRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
    }

    /** 0..1, or {@link StatusBarModel#INDETERMINATE} before the importer reports. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty spansPerSecondProperty() {
        return spansPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The sentence that sums up the last run, or its failure. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty resultIsErrorProperty() {
        return resultIsError.getReadOnlyProperty();
    }

    /** Says what the rejected table shows, or why it is empty. */
    public ReadOnlyStringProperty rejectedTextProperty() {
        return rejectedText.getReadOnlyProperty();
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    /** Whether files may be added or removed: a workspace is open and no import runs. */
    public BooleanBinding canEditFilesProperty() {
        return canEditFiles;
    }

    /**
     * Turns the importer's callbacks (on the importing thread) into snapshots for the UI thread.
     */
    private static final class ProgressTracker implements ImportListener {
        private final Consumer<ImportProgress> publish;
        private final LongSupplier clock;
        private final long startedAt;
        private final List<FileImportResult> finished = new ArrayList<>();
        private String fileName = "";
        private int index;
        private int total;
        private long spansBefore;
        private long fileSpans;

        ProgressTracker(Consumer<ImportProgress> publish, LongSupplier clock) {
            this.publish = publish;
            this.clock = clock;
            this.startedAt = clock.getAsLong();
        }

        @Override
        public void fileStarted(Path file, int index, int total) {
            Path name = file.getFileName();
            this.fileName = name == null ? file.toString() : name.toString();
            this.index = index;
            this.total = total;
            this.fileSpans = 0;
            publish(0, 0);
        }

        @Override
        public void progress(Path file, long bytesRead, long totalBytes, long spans) {
            this.fileSpans = spans;
            publish(bytesRead, totalBytes);
        }

        @Override
        public void fileFinished(FileImportResult result) {
            finished.add(result);
            spansBefore += result.spans();
            fileSpans = 0;
            publish(1, 1);
        }

        private void publish(long bytesRead, long totalBytes) {
            publish.accept(new ImportProgress(fileName, index, total, bytesRead, totalBytes, spansBefore + fileSpans,
                    clock.getAsLong() - startedAt, List.copyOf(finished)));
        }
    }
}
