package io.prodlab.ui.services;

import io.prodlab.model.Annotation;
import io.prodlab.model.RedSeries;
import io.prodlab.model.ServiceStats;
import io.prodlab.store.AnnotationQuery;
import io.prodlab.store.OperationStatsQuery;
import io.prodlab.store.RedSeriesQuery;
import io.prodlab.store.ServiceStatsQuery;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.ChartExport;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.RedChart;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Services screen: the workspace's per-service figures ({@code Workspace.services()}),
 * filtered by a piece of the service name and sorted by whatever column the view says. Reloads
 * whenever the workspace's content changes (another workspace opened, an import landed). A
 * failure to load empties the table; the reporter shows it by its category.
 */
public final class ServicesViewModel {
    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages messages;
    private final TimeRangeModel timeRange;
    private final StatusBarModel status;

    private final ObservableList<ServiceStats> all = FXCollections.observableArrayList();
    private final FilteredList<ServiceStats> filtered = new FilteredList<>(all, s -> true);
    private final SortedList<ServiceStats> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private long request;

    private final ObjectProperty<ServiceStats> selectedService = new SimpleObjectProperty<>(this, "selectedService");
    private final ObjectProperty<ServiceStats> selectedOperation = new SimpleObjectProperty<>(this, "selectedOperation");
    private final ObservableList<ServiceStats> operationsAll = FXCollections.observableArrayList();
    private final SortedList<ServiceStats> operations = new SortedList<>(operationsAll);
    private final ReadOnlyStringWrapper operationsTitle = new ReadOnlyStringWrapper(this, "operationsTitle", "");
    private final ReadOnlyStringWrapper operationsEmptyText = new ReadOnlyStringWrapper(this, "operationsEmptyText", "");
    private final ReadOnlyObjectWrapper<RedSeries> series = new ReadOnlyObjectWrapper<>(this, "series");
    private final ReadOnlyObjectWrapper<List<Annotation>> annotations = new ReadOnlyObjectWrapper<>(this, "annotations",
            List.of());
    private final ReadOnlyStringWrapper seriesTitle = new ReadOnlyStringWrapper(this, "seriesTitle", "");
    private final ReadOnlyStringWrapper seriesText = new ReadOnlyStringWrapper(this, "seriesText", "");
    private final ReadOnlyStringWrapper bucketText = new ReadOnlyStringWrapper(this, "bucketText", "");
    private final ObjectProperty<Consumer<TracesRequest>> onShowTraces = new SimpleObjectProperty<>(this, "onShowTraces");
    private final BooleanBinding showTracesAvailable;
    /** While the rows are replaced, the table's selection empties for a moment: not the user's doing. */
    private boolean replacing;
    private long detailRequest;
    private long seriesRequest;

    public ServicesViewModel(WorkspaceSession session, TaskRunner runner, Messages messages, TimeRangeModel timeRange,
                             StatusBarModel status) {
        this.session = session;
        this.runner = runner;
        this.messages = messages;
        this.timeRange = timeRange;
        this.status = status;
        filter.addListener((obs, old, text) -> applyFilter());
        session.revisionProperty().addListener((obs, old, rev) -> refresh());
        timeRange.rangeProperty().addListener((obs, old, range) -> refresh());
        selectedService.addListener((obs, old, now) -> {
            if (!sameName(old, now)) {
                replacing = true;
                try {
                    selectedOperation.set(null);
                } finally {
                    replacing = false;
                }
                operationsAll.clear();
                loadDetail();
            }
        });
        selectedOperation.addListener((obs, old, now) -> {
            if (!replacing && !sameName(old, now)) {
                loadSeries();
            }
        });
        showTracesAvailable = Bindings.createBooleanBinding(
                () -> onShowTraces.get() != null && selectedService.get() != null, onShowTraces, selectedService);
        updateTexts();
        updateDetailTexts();
    }

    private static boolean sameName(ServiceStats a, ServiceStats b) {
        return a == null ? b == null : b != null && Objects.equals(a.name(), b.name());
    }

    /** Reloads the figures from the workspace. */
    public void refresh() {
        long mine = ++request;
        if (!session.isOpen()) {
            replaceRows(List.of());
            updateTexts();
            return;
        }
        loading.set(true);
        updateTexts();
        TimeRange range = timeRange.range();
        BackgroundTask.of(() -> new ServiceStatsQuery(session.workspace())
                        .services("TRUE", List.of(), range.fromNs(), range.toNs()))
                .titled(messages.get("services.task"))
                .onSuccess(list -> {
                    if (mine == request) {
                        replaceRows(list);
                    }
                })
                .whenFailed(e -> {
                    if (mine == request) {
                        replaceRows(List.of());
                    }
                })
                .andFinally(() -> {
                    if (mine == request) {
                        loading.set(false);
                        updateTexts();
                    }
                })
                .executeWith(runner);
    }

