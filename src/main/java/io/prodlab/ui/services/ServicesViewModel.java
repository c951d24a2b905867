package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.store.ServiceStatsQuery;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.WorkspaceSession;
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

import java.util.Locale;

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

    private final ObservableList<ServiceStats> all = FXCollections.observableArrayList();
    private final FilteredList<ServiceStats> filtered = new FilteredList<>(all, s -> true);
    private final SortedList<ServiceStats> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private long request;

    public ServicesViewModel(WorkspaceSession session, TaskRunner runner, Messages messages) {
        this.session = session;
        this.runner = runner;
        this.messages = messages;
        filter.addListener((obs, old, text) -> applyFilter());
        session.revisionProperty().addListener((obs, old, rev) -> refresh());
        updateTexts();
    }

    /** Reloads the figures from the workspace. */
    public void refresh() {
        long mine = ++request;
        if (!session.isOpen()) {
            all.clear();
            updateTexts();
            return;
        }
        loading.set(true);
        updateTexts();
        BackgroundTask.of(() -> new ServiceStatsQuery(session.workspace()).services())
                .titled(messages.get("services.task"))
                .onSuccess(list -> {
                    if (mine == request) {
                        all.setAll(list);
                    }
                })
                .whenFailed(e -> {
                    if (mine == request) {
                        all.clear();
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

    /** What the table says when it has no row. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }
}
