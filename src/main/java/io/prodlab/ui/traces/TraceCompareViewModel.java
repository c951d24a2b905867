package io.prodlab.ui.traces;

import io.prodlab.graph.TraceComparison;
import io.prodlab.graph.TraceTree;
import io.prodlab.model.SpanRecord;
import io.prodlab.store.TraceQuery;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Formats;
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

import java.util.List;
import java.util.Locale;

/**
 * Two traces compared ({@link TraceComparison}): the merged tree of their {@code service:
 * operation} paths, what only one of them has, and the duration difference of each shared node.
 * Trace A is the baseline; differences are B minus A.
 */
public final class TraceCompareViewModel {
    private record Loaded(boolean missingA, boolean missingB, TraceComparison comparison) {
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages m;

    private final StringProperty traceA = new SimpleStringProperty(this, "traceA", "");
    private final StringProperty traceB = new SimpleStringProperty(this, "traceB", "");
    private final ObservableList<TraceComparison.Node> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private long request;

    public TraceCompareViewModel(WorkspaceSession session, TaskRunner runner, Messages messages) {
        this.session = session;
        this.runner = runner;
        this.m = messages;
        session.pathProperty().addListener((obs, old, p) -> {
            rows.clear();
            summary.set("");
        });
    }

    /** Compares {@code a} (the baseline) with {@code b}. */
    public void compare(String a, String b) {
        traceA.set(a == null ? "" : a);
        traceB.set(b == null ? "" : b);
        compare();
    }

    /** Compares the two traces whose ids the fields hold. */
    public void compare() {
        String a = traceA.get() == null ? "" : traceA.get().strip().toLowerCase(Locale.ROOT);
        String b = traceB.get() == null ? "" : traceB.get().strip().toLowerCase(Locale.ROOT);
        for (String id : List.of(a, b)) {
            if (!id.matches("[0-9a-f]{1,32}")) {
                problem.set(m.format("traces.trace.bad-id", id));
                return;
            }
        }
        if (!session.isOpen()) {
            return;
        }
        problem.set("");
        long mine = ++request;
        loading.set(true);
        BackgroundTask.of(() -> {
                    TraceQuery q = new TraceQuery(session.workspace());
                    List<SpanRecord> sa = q.outline(a);
                    List<SpanRecord> sb = q.outline(b);
                    return new Loaded(sa.isEmpty(), sb.isEmpty(), TraceComparison.of(new TraceTree(sa), new TraceTree(sb)));
                })
                .titled(m.get("traces.compare.task"))
                .onSuccess(r -> {
                    if (mine != request) {
                        return;
                    }
                    if (r.missingA() || r.missingB()) {
                        rows.clear();
                        summary.set("");
                        problem.set(m.format("traces.trace.missing", r.missingA() ? a : b));
                        return;
                    }
                    TraceComparison c = r.comparison();
                    rows.setAll(c.nodes());
                    TraceComparison.Summary s = c.summary();
                    summary.set(m.format("traces.compare.summary", s.both(), s.onlyA(), s.onlyB(), s.countChanged(),
                            Formats.duration(s.durationNsA() / 1e6), Formats.duration(s.durationNsB() / 1e6)));
                })
                .whenFailed(e -> {
                    if (mine == request) {
                        rows.clear();
                        summary.set("");
                    }
                })
                .andFinally(() -> {
                    if (mine == request) {
                        loading.set(false);
                    }
                })
                .executeWith(runner);
    }

    /** Swaps baseline and candidate and compares again. */
    public void swap() {
        String a = traceA.get();
        traceA.set(traceB.get());
        traceB.set(a);
        if (!rows.isEmpty()) {
            compare();
        }
    }

    public StringProperty traceAProperty() {
        return traceA;
    }

    public StringProperty traceBProperty() {
        return traceB;
    }

    /** The merged tree, depth first. */
    public ObservableList<TraceComparison.Node> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "12 shared, 2 only in A, 3 only in B; A 82 ms, B 140 ms". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
