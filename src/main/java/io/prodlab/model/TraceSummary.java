package io.prodlab.model;

/**
 * One trace in a search result: its root (the span without a parent, else the earliest span),
 * when it started, how long it took from its first span's start to its last span's end, and its
 * size.
 */
public record TraceSummary(String traceId, String rootService, String rootName, long startNs, long durationNs,
                           long spans, long errors, int services) {
    public double durationMs() {
        return durationNs / 1e6;
    }
}
