/**
 * The trace explorer: trace search (criteria, a duration-over-time scatter whose drag-selection
 * filters the results), one trace as a waterfall with its critical path and span details, and two
 * traces compared by structure and duration. {@link io.prodlab.ui.traces.TracesViewModel#openTrace}
 * is how other screens open a trace.
 */
package io.prodlab.ui.traces;
