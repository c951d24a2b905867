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
        return new Extent(range == null ? null : range[0], range == null ? null : range[1], services,
                rejected(importId, maxRejected));
    }

    /** The first {@code max} rejected records of import {@code importId}, in the order they were found. */
    public List<RejectedRow> rejected(long importId, int max) throws WorkspaceException {
        return ws.sql().list("read the rejected records",
                "select import_id, file, location, reason, excerpt from rejected where import_id = ? order by rowid limit ?",
                rs -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                importId, max);
    }

    /**
     * The time range and services of every import (no rejected records), in one pass over each table: for
     * the Import view's list of what the workspace holds. Imports that stored nothing are left out.
     */
    public java.util.Map<Long, Extent> all() throws WorkspaceException {
        java.util.Map<Long, long[]> ranges = new java.util.HashMap<>();
        ws.sql().list("find the time range of the imports",
                "select import_id, min(t0), max(t1) from ("
                        + "select import_id, min(start_ns) t0, max(greatest(end_ns, start_ns)) t1 from spans group by 1 "
                        + "union all select import_id, min(time_ns), max(time_ns) from logs where time_ns > 0 group by 1 "
                        + "union all select import_id, min(time_ns), max(time_ns) from metric_points where time_ns > 0 group by 1 "
                        + "union all select import_id, min(start_ns), max(coalesce(end_ns, start_ns)) from annotations group by 1 "
                        + "union all select import_id, min(time_ns), max(time_ns) from exposures group by 1) group by 1",
                rs -> ranges.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)}));
        java.util.Map<Long, List<String>> services = new java.util.HashMap<>();
        ws.sql().list("find the services of the imports",
                "select import_id, service_name from (select distinct import_id, service_name from spans "
                        + "union select distinct import_id, service_name from logs "
                        + "union select distinct import_id, service_name from metric_points) where service_name <> '' "
                        + "order by 1, 2",
                rs -> services.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(rs.getString(2)));
        java.util.Map<Long, Extent> out = new java.util.HashMap<>();
        java.util.Set<Long> ids = new java.util.HashSet<>(ranges.keySet());
        ids.addAll(services.keySet());
        for (Long id : ids) {
            long[] r = ranges.get(id);
            out.put(id, new Extent(r == null ? null : r[0], r == null ? null : r[1], services.getOrDefault(id, List.of()),
                    List.of()));
        }
        return out;
    }
}
