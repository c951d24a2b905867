package io.prodlab.ui.imports;

import io.prodlab.ingest.ExportProbe;
import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportHints;
import io.prodlab.ingest.ImportListener;
import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.ImportInfo;
import io.prodlab.store.RejectedRow;
import io.prodlab.store.TimeExtentQuery;
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
 * second, cancel), the per-file summary (format, time range, services, counts, duplicates) and the
 * rejected records of the selected file. Files are recognised first ({@code ExportProbe.recognise});
 * those whose content does not say everything — a CSV mapping that is not certain, fault definitions
 * without time — wait as {@link ImportConfirmation}s while the others are imported.
 *
 * <p>Cancel does not interrupt the worker: it raises the task's cancellation token, which the
 * importer polls, so the controls stay disabled until the importer has rolled the file in progress
 * back and returned. While it runs the import holds the session's busy state, so the workspace
 * menus wait for it too.
 */
public final class ImportViewModel {

    /** What one run did, read on the worker in the same job as the import. */
    private record Outcome(List<FileImportResult> results, List<ImportInfo> imports, long spanCount,
                           TimeExtentQuery.Extent extent) {
    }

    /** What the files are, before any is imported, and the workspace's span range (a window's default). */
    private record Recognised(List<ExportProbe.Recognition> files, TimeExtentQuery.Extent extent) {
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
    private final ObservableList<ImportConfirmation> confirmations = FXCollections.observableArrayList();
    /** One read-only view, kept: a view listens to it, and a fresh wrapper per call would be collected. */
    private final ObservableList<ImportConfirmation> confirmationsView =
            FXCollections.unmodifiableObservableList(confirmations);
    /** The rows of this run's earlier step (files imported before the confirmations), kept above the next. */
    private final List<ImportSummaryRow> earlierRows = new ArrayList<>();
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

    /**
     * Imports the pending files into the open workspace: first recognises them; the files that need
     * nothing from the user are imported at once, then the others wait in {@link #confirmations()} for
     * {@link #confirm()} (or {@link #skipConfirmations()}).
     */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        List<Path> paths = List.copyOf(pending);
        running.set(true);
        cancelling.set(false);
        progress.set(StatusBarModel.INDETERMINATE);
        spansPerSecond.set(0);
        progressText.set(messages.get("import.progress.recognising"));
        resultText.set("");
        resultIsError.set(false);
        summary.clear();
        earlierRows.clear();
        confirmations.clear();
        selected.set(null);
        Path workspacePath = session.path();
        BackgroundTask.of(() -> new Recognised(importer.recognise(paths),
                        new TimeExtentQuery(session.workspace()).spans().orElse(null)))
                .holdsBusy(session.busy())
                .onSuccess(r -> recognised(paths, workspacePath, r))
                .whenFailed(e -> {
                    failed(e);
                    running.set(false);
                })
                .executeWith(runner);
    }

    private void recognised(List<Path> paths, Path workspacePath, Recognised r) {
        List<ImportConfirmation> ask = new ArrayList<>();
        java.util.Set<Path> now = new java.util.LinkedHashSet<>();
        java.util.Set<Path> waiting = new java.util.HashSet<>();
        for (ExportProbe.Recognition x : r.files()) {
            if (x.needsConfirmation()) {
                ask.add(new ImportConfirmation(x, r.extent(), messages));
                // A zip with a file to confirm waits whole: its files are imported together, with the hints.
                waiting.add(x.importPath());
            } else if (!isPartOf(workspacePath, x.importPath())) {
                now.add(x.importPath());
            }
        }
        now.removeAll(waiting);
        if (ask.isEmpty()) {
            // As before the confirmations existed: the importer walks the folders itself.
            runImport(paths, ImportHints.NONE, List.of());
        } else if (now.isEmpty()) {
            running.set(false);
            progress.set(0);
            progressText.set("");
            ask(ask);
        } else {
            runImport(new ArrayList<>(now), ImportHints.NONE, ask);
        }
    }

