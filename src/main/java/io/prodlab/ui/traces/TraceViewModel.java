package io.prodlab.ui.traces;

import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.TraceQuery;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskHandle;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One trace as a waterfall: loads its spans, events and links off the FX thread, keeps which
 * subtrees are collapsed and so which rows are shown, and the details of the selected span. The
 * rows are a flat list, so the view's list virtualises them: only the rows on screen exist as nodes,
 * whatever the trace's size.
 */
public final class TraceViewModel {
    /** A service of the legend with its palette index. */
    public record LegendEntry(String service, int color) {
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages m;
    private final Supplier<ServiceColors> colors;

    private final ReadOnlyObjectWrapper<WaterfallModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ObservableList<WaterfallRow> visible = FXCollections.observableArrayList();
    private final ObservableList<LegendEntry> legend = FXCollections.observableArrayList();
    private final ObservableList<DetailRow> details = FXCollections.observableArrayList();
    private final ObjectProperty<WaterfallRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper(this, "notes", "");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private final BitSet collapsed = new BitSet();
    private TaskHandle running;
    private long request;
    private long detailRequest;

    public TraceViewModel(WorkspaceSession session, TaskRunner runner, Messages messages,
                          Supplier<ServiceColors> colors) {
        this.session = session;
        this.runner = runner;
        this.m = messages;
        this.colors = colors;
        selected.addListener((obs, old, row) -> showDetails(row));
        session.pathProperty().addListener((obs, old, path) -> clear());
        emptyText.set(m.get("traces.trace.empty"));
    }

    /**
     * Loads trace {@code traceId} (hex, any case) in place of the one shown. A trace id that is not
     * hex, or that the workspace does not hold, leaves the view empty with a message saying so.
     */
    public void open(String traceId) {
        cancel();
        long mine = ++request;
        String id = traceId == null ? "" : traceId.strip().toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{1,32}")) {
            clear();
            emptyText.set(m.format("traces.trace.bad-id", traceId == null ? "" : traceId.strip()));
            return;
        }
        if (!session.isOpen()) {
            clear();
            return;
        }
        loading.set(true);
        emptyText.set(m.format("traces.trace.loading", id));
        ServiceColors palette = colors.get();
        running = BackgroundTask.cancellable(token -> {
                    TraceQuery q = new TraceQuery(session.workspace());
                    List<SpanRecord> spans = q.outline(id);
                    if (token.isCancelled()) {
                        return null;
                    }
                    List<TraceQuery.Event> events = spans.isEmpty() ? List.of() : q.events(id);
                    List<TraceQuery.Link> links = spans.isEmpty() ? List.of() : q.links(id);
                    return token.isCancelled() ? null : WaterfallModel.build(id, spans, events, links, palette);
                })
                .titled(m.format("traces.trace.task", id))
                .onSuccess(w -> {
                    if (mine == request && w != null) {
                        show(w);
                    }
                })
                .whenFailed(e -> {
                    if (mine == request) {
                        clear();
                    }
                })
                .andFinally(() -> {
                    if (mine == request) {
                        loading.set(false);
                        running = null;
                    }
                })
                .executeWith(runner);
    }

    /** Stops a load that is still running. */
    public void cancel() {
        TaskHandle h = running;
        if (h != null && h.isRunning()) {
            h.cancel();
            Workspace ws = currentWorkspace();
            if (ws != null) {
                ws.cancelRunningQuery();
            }
        }
    }

    private Workspace currentWorkspace() {
        try {
            return session.isOpen() ? session.workspace() : null;
        } catch (io.prodlab.store.WorkspaceException e) {
            return null;
        }
    }

