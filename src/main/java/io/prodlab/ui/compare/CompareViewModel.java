package io.prodlab.ui.compare;

import io.prodlab.compare.AttributeDifferences;
import io.prodlab.compare.Cohort;
import io.prodlab.compare.CohortException;
import io.prodlab.compare.CohortObservations;
import io.prodlab.compare.CohortShortcuts;
import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.TimeWindow;
import io.prodlab.compare.Unit;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.StatProblem;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.CancellationToken;
import io.prodlab.ui.common.FieldCatalogCache;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskHandle;
import io.prodlab.ui.common.TaskProgress;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The Compare screen: 2 to 8 cohorts (a name and a filter each, the first the baseline), a scope,
 * the session's time range (every cohort's spans start in it; a cohort's own window, as the command
 * line's {@code --window} gives one, would take its place),
 * the unit, the bootstrap's resamples and seed; a comparison run in the background with progress
 * and cancel; and its results as table rows ({@link CompareRows}) and chart data ({@link ChartData}).
 * The figures are {@link ComparisonService}'s and {@link AttributeDifferences}'s; the charts' shift
 * function adds a bootstrap over more quantiles.
 */
public final class CompareViewModel {
    public static final int MIN_COHORTS = 2;
    public static final int MAX_COHORTS = 8;
    public static final int MAX_RESAMPLES = 100_000;

    /** What the background job hands back. */
    public record Computed(ComparisonService.Result result, List<AttributeDifferences.Result> attributes,
                           ChartData charts) {
    }

    /**
     * A cohort shortcut as the builder's menu offers it.
     *
     * @param text   the suggestion's title with its cohorts' span counts
     */
    public record Shortcut(CohortShortcuts.Suggestion suggestion, String text) {
    }

    /** A progress snapshot: the share done and the step. */
    record Step(double fraction, String text) {
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final StatusBarModel status;
    private final Messages messages;
    private final TimeRangeModel timeRange;
    private final FieldCatalogCache catalogs = new FieldCatalogCache();
    private final CompareRows rowsOf;
    private final CompareCharts charts;

