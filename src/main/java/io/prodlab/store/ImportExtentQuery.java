package io.prodlab.store;

import java.util.List;

/**
 * What one import brought, beyond its counts: the time its records cover, the services they name, and
 * its first rejected records — for {@code prodlab import --json} and the Import view's rows.
 */
public final class ImportExtentQuery {
    /**
     * @param firstNs the earliest time of the import's records (span starts, log and metric times, window
     *                starts, exposures), null when none has a time (untimed metric points are left out)
     * @param lastNs the latest (span ends, a window's end)
     * @param services the service names its spans, logs and metric points carry, sorted
     * @param rejectedRecords the first rejected records, in file order
     */
    public record Extent(Long firstNs, Long lastNs, List<String> services, List<RejectedRow> rejectedRecords) {
        public Extent {
            services = List.copyOf(services);
            rejectedRecords = List.copyOf(rejectedRecords);
        }
    }

    private final Workspace ws;

    public ImportExtentQuery(Workspace ws) {
        this.ws = ws;
    }

    /** The extent of import {@code importId}, with at most {@code maxRejected} rejected records. */
    public Extent of(long importId, int maxRejected) throws WorkspaceException {
        long[] range = ws.sql().query("find the time range of an import",
                "select min(t0), max(t1), count(t0) from ("
                        + "select min(start_ns) t0, max(greatest(end_ns, start_ns)) t1 from spans where import_id = ? "
                        + "union all select min(time_ns), max(time_ns) from logs where import_id = ? and time_ns > 0 "
                        + "union all select min(time_ns), max(time_ns) from metric_points where import_id = ? and time_ns > 0 "
                        + "union all select min(start_ns), max(coalesce(end_ns, start_ns)) from annotations where import_id = ? "
                        + "union all select min(time_ns), max(time_ns) from exposures where import_id = ?)",
                rs -> {
                    rs.next();
                    return rs.getLong(3) == 0 ? null : new long[] {rs.getLong(1), rs.getLong(2)};
                }, importId, importId, importId, importId, importId);
        List<String> services = ws.sql().list("find the services of an import",
                "select service_name from spans where import_id = ? and service_name <> '' "
                        + "union select service_name from logs where import_id = ? and service_name <> '' "
                        + "union select service_name from metric_points where import_id = ? and service_name <> '' "
                        + "order by 1", rs -> rs.getString(1), importId, importId, importId);
        List<RejectedRow> rejected = ws.sql().list("read the rejected records",
                "select import_id, file, location, reason, excerpt from rejected where import_id = ? order by rowid limit ?",
                rs -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                importId, maxRejected);
        return new Extent(range == null ? null : range[0], range == null ? null : range[1], services, rejected);
    }
}
