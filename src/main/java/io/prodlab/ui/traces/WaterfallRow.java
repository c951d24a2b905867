package io.prodlab.ui.traces;

import io.prodlab.model.SpanRecord;

/**
 * One span of the waterfall.
 *
 * @param index its place in the whole (expanded) tree, depth first
 * @param descendants how many spans its subtree holds below it (what collapsing hides)
 * @param critical whether any of its time is on the critical path
 * @param criticalSections its stretches on the critical path, as pairs of offsets from the trace's
 *                         start in ns: {@code [from0, to0, from1, to1, …]}
 * @param color the palette index of its service ({@link ServiceColors})
 */
public record WaterfallRow(int index, SpanRecord span, int depth, int descendants, boolean critical, boolean orphan,
                           boolean clockSkew, long[] criticalSections, int color, int events, int links) {
    public boolean hasChildren() {
        return descendants > 0;
    }
}