    private void show(WaterfallModel w) {
        collapsed.clear();
        model.set(w);
        if (w.rows().isEmpty()) {
            visible.clear();
            legend.clear();
            title.set("");
            notes.set("");
            emptyText.set(m.format("traces.trace.missing", w.traceId()));
            selected.set(null);
            return;
        }
        visible.setAll(w.rows());
        List<LegendEntry> entries = new ArrayList<>();
        for (String s : w.services()) {
            entries.add(new LegendEntry(s, colors.get().of(s)));
        }
        legend.setAll(entries);
        SpanRecord root = w.rows().get(0).span();
        title.set(m.format("traces.trace.title", root.serviceName(), root.name(), w.rows().size(),
                Formats.duration(w.durationNs() / 1e6), w.services().size(), w.errors()));
        List<String> flags = new ArrayList<>();
        if (w.orphans() > 0) {
            flags.add(m.format("traces.trace.orphans", w.orphans()));
        }
        if (w.skewed() > 0) {
            flags.add(m.format("traces.trace.skew", w.skewed()));
        }
        notes.set(String.join("  \u00b7  ", flags));
        selected.set(w.rows().get(0));
    }

    private void clear() {
        model.set(null);
        visible.clear();
        legend.clear();
        details.clear();
        selected.set(null);
        collapsed.clear();
        title.set("");
        notes.set("");
        emptyText.set(m.get("traces.trace.empty"));
    }

    // --- collapsing ----------------------------------------------------------------------

    public boolean isCollapsed(WaterfallRow row) {
        return row != null && collapsed.get(row.index());
    }

    /** Hides ({@code true}) or shows again the spans below {@code row}. */
    public void setCollapsed(WaterfallRow row, boolean collapse) {
        if (row == null || !row.hasChildren() || collapsed.get(row.index()) == collapse) {
            return;
        }
        collapsed.set(row.index(), collapse);
        rebuildVisible();
    }

    public void toggle(WaterfallRow row) {
        setCollapsed(row, !isCollapsed(row));
    }

    /** Collapses every span that has children but the roots' own, so the first level shows. */
    public void collapseAll() {
        WaterfallModel w = model.get();
        if (w == null) {
            return;
        }
        collapsed.clear();
        for (WaterfallRow r : w.rows()) {
            if (r.hasChildren() && r.depth() > 0) {
                collapsed.set(r.index());
            }
        }
        rebuildVisible();
    }

    public void expandAll() {
        collapsed.clear();
        rebuildVisible();
    }