    /** Puts in the new rows and selects the row of the service that was selected, which reloads its detail. */
    private void replaceRows(List<ServiceStats> list) {
        ServiceStats before = selectedService.get();
        replacing = true;
        try {
            all.setAll(list);
        } finally {
            replacing = false;
        }
        ServiceStats again = before == null ? null
                : list.stream().filter(s -> s.name().equals(before.name())).findFirst().orElse(null);
        selectedService.set(again);
        if (again != null) {
            loadDetail();
        }
    }

    /**
     * The table's selection changed to {@code row} (null: none). Ignored while the rows are being
     * replaced, which empties the table's selection for a moment.
     */
    public void selectService(ServiceStats row) {
        if (!replacing) {
            selectedService.set(row);
        }
    }

    /** The operations table's selection changed to {@code row} (null: the whole service). */
    public void selectOperation(ServiceStats row) {
        if (!replacing) {
            selectedOperation.set(row);
        }
    }

    private void loadDetail() {
        long mine = ++detailRequest;
        ServiceStats service = selectedService.get();
        updateDetailTexts();
        if (service == null || !session.isOpen()) {
            operationsAll.clear();
            series.set(null);
            updateDetailTexts();
            return;
        }
        TimeRange range = timeRange.range();
        BackgroundTask.of(() -> new OperationStatsQuery(session.workspace())
                        .operations(service.name(), range.fromNs(), range.toNs()))
                .titled(messages.format("services.ops.task", service.name()))
                .onSuccess(list -> {
                    if (mine == detailRequest) {
                        ServiceStats before = selectedOperation.get();
                        replacing = true;
                        try {
                            operationsAll.setAll(list);
                        } finally {
                            replacing = false;
                        }
                        selectedOperation.set(before == null ? null : list.stream()
                                .filter(o -> o.name().equals(before.name())).findFirst().orElse(null));
                        updateDetailTexts();
                    }
                })
                .whenFailed(e -> {
                    if (mine == detailRequest) {
                        operationsAll.clear();
                    }
                })
                .executeWith(runner);
        loadSeries();
    }

    private void loadSeries() {
        long mine = ++seriesRequest;
        ServiceStats service = selectedService.get();
        ServiceStats operation = selectedOperation.get();
        series.set(null);
        if (service == null || !session.isOpen()) {
            updateDetailTexts();
            return;
        }
        seriesText.set(messages.get("services.detail.loading"));
        updateDetailTexts();
        TimeRange range = timeRange.range();
        String name = operation == null ? service.name() : service.name() + " " + operation.name();
        BackgroundTask.of(() -> {
                    RedSeriesQuery q = new RedSeriesQuery(session.workspace());
                    RedSeries s = operation == null ? q.service(service.name(), range.fromNs(), range.toNs())
                            : q.operation(service.name(), operation.name(), range.fromNs(), range.toNs());
                    return new Detail(s, new AnnotationQuery(session.workspace()).overlapping(s.fromNs(), s.toNs()));
                })
                .titled(messages.format("services.detail.task", name))
                .onSuccess(d -> {
                    if (mine == seriesRequest) {
                        annotations.set(d.annotations());
                        series.set(d.series());
                    }
                })
                .andFinally(() -> {
                    if (mine == seriesRequest) {
                        updateDetailTexts();
                    }
                })
                .executeWith(runner);
    }

    /** What one load of the chart brings: the series and the annotations of its range. */
    private record Detail(RedSeries series, List<Annotation> annotations) {
    }

    private void updateDetailTexts() {
        ServiceStats service = selectedService.get();
        ServiceStats operation = selectedOperation.get();
        if (service == null) {
            seriesTitle.set("");
            operationsTitle.set("");
            operationsEmptyText.set("");
            seriesText.set(messages.get("services.detail.none"));
            bucketText.set("");
            return;
        }
        seriesTitle.set(operation == null ? messages.format("services.detail.service", service.name())
                : messages.format("services.detail.operation", service.name(), operation.name()));
        operationsTitle.set(messages.format("services.ops.title", service.name()));
        operationsEmptyText.set(messages.format("services.ops.empty", service.name()));
        RedSeries s = series.get();
        if (s != null) {
            bucketText.set(s.bucketNs() > 0 ? messages.format("services.detail.buckets",
                    Formats.duration(s.bucketNs() / 1e6)) : "");
            seriesText.set(s.isEmpty() ? messages.format("services.detail.empty",
                    operation == null ? service.name() : service.name() + " \u00b7 " + operation.name()) : "");
        } else {
            bucketText.set("");
        }
    }

