package io.prodlab.store;

/**
 * What one file put into the workspace, per table, as recorded in its {@code imports} row.
 *
 * @param duplicates spans not stored because the same span (trace, span id, kind and service) was
 *     already there, from an earlier file or earlier in this one
 * @param rejected records the file held that could not be taken (listed in {@code rejected})
 */
public record ImportCounts(long spans, long events, long links, long logs, long metricPoints, long annotations,
                           long exposures, long duplicates, long rejected) {
}