    private void rebuildVisible() {
        WaterfallModel w = model.get();
        if (w == null) {
            return;
        }
        List<WaterfallRow> all = w.rows();
        List<WaterfallRow> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            WaterfallRow r = all.get(i);
            out.add(r);
            if (collapsed.get(i)) {
                i += r.descendants();
            }
        }
        WaterfallRow keep = selected.get();
        visible.setAll(out);
        if (keep != null) {
            // The shown row whose subtree holds the selected span: itself, or (when it went into a
            // collapsed subtree) the collapsed span that hides it.
            WaterfallRow owner = null;
            for (WaterfallRow r : out) {
                if (r.index() > keep.index()) {
                    break;
                }
                if (r.index() + r.descendants() >= keep.index()) {
                    owner = r;
                }
            }
            if (owner != keep) {
                selected.set(owner);
            }
        }
    }

    // --- details -------------------------------------------------------------------------

    /**
     * The outline's details at once, then the span read whole (attributes, resource, version, status
     * message, scope) off the FX thread.
     */
    private void showDetails(WaterfallRow row) {
        long mine = ++detailRequest;
        WaterfallModel w = model.get();
        if (row == null || w == null) {
            details.clear();
            return;
        }
        details.setAll(details(row.span(), row, w));
        if (!session.isOpen()) {
            return;
        }
        BackgroundTask.of(() -> new TraceQuery(session.workspace()).span(w.traceId(), row.span().spanId()))
                .onSuccess(full -> {
                    if (mine == detailRequest && full != null && model.get() == w) {
                        details.setAll(details(full, row, w));
                    }
                })
                .executeWith(runner);
    }

    private List<DetailRow> details(SpanRecord s, WaterfallRow row, WaterfallModel w) {
        List<DetailRow> out = new ArrayList<>();
        String span = m.get("traces.details.span");
        out.add(new DetailRow(span, m.get("traces.details.service"), s.serviceName()
                + (s.serviceVersion().isEmpty() ? "" : " " + s.serviceVersion())));
        out.add(new DetailRow(span, m.get("traces.details.operation"), s.name()));
        out.add(new DetailRow(span, m.get("traces.details.kind"), s.kind().code()));
        out.add(new DetailRow(span, m.get("traces.details.start"), m.format("traces.details.offset",
                Formats.duration((s.startNs() - w.startNs()) / 1e6))));
        out.add(new DetailRow(span, m.get("traces.details.duration"), Formats.duration(s.durationNs() / 1e6)));
        out.add(new DetailRow(span, m.get("traces.details.status"), s.status().code()
                + (s.statusMessage().isEmpty() ? "" : ": " + s.statusMessage())));
        out.add(new DetailRow(span, m.get("traces.details.span-id"), s.spanId()));
        out.add(new DetailRow(span, m.get("traces.details.parent-id"), s.parentSpanId().isEmpty()
                ? m.get("traces.details.no-parent") : s.parentSpanId()));
        if (row.critical()) {
            long onPath = 0;
            for (int i = 0; i < row.criticalSections().length; i += 2) {
                onPath += row.criticalSections()[i + 1] - row.criticalSections()[i];
            }
            out.add(new DetailRow(span, m.get("traces.details.critical"), Formats.duration(onPath / 1e6)));
        }
        if (row.orphan()) {
            out.add(new DetailRow(span, m.get("traces.details.flag"), m.get("traces.details.orphan")));
        }
        if (row.clockSkew()) {
            out.add(new DetailRow(span, m.get("traces.details.flag"), m.get("traces.details.skew")));
        }
        if (!s.scopeName().isEmpty()) {
            out.add(new DetailRow(span, m.get("traces.details.scope"), s.scopeName()
                    + (s.scopeVersion().isEmpty() ? "" : " " + s.scopeVersion())));
        }
        if (!s.traceState().isEmpty()) {
            out.add(new DetailRow(span, m.get("traces.details.trace-state"), s.traceState()));
        }
        String attributes = m.get("traces.details.attributes");
        for (Map.Entry<String, String> e : AttributeText.entries(s.attributesJson())) {
            out.add(new DetailRow(attributes, e.getKey(), e.getValue()));
        }
        String events = m.get("traces.details.events");
        for (TraceQuery.Event e : w.events(s.spanId())) {
            String attrs = AttributeText.inline(e.attributesJson());
            out.add(new DetailRow(events, m.format("traces.details.event", Formats.duration((e.timeNs() - s.startNs()) / 1e6),
                    e.name()), attrs));
        }
        String links = m.get("traces.details.links");
        for (TraceQuery.Link l : w.links(s.spanId())) {
            out.add(new DetailRow(links, l.linkedTraceId() + " / " + l.linkedSpanId(),
                    AttributeText.inline(l.attributesJson())));
        }
        String resource = m.get("traces.details.resource");
        for (Map.Entry<String, String> e : AttributeText.entries(s.resourceJson())) {
            out.add(new DetailRow(resource, e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The linked trace of a link row, if the selected span has one with that key, for "open the linked trace". */
    public String linkedTrace(DetailRow row) {
        WaterfallRow r = selected.get();
        WaterfallModel w = model.get();
        if (r == null || w == null || row == null) {
            return null;
        }
        for (TraceQuery.Link l : w.links(r.span().spanId())) {
            if ((l.linkedTraceId() + " / " + l.linkedSpanId()).equals(row.key())) {
                return l.linkedTraceId();
            }
        }
        return null;
    }

    /** Whether the span is an error, for the bar's colour. */
    public static boolean isError(WaterfallRow row) {
        return row.span().status() == SpanStatus.ERROR;
    }

    // --- properties ----------------------------------------------------------------------

    public ReadOnlyObjectProperty<WaterfallModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The rows shown: every span but those inside collapsed subtrees. */
    public ObservableList<WaterfallRow> visibleRows() {
        return visible;
    }

    public ObservableList<LegendEntry> legend() {
        return legend;
    }

    public ObservableList<DetailRow> details() {
        return details;
    }

    public ObjectProperty<WaterfallRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "frontend: GET / — 15 spans, 82.6 ms, 4 services, 0 errors". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Orphan spans and clock skew, when there are any. */
    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }
}
