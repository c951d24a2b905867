package io.prodlab.ui.traces;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Objects;

/**
 * The Traces screen: search, one trace, and two traces compared, as three tabs. Other screens open
 * a trace through {@link #openTrace}, which also brings this screen forward.
 */
public final class TracesViewModel {
    /** The screen's tabs. */
    public enum Tab { SEARCH, TRACE, COMPARE }

    private final TraceSearchViewModel search;
    private final TraceViewModel trace;
    private final TraceCompareViewModel compare;
    private final ObjectProperty<Tab> tab = new SimpleObjectProperty<>(this, "tab", Tab.SEARCH);
    private final Runnable reveal;

    /**
     * @param timeRange the session's time range, which the search runs over
     * @param reveal shows this screen in the window (the composition root passes the navigation)
     */
    public TracesViewModel(WorkspaceSession session, TaskRunner runner, Messages messages, TimeRangeModel timeRange,
                           Runnable reveal) {
        this.search = new TraceSearchViewModel(session, runner, messages, timeRange);
        this.trace = new TraceViewModel(session, runner, messages, () -> search.colorsProperty().get());
        this.compare = new TraceCompareViewModel(session, runner, messages);
        this.reveal = Objects.requireNonNull(reveal);
    }

    /**
     * Shows trace {@code traceId} (hex, any case) in the waterfall: the Traces screen comes forward
     * on its Trace tab and loads it. The way other screens (the map's sample traces, a comparison's
     * examples) open a trace. Call on the FX thread.
     */
    public void openTrace(String traceId) {
        reveal.run();
        tab.set(Tab.TRACE);
        trace.open(traceId);
    }

    /** Compares trace {@code a} (the baseline) with {@code b} on the Compare tab. Call on the FX thread. */
    public void compareTraces(String a, String b) {
        reveal.run();
        tab.set(Tab.COMPARE);
        compare.compare(a, b);
    }

    public TraceSearchViewModel search() {
        return search;
    }

    public TraceViewModel trace() {
        return trace;
    }

    public TraceCompareViewModel compare() {
        return compare;
    }

    /** The tab shown; the view follows it and sets it when the user picks another. */
    public ObjectProperty<Tab> tabProperty() {
        return tab;
    }
}
