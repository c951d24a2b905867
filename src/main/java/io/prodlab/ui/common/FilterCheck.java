package io.prodlab.ui.common;

import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * The model of a {@link FilterExpressionField}: one expression of DESIGN.md's filter language and
 * what checking it against the open workspace found — the syntax error (its column and what was
 * expected), the warnings (a field no span carries) and how many spans match. Checking parses,
 * compiles and counts in a {@link BackgroundTask}; a new check cancels the one still waiting.
 * Editing the text marks the result {@link State#PENDING} at once; the field asks for a check after
 * a pause in typing.
 *
 * <p>An empty expression is valid and keeps every span, as {@code --where} left out does. A check
 * that {@link #countWithin follows a time range} counts the matching spans that start in it, and
 * checks again when the range changes.
 */
public final class FilterCheck {
    /** Where the check stands. */
    public enum State {
        /** Nothing to check: no workspace is open. */
        IDLE,
        /** The text changed since the last check. */
        PENDING,
        /** A check is queued or running. */
        CHECKING,
        /** It parses; the count and warnings are those of the current text. */
        VALID,
        /** It does not parse: see the error and its column. */
        INVALID
    }

    /** What a check of one text found; {@code error} null when it parses. */
    public record Result(String text, String error, int column, List<String> warnings, long count) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return error == null;
        }
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages messages;
    private final FieldCatalogCache catalogs;

    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ReadOnlyIntegerWrapper errorColumn = new ReadOnlyIntegerWrapper(this, "errorColumn", 0);
    private final ReadOnlyLongWrapper count = new ReadOnlyLongWrapper(this, "count", -1);
    private final BooleanBinding usable = Bindings.createBooleanBinding(() -> state.get() != State.INVALID, state);
    private final javafx.beans.value.ChangeListener<Number> onContentChange = (obs, old, now) -> check();
    private TaskHandle running;
    private long request;
    private javafx.beans.value.ObservableValue<TimeRange> range;
    private final javafx.beans.value.ChangeListener<TimeRange> onRangeChange = (obs, old, now) -> check();

    public FilterCheck(WorkspaceSession session, TaskRunner runner, Messages messages, FieldCatalogCache catalogs) {
        this.session = session;
        this.runner = runner;
        this.messages = messages;
        this.catalogs = catalogs;
        text.addListener((obs, old, now) -> {
            if (session.isOpen()) {
                // the last count or error is of another text: do not show it as this one's
                state.set(State.PENDING);
                message.set(messages.get("filter.checking"));
                warning.set("");
            }
        });
        session.revisionProperty().addListener(onContentChange);
        if (session.isOpen()) {
            state.set(State.PENDING);
        }
    }

    /**
     * Checks the current text now: cancels a check still waiting for the worker and queues a new one.
     * Call on the UI thread.
     */
    public void check() {
        long mine = ++request;
        if (running != null) {
            running.cancel();
            running = null;
        }
        if (!session.isOpen()) {
            state.set(State.IDLE);
            message.set("");
            warning.set("");
            errorColumn.set(0);
            count.set(-1);
            return;
        }
        String expr = text.get() == null ? "" : text.get();
        int revision = session.revisionProperty().get();
        TimeRange within = range == null ? TimeRange.WHOLE : range.getValue();
        state.set(State.CHECKING);
        message.set(messages.get("filter.checking"));
        running = BackgroundTask.cancellable(token -> {
                    Workspace ws = session.workspace();
                    return evaluate(ws, catalogs.catalog(ws, revision), expr, within.fromNs(), within.toNs());
                })
                .onSuccess(r -> {
                    if (mine == request) {
                        show(r);
                    }
                })
                .onError(WorkspaceException.class, e -> {
                    if (mine == request) {
                        state.set(State.PENDING);
                        message.set(e.getMessage());
                    }
                })
                .executeWith(runner);
    }

    /**
     * Counts only the matching spans that start in {@code timeRange} (the session's), and checks again
     * whenever it changes — for a filter that is applied over that range.
     */
    public FilterCheck countWithin(javafx.beans.value.ObservableValue<TimeRange> timeRange) {
        if (range != null) {
            range.removeListener(onRangeChange);
        }
        range = timeRange;
        range.addListener(onRangeChange);
        return this;
    }

    /** Stops following the workspace (a removed cohort's filter); a check still waiting is cancelled. */
    public void dispose() {
        session.revisionProperty().removeListener(onContentChange);
        if (range != null) {
            range.removeListener(onRangeChange);
        }
        request++;
        if (running != null) {
            running.cancel();
            running = null;
        }
    }

    /** Parses, compiles and counts {@code expr} on {@code ws}: what {@link #check()} does off the UI thread. */
    public static Result evaluate(Workspace ws, FieldCatalog catalog, String expr) throws WorkspaceException {
        return evaluate(ws, catalog, expr, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As {@link #evaluate(Workspace, FieldCatalog, String)}, counting the spans that start in [fromNs, toNs). */
    public static Result evaluate(Workspace ws, FieldCatalog catalog, String expr, long fromNs, long toNs)
            throws WorkspaceException {
        SqlFilter f;
        try {
            f = FilterCompiler.compileOptional(expr, "s", catalog);
        } catch (FilterSyntaxException e) {
            return new Result(expr, e.getMessage(), e.column(), List.of(), -1);
        }
        String sql = f.sql();
        List<Object> params = new java.util.ArrayList<>(f.params());
        if (fromNs != Long.MIN_VALUE) {
            sql = "(" + sql + ") and s.start_ns >= ?";
            params.add(fromNs);
        }
        if (toNs != Long.MAX_VALUE) {
            sql = "(" + sql + ") and s.start_ns < ?";
            params.add(toNs);
        }
        long n = new SpanMatchQuery(ws).count(sql, params);
        return new Result(expr, null, 0, f.warnings(), n);
    }

    private void show(Result r) {
        if (!r.text().equals(text.get() == null ? "" : text.get())) {
            state.set(State.PENDING);
            return;
        }
        if (r.valid()) {
            state.set(State.VALID);
            errorColumn.set(0);
            count.set(r.count());
            message.set(r.text().isBlank() ? messages.format("filter.count.all", r.count())
                    : messages.format("filter.count", r.count()));
            warning.set(String.join("; ", r.warnings()));
        } else {
            state.set(State.INVALID);
            errorColumn.set(r.column());
            count.set(-1);
            message.set(messages.format("filter.error", capitalised(r.error())));
            warning.set("");
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public StringProperty textProperty() {
        return text;
    }

    public String text() {
        return text.get() == null ? "" : text.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The line under the field: the count ("1,204 matching spans"), the error, or "Checking…". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Warnings of the last check, "" when none. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** The error's column (1-based), 0 when there is none. */
    public ReadOnlyIntegerProperty errorColumnProperty() {
        return errorColumn.getReadOnlyProperty();
    }

    /** Matching spans of the last valid check, -1 when unknown. */
    public ReadOnlyLongProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** False while the text is known not to parse. */
    public BooleanBinding usableProperty() {
        return usable;
    }
}