    /** Sets the session's time range to a window dragged on the chart. */
    public void selectWindow(long fromNs, long toNs) {
        timeRange.select(fromNs, toNs);
    }

    /** Opens the traces of the selection in the session's range; does nothing without a handler or selection. */
    public void showTraces() {
        Consumer<TracesRequest> handler = onShowTraces.get();
        ServiceStats service = selectedService.get();
        if (handler == null || service == null) {
            return;
        }
        ServiceStats operation = selectedOperation.get();
        handler.accept(new TracesRequest(service.name(), operation == null ? null : operation.name()));
    }

    /**
     * Writes the chart shown now to {@code file} (PNG, or SVG by its extension) in the light theme,
     * off the UI thread; the status bar tells how it went.
     */
    public void exportChart(Path file) {
        RedSeries s = series.get();
        if (s == null || file == null) {
            return;
        }
        String title = seriesTitle.get();
        List<RedChart.Shade> shades = RedChart.Shade.of(annotations.get(), s.toNs());
        BackgroundTask.of(() -> {
                    ChartExport.write(RedChart.create(s, title, shades, false, messages), file);
                    return file;
                })
                .titled(messages.get("chart.export.task"))
                .onSuccess(f -> status.info(messages.format("chart.export.done", f)))
                .onError(java.io.IOException.class, e -> status.error(messages.format("chart.export.failed", file,
                        e.getMessage())))
                .executeWith(runner);
    }

    private void applyFilter() {
        String needle = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(needle.isEmpty() ? s -> true
                : s -> s.name() != null && s.name().toLowerCase(Locale.ROOT).contains(needle));
        updateTexts();
    }

    private void updateTexts() {
        summary.set(all.isEmpty() ? "" : messages.format("services.summary", filtered.size(), all.size()));
        String needle = filter.get() == null ? "" : filter.get().strip();
        if (loading.get()) {
            emptyText.set(messages.get("services.loading"));
        } else if (!session.isOpen()) {
            emptyText.set(messages.get("services.empty.no-workspace"));
        } else if (all.isEmpty()) {
            emptyText.set(messages.get("services.empty"));
        } else {
            emptyText.set(messages.format("services.empty.filtered", needle));
        }
    }

    /**
     * The rows to show, filtered and sorted; the view binds this list's comparator to its table's
     * so that clicking a column header sorts.
     */
    public SortedList<ServiceStats> rows() {
        return sorted;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "3 of 8 services". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The session's time range, for the picker the view shows. */
    public TimeRangeModel timeRange() {
        return timeRange;
    }

    /** The service whose detail shows; the view mirrors its table's selection here. */
    public ReadOnlyObjectProperty<ServiceStats> selectedServiceProperty() {
        return selectedService;
    }

    public ReadOnlyObjectProperty<ServiceStats> selectedOperationProperty() {
        return selectedOperation;
    }

    /** The selected service's operations, sorted by what the view's table says. */
    public SortedList<ServiceStats> operations() {
        return operations;
    }

    /** "Operations of checkout". */
    public ReadOnlyStringProperty operationsTitleProperty() {
        return operationsTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty operationsEmptyTextProperty() {
        return operationsEmptyText.getReadOnlyProperty();
    }

    /** RED over time of the selected operation, else of the selected service; null while loading or without selection. */
    public ReadOnlyObjectProperty<RedSeries> seriesProperty() {
        return series.getReadOnlyProperty();
    }

    /**
     * The annotations (fault windows, deploys, ...) that the series' range overlaps, set just before
     * the series; the chart shades them and a dragged window snaps to their ends.
     */
    public ReadOnlyObjectProperty<List<Annotation>> annotationsProperty() {
        return annotations.getReadOnlyProperty();
    }

    /** "checkout — requests over time". */
    public ReadOnlyStringProperty seriesTitleProperty() {
        return seriesTitle.getReadOnlyProperty();
    }

    /** What the chart area says instead of a chart (nothing selected, loading, no request in range); empty beside a chart. */
    public ReadOnlyStringProperty seriesTextProperty() {
        return seriesText.getReadOnlyProperty();
    }

    /** "in buckets of 10.00 s". */
    public ReadOnlyStringProperty bucketTextProperty() {
        return bucketText.getReadOnlyProperty();
    }

    /**
     * Who opens traces: set by the composition root when a trace view exists. Until then the view
     * offers no "Show traces".
     */
    public void setOnShowTraces(Consumer<TracesRequest> handler) {
        onShowTraces.set(handler);
    }

    /** A handler is set and a service is selected. */
    public BooleanBinding showTracesAvailableProperty() {
        return showTracesAvailable;
    }

    /** What the table says when it has no row. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }
}