    private final ObservableList<CohortDraft> cohorts = FXCollections.observableArrayList(
            c -> new Observable[] {c.nameProperty(), c.filter().stateProperty()});
    private final FilterCheck scope;
    private final ObjectProperty<Unit> unit = new SimpleObjectProperty<>(this, "unit", Unit.SPAN);
    private final StringProperty resamples = new SimpleStringProperty(this, "resamples", "1000");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper blocker = new ReadOnlyStringWrapper(this, "blocker", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper warnings = new ReadOnlyStringWrapper(this, "warnings", "");
    private final ReadOnlyObjectWrapper<Computed> computed = new ReadOnlyObjectWrapper<>(this, "computed");
    private final ObservableList<CompareRows.CohortRow> cohortRows = FXCollections.observableArrayList();
    private final ObservableList<CompareRows.ResultRow> resultRows = FXCollections.observableArrayList();
    private final ObservableList<CompareRows.AttributeRow> attributeRows = FXCollections.observableArrayList();
    private final ObservableList<CompareRows.AttributeRow> tautologicalRows = FXCollections.observableArrayList();
    private final ObservableList<Shortcut> shortcuts = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loadingShortcuts = new ReadOnlyBooleanWrapper(this, "loadingShortcuts");
    private final ReadOnlyStringWrapper shortcutNote = new ReadOnlyStringWrapper(this, "shortcutNote", "");
    private long shortcutRequest;
    private final BooleanBinding canCompare;
    private final BooleanBinding canAdd;
    private final BooleanBinding canRemove;
    private TaskHandle job;

    public CompareViewModel(WorkspaceSession session, TaskRunner runner, StatusBarModel status, Messages messages,
                             TimeRangeModel timeRange) {
        this.session = session;
        this.runner = runner;
        this.status = status;
        this.messages = messages;
        this.timeRange = timeRange;
        this.rowsOf = new CompareRows(messages);
        this.charts = new CompareCharts(messages);
        this.scope = newCheck();
        canAdd = Bindings.size(cohorts).lessThan(MAX_COHORTS).and(running.not());
        canRemove = Bindings.size(cohorts).greaterThan(MIN_COHORTS).and(running.not());
        canCompare = Bindings.createBooleanBinding(() -> blocker.get().isEmpty() && !running.get()
                && session.idleProperty().get(), blocker, running, session.idleProperty());
        cohorts.addListener((javafx.collections.ListChangeListener<CohortDraft>) ch -> {
            renumber();
            updateBlocker();
        });
        scope.stateProperty().addListener((obs, old, now) -> updateBlocker());
        resamples.addListener((obs, old, now) -> updateBlocker());
        seed.addListener((obs, old, now) -> updateBlocker());
        session.openProperty().addListener((obs, old, now) -> updateBlocker());
        // another workspace, or new spans in this one: the results no longer describe it
        session.revisionProperty().addListener((obs, old, now) -> {
            clearResults();
            loadShortcuts();
        });
        // another time range (chosen on any screen): the results were of the range before
        timeRange.rangeProperty().addListener((obs, old, now) -> {
            clearResults();
            loadShortcuts(); // their counts are of the range too
        });
        addCohort(messages.get("compare.cohort.default.baseline"), "");
        addCohort(messages.get("compare.cohort.default.candidate"), "");
        loadShortcuts();
    }

    /**
     * Reads the cohort shortcuts of the open workspace (service versions, flag variants) in the
     * background, counting the spans in the session's time range; they are read again whenever the
     * workspace's content or the range changes.
     */
    public void loadShortcuts() {
        long mine = ++shortcutRequest;
        shortcuts.clear();
        if (!session.isOpen()) {
            return;
        }
        loadingShortcuts.set(true);
        TimeWindow within = window(timeRange.range());
        BackgroundTask.of(() -> new CohortShortcuts(session.workspace(), List.of(CohortShortcuts.SPANS), within).suggest())
                .onSuccess(list -> {
                    if (mine == shortcutRequest) {
                        shortcuts.setAll(list.stream()
                                .filter(sg -> sg.kind() != CohortShortcuts.Kind.TIME_WINDOW
                                        && sg.cohorts().size() >= MIN_COHORTS)
                                .map(sg -> new Shortcut(sg, shortcutText(sg))).toList());
                    }
                })
                .andFinally(() -> {
                    if (mine == shortcutRequest) {
                        loadingShortcuts.set(false);
                    }
                })
                .executeWith(runner);
    }

    private String shortcutText(CohortShortcuts.Suggestion sg) {
        StringBuilder counts = new StringBuilder();
        for (CohortShortcuts.CohortCount c : sg.cohorts()) {
            counts.append(counts.length() == 0 ? "" : ", ").append(c.cohort().name()).append(' ')
                    .append(Formats.integer(c.spans()));
        }
        return messages.format("compare.shortcut.item", sg.title(), counts.toString());
    }

    /** Fills the builder with a shortcut's cohorts (the first its baseline); its notes show under the cohorts. */
    public void applyShortcut(Shortcut s) {
        if (running.get()) {
            return;
        }
        setCohorts(s.suggestion().cohortList());
        shortcutNote.set(String.join("; ", s.suggestion().notes()));
    }

    private FilterCheck newCheck() {
        FilterCheck c = new FilterCheck(session, runner, messages, catalogs).countWithin(timeRange.rangeProperty());
        if (session.isOpen()) {
            c.check();
        }
        return c;
    }

    /** Adds a cohort at the end (at most {@link #MAX_COHORTS}); returns it, or null when full. */
    public CohortDraft addCohort() {
        return addCohort(messages.format("compare.cohort.default.nth", cohorts.size() + 1), "");
    }

    public CohortDraft addCohort(String name, String filter) {
        if (cohorts.size() >= MAX_COHORTS || running.get()) {
            return null;
        }
        FilterCheck check = new FilterCheck(session, runner, messages, catalogs).countWithin(timeRange.rangeProperty());
        check.textProperty().set(filter);
        CohortDraft d = new CohortDraft(name, check);
        cohorts.add(d);
        if (session.isOpen()) {
            check.check();
        }
        return d;
    }

    /** Removes a cohort while more than {@link #MIN_COHORTS} are left; the next one may become the baseline. */
    public void removeCohort(CohortDraft d) {
        if (cohorts.size() > MIN_COHORTS && !running.get() && cohorts.remove(d)) {
            d.filter().dispose();
        }
    }

    /** Replaces every cohort (a shortcut); keeps at most {@link #MAX_COHORTS}. */
    public void setCohorts(List<Cohort> list) {
        if (running.get() || list.size() < MIN_COHORTS) {
            return;
        }
        List<CohortDraft> old = new ArrayList<>(cohorts);
        cohorts.clear();
        old.forEach(d -> d.filter().dispose());
        for (Cohort c : list.subList(0, Math.min(list.size(), MAX_COHORTS))) {
            addCohort(c.name(), c.filter());
        }
    }

    private void renumber() {
        for (int i = 0; i < cohorts.size(); i++) {
            cohorts.get(i).place(i == 0, i == 0 ? messages.get("compare.cohort.baseline")
                    : messages.format("compare.cohort.candidate", i + 1));
        }
    }

    private void updateBlocker() {
        blocker.set(findBlocker());
    }

    private String findBlocker() {
        if (!session.isOpen()) {
            return messages.get("compare.blocked.no-workspace");
        }
        Set<String> names = new HashSet<>();
        for (CohortDraft d : cohorts) {
            if (d.name().isEmpty()) {
                return messages.get("compare.blocked.name");
            }
            if (!names.add(d.name())) {
                return messages.format("compare.blocked.duplicate", d.name());
            }
            if (d.filter().stateProperty().get() == FilterCheck.State.INVALID) {
                return messages.format("compare.blocked.filter", d.name());
            }
        }
        if (scope.stateProperty().get() == FilterCheck.State.INVALID) {
            return messages.get("compare.blocked.scope");
        }
        if (parseResamples() < 0) {
            return messages.format("compare.blocked.resamples", MAX_RESAMPLES);
        }
        if (parseSeed() == null) {
            return messages.get("compare.blocked.seed");
        }
        return "";
    }

    private int parseResamples() {
        try {
            int r = Integer.parseInt(resamples.get().strip());
            return r >= 0 && r <= MAX_RESAMPLES ? r : -1;
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    private Long parseSeed() {
        try {
            return Long.parseLong(seed.get().strip());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /**
     * The cohorts as the service takes them, each limited to the session's time range: its spans start
     * in it, and its throughput is per second of it. The whole data leaves them without a window.
     */
    public List<Cohort> cohortSpecs() {
        TimeWindow window = window(timeRange.range());
        return cohorts.stream().map(d -> new Cohort(d.name(), d.filter().text(), window)).toList();
    }

    /** The session's range as a cohort's window; null for an open bound (the whole data). */
    static TimeWindow window(TimeRange range) {
        return range.fromNs() == Long.MIN_VALUE || range.toNs() == Long.MAX_VALUE ? null
                : new TimeWindow(range.fromNs(), range.toNs());
    }

    /** The session's time range the cohorts are compared over (the screen's picker binds to it). */
    public TimeRangeModel timeRange() {
        return timeRange;
    }

    /** The options the comparison runs with (resamples and seed from the fields). */
    public ComparisonService.Options options() {
        ComparisonService.Options d = ComparisonService.Options.defaults();
        return new ComparisonService.Options(d.confidence(), Math.max(parseResamples(), 0),
                parseSeed() == null ? d.seed() : parseSeed(), d.alpha(), d.power());
    }

    /** Runs the comparison in the background; does nothing while it cannot (see {@link #blockerProperty()}). */
    public void compare() {
        if (!canCompare.get()) {
            return;
        }
        List<Cohort> specs = cohortSpecs();
        String where = scope.text();
        Unit u = unit.get();
        ComparisonService.Options o = options();
        clearResults();
        running.set(true);
        progress.set(0);
        progressText.set(messages.get("compare.step.read"));
        job = BackgroundTask.withProgress((Consumer<Step> publish, CancellationToken token) ->
                                run(session.workspace(), specs, where, u, o, publish, token),
                        (Step s) -> {
                            progress.set(s.fraction());
                            progressText.set(s.text());
                        },
                        (Step s) -> new TaskProgress(s.fraction(), messages.format("compare.task.step", s.text())))
                .titled(messages.get("compare.task"))
                .holdsBusy(session.busy())
                .onSuccess(this::show)
                .onError(CohortException.class, e -> problem.set(e.getMessage()))
                .andFinally(() -> {
                    boolean cancelled = job != null && job.isCancelled();
                    running.set(false);
                    progress.set(0);
                    progressText.set(cancelled ? messages.get("compare.cancelled") : "");
                    job = null;
                })
                .executeWith(runner);
    }

    /** Stops a running comparison at its next step; nothing of it is shown. */
    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    private Computed run(Workspace ws, List<Cohort> specs, String where, Unit u, ComparisonService.Options o,
                         Consumer<Step> publish, CancellationToken token) throws Exception {
        publish.accept(new Step(0.02, messages.get("compare.step.read")));
        List<CohortObservations.Result> obs = new CohortObservations(ws).read(specs, where, u);
        stopIfCancelled(token);
        publish.accept(new Step(0.2, messages.get("compare.step.tests")));
        ComparisonService.Result r = new ComparisonService(ws).compare(specs, where, u, o);
        stopIfCancelled(token);
        List<double[]> latencies = obs.stream().map(x -> x.observations().latencyMs()).toList();
        List<Long> failures = obs.stream().map(x -> x.observations().failures()).toList();
        List<Outcome<QuantileBootstrap.BootstrapResult>> shifts = new ArrayList<>();
        int pairs = specs.size() - 1;
        for (int i = 1; i < specs.size(); i++) {
            int pair = i - 1;
            publish.accept(new Step(0.5 + 0.3 * pair / pairs, messages.format("compare.step.shift", specs.get(i).name())));
            double[] b = latencies.get(0);
            double[] c = latencies.get(i);
            if (o.resamples() < 2 || b.length == 0 || c.length == 0) {
                shifts.add(Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no bootstrap"));
                continue;
            }
            shifts.add(QuantileBootstrap.differenceOfQuantiles(b, c, ChartData.SHIFT_QUANTILES, o.resamples(),
                    o.confidence(), o.seed(), (done, total) -> publish.accept(new Step(
                            0.5 + 0.3 * (pair + (double) done / total) / pairs,
                            messages.format("compare.step.shift", specs.get(pair + 1).name()))),
                    token::isCancelled));
        }
        stopIfCancelled(token);
        List<AttributeDifferences.Result> attributes = new ArrayList<>();
        AttributeDifferences differences = new AttributeDifferences(ws);
        for (int i = 1; i < specs.size(); i++) {
            publish.accept(new Step(0.8 + 0.2 * (i - 1) / pairs, messages.format("compare.step.attributes",
                    specs.get(i).name())));
            attributes.add(differences.compare(specs.get(0), specs.get(i), where, u));
            stopIfCancelled(token);
        }
        ChartData data = ChartData.of(u.code(), specs.stream().map(Cohort::name).toList(), latencies, failures, shifts,
                o.confidence());
        return new Computed(r, attributes, data);
    }

    private static void stopIfCancelled(CancellationToken token) {
        if (token.isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    private void show(Computed c) {
        cohortRows.setAll(rowsOf.cohorts(c.result()));
        resultRows.setAll(rowsOf.results(c.result()));
        attributeRows.setAll(rowsOf.attributes(c.attributes()));
        tautologicalRows.setAll(rowsOf.tautological(c.attributes()));
        ComparisonService.Result r = c.result();
        StringBuilder ns = new StringBuilder();
        for (ComparisonService.CohortFigures f : r.cohorts()) {
            ns.append(ns.length() == 0 ? "" : ", ").append(f.name()).append(' ').append(Formats.integer(f.n()));
        }
        long pCount = r.comparisons().stream().mapToLong(p -> p.holm().size()).sum();
        summary.set(messages.format("compare.summary", messages.get("compare.unit.per." + r.unit().code()),
                ns.toString(), messages.get("compare.unit.plural." + r.unit().code()),
                Math.round(100 * r.options().confidence()), pCount));
        warnings.set(String.join("\n", r.warnings()));
        // last: whoever waits for the result finds every table filled
        computed.set(c);
    }

    private void clearResults() {
        computed.set(null);
        cohortRows.clear();
        resultRows.clear();
        attributeRows.clear();
        tautologicalRows.clear();
        summary.set("");
        warnings.set("");
        problem.set("");
    }

    /** Writes a chart of the last comparison to {@code file}, off the UI thread; the status bar says how it went. */
    public void exportChart(ChartKind kind, io.prodlab.ui.compare.ChartExport.Format format, Path file, boolean dark) {
        Computed c = computed.get();
        if (c == null) {
            return;
        }
        ChartPalette palette = dark ? ChartPalette.DARK : ChartPalette.LIGHT;
        BackgroundTask.of(() -> {
                    ChartExport.write(charts.chart(kind, c.charts(), palette), format, file);
                    return file;
                })
                .titled(messages.get("compare.export.task"))
                .onSuccess(f -> status.info(messages.format("compare.export.done", f.getFileName().toString())))
                .onError(IOException.class, e -> status.error(messages.format("compare.export.failed", file.toString(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())))
                .executeWith(runner);
    }

    /** The factory the view builds its charts with. */
    public CompareCharts charts() {
        return charts;
    }

    /** The shortcuts of the open workspace, for the builder's menu. */
    public ObservableList<Shortcut> shortcuts() {
        return shortcuts;
    }

    public ReadOnlyBooleanProperty loadingShortcutsProperty() {
        return loadingShortcuts.getReadOnlyProperty();
    }

    /** What the last shortcut applied says to know before using it, "" when nothing. */
    public ReadOnlyStringProperty shortcutNoteProperty() {
        return shortcutNote.getReadOnlyProperty();
    }

    public ObservableList<CohortDraft> cohorts() {
        return cohorts;
    }

    public FilterCheck scope() {
        return scope;
    }

    public ObjectProperty<Unit> unitProperty() {
        return unit;
    }

    public StringProperty resamplesProperty() {
        return resamples;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The running step, or "Cancelled." after a cancel. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Why Compare cannot run now ("Give every cohort a name."), "" when it can. */
    public ReadOnlyStringProperty blockerProperty() {
        return blocker.getReadOnlyProperty();
    }

    /** Why the last comparison could not run (bad input the service found), "" otherwise. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** One line over the results: the unit, the cohorts' sizes, the interval level, the adjusted family. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The filters' warnings of the last comparison, one a line. */
    public ReadOnlyStringProperty warningsProperty() {
        return warnings.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Computed> computedProperty() {
        return computed.getReadOnlyProperty();
    }

    public ObservableList<CompareRows.CohortRow> cohortRows() {
        return cohortRows;
    }

    public ObservableList<CompareRows.ResultRow> resultRows() {
        return resultRows;
    }

    public ObservableList<CompareRows.AttributeRow> attributeRows() {
        return attributeRows;
    }

    public ObservableList<CompareRows.AttributeRow> tautologicalRows() {
        return tautologicalRows;
    }

    public BooleanBinding canCompareProperty() {
        return canCompare;
    }

    public BooleanBinding canAddProperty() {
        return canAdd;
    }

    public BooleanBinding canRemoveProperty() {
        return canRemove;
    }
}