    /** The workspace's own files, which a folder being imported may hold (the importer skips them too). */
    private static boolean isPartOf(Path workspace, Path file) {
        if (workspace == null) {
            return false;
        }
        Path db = workspace.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.getParent() != null && f.getParent().equals(db.getParent())
                && f.getFileName().toString().startsWith(db.getFileName().toString());
    }

    private void ask(List<ImportConfirmation> ask) {
        confirmations.setAll(ask);
        String text = messages.format("import.confirm.asked", ask.size());
        resultText.set(resultText.get().isEmpty() ? text : resultText.get() + " " + text);
        status.info(text);
    }

    /**
     * Imports the files waiting for confirmation with what the user chose; does nothing while one of
     * them has a problem (each says which).
     */
    public void confirm() {
        if (running.get() || confirmations.isEmpty() || !session.isOpen()
                || confirmations.stream().anyMatch(c -> !c.isValid())) {
            return;
        }
        Map<String, ImportHints.ForFile> hints = new HashMap<>();
        java.util.Set<Path> paths = new java.util.LinkedHashSet<>();
        for (ImportConfirmation c : confirmations) {
            hints.put(c.recognition().path(), c.hints());
            paths.add(c.recognition().importPath());
        }
        earlierRows.clear();
        earlierRows.addAll(summary);
        confirmations.clear();
        running.set(true);
        cancelling.set(false);
        progress.set(StatusBarModel.INDETERMINATE);
        resultText.set("");
        resultIsError.set(false);
        runImport(new ArrayList<>(paths), ImportHints.byFile(hints), List.of());
    }

    /** Leaves the files waiting for confirmation out of this import. */
    public void skipConfirmations() {
        if (!running.get() && !confirmations.isEmpty()) {
            String text = messages.format("import.confirm.skipped", confirmations.size());
            confirmations.clear();
            resultText.set(text);
            status.info(text);
        }
    }

    /** The files that wait for the user's word before they are imported. */
    public ObservableList<ImportConfirmation> confirmations() {
        return confirmationsView;
    }

    private void runImport(List<Path> paths, ImportHints hints, List<ImportConfirmation> then) {
        progressText.set(messages.get("import.progress.starting"));
        BackgroundTask<Outcome> job = BackgroundTask.<Outcome, ImportProgress>withProgress((publish, token) -> {
                    Workspace ws = session.workspace();
                    ProgressTracker tracker = new ProgressTracker(publish, nanoClock);
                    List<FileImportResult> results = FileImportResult.withExtents(ws,
                            importer.importPaths(ws, paths, tracker, token::isCancelled, hints));
                    return new Outcome(results, ws.importLog().imports(), ws.spanCount(),
                            new TimeExtentQuery(ws).spans().orElse(null));
                }, this::showProgress, p -> new TaskProgress(fractionOf(p), progressLine(p)))
                .titled(messages.get("import.task"))
                .holdsBusy(session.busy())
                .onSuccess(o -> {
                    finished(o);
                    boolean cancelled = o.results().stream().anyMatch(r -> r.status() == FileImportResult.Status.CANCELLED);
                    if (!then.isEmpty() && !cancelled) {
                        then.forEach(c -> c.defaultWindow(o.extent()));
                        ask(then);
                    }
                })
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
        if (p.finished().size() + earlierRows.size() != summary.size()) {
            List<ImportSummaryRow> rows = new ArrayList<>(earlierRows);
            p.finished().stream().map(r -> ImportSummaryRow.of(r, OptionalLong.empty())).forEach(rows::add);
            summary.setAll(rows);
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
        List<ImportSummaryRow> all = new ArrayList<>(earlierRows);
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
        all.addAll(rows);
        summary.setAll(all);
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
        confirmations.clear();
        earlierRows.clear();
        if (path == null) {
            return;
        }
        BackgroundTask.of(() -> {
                    Workspace ws = session.workspace();
                    List<ImportInfo> imports = ws.importLog().imports();
                    Map<Long, ImportExtentQuery.Extent> extents = new ImportExtentQuery(ws).all();
                    return imports.stream().map(i -> ImportSummaryRow.of(i, extents.get(i.importId()))).toList();
                })
                .onSuccess(list -> {
                    if (path.equals(session.path()) && !running.get()) {
                        summary.setAll(list);
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
