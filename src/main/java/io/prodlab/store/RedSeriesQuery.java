package io.prodlab.store;

import io.prodlab.model.RedSeries;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rate, errors and duration over time (RED) in buckets whose width {@link TimeBuckets} chooses from
 * the range, aggregated in DuckDB: one {@code group by} bucket with the count, the errors and the
 * type-7 quantiles (p50, p95, p99) of the durations. Empty buckets come back too, with no requests.
 *
 * <ul>
 *   <li>A service: its requests, as {@link ServiceStatsQuery} counts them (server spans, or all of
 *       its spans when it has none in the range).</li>
 *   <li>An operation: the service's requests with that span name.</li>
 *   <li>An edge: the calls from one node to another, as {@link DependencyQuery} finds them (latency
 *       and failure of the calling side where it exists).</li>
 *   <li>The calls into a node from all of its callers (a node without spans of its own).</li>
 * </ul>
 * A request or a call falls into the bucket in which it starts. The range is [fromNs, toNs); an
 * open bound ({@code Long.MIN_VALUE}, {@code Long.MAX_VALUE}) is the workspace's first span start or
 * just after its last span start, so every scope of the same range shares one time axis.
 */
public final class RedSeriesQuery {
    /** No filter: every span. */
    private static final DependencyQuery.Condition ALL = alias -> "TRUE";

    private final Workspace ws;

    public RedSeriesQuery(Workspace ws) {
        this.ws = ws;
    }

    /** The service's requests over time. */
    public RedSeries service(String service, long fromNs, long toNs) throws WorkspaceException {
        return requests(service, null, ALL, List.of(), fromNs, toNs);
    }

    /**
     * The service's requests among the spans a filter keeps ({@code filter} compiled for alias
     * {@code s}), as the map counts a service's figures under its filter.
     */
    public RedSeries service(String service, DependencyQuery.Condition filter, List<Object> params, long fromNs,
                             long toNs) throws WorkspaceException {
        return requests(service, null, filter, params, fromNs, toNs);
    }

    /** The requests of one operation (span name) of {@code service} over time. */
    public RedSeries operation(String service, String operation, long fromNs, long toNs) throws WorkspaceException {
        return requests(service, operation, ALL, List.of(), fromNs, toNs);
    }

    /** The calls from {@code source} to {@code target} over time. */
    public RedSeries edge(String source, String target, long fromNs, long toNs) throws WorkspaceException {
        return calls(source, target, ALL, List.of(), fromNs, toNs);
    }

    /** The calls from {@code source} to {@code target} that a filter keeps, as the map keeps them. */
    public RedSeries edge(String source, String target, DependencyQuery.Condition filter, List<Object> params,
                          long fromNs, long toNs) throws WorkspaceException {
        return calls(source, target, filter, params, fromNs, toNs);
    }

    /**
     * The calls into {@code target} from every caller over time: the requests of a node that reports no
     * spans of its own (a database, a queue, an outside API), as its callers saw them.
     */
    public RedSeries into(String target, long fromNs, long toNs) throws WorkspaceException {
        return calls(null, target, ALL, List.of(), fromNs, toNs);
    }

    /** The calls into {@code target} that a filter keeps, as the map keeps them. */
    public RedSeries into(String target, DependencyQuery.Condition filter, List<Object> params, long fromNs,
                          long toNs) throws WorkspaceException {
        return calls(null, target, filter, params, fromNs, toNs);
    }

    private RedSeries calls(String source, String target, DependencyQuery.Condition filter, List<Object> filterParams,
                            long fromNs, long toNs) throws WorkspaceException {
        Optional<long[]> range = resolve(fromNs, toNs);
        if (range.isEmpty()) {
            return empty(fromNs, toNs);
        }
        long from = range.get()[0];
        long to = range.get()[1];
        long width = TimeBuckets.widthFor(from, to);
        long origin = TimeBuckets.floor(from, width);
        DependencyQuery.Calls calls = DependencyQuery.calls(filter, filterParams, from, to, source, target);
        String sql = calls.with() + " select (t - ?) // ? as b, count(*), count(*) filter (where failed),"
                + " quantile_cont(dur, [0.5, 0.95, 0.99]) from calls where "
                + (source == null ? "" : "source = ? and ") + "target = ?"
                + " group by b order by b";
        List<Object> params = new ArrayList<>(calls.params());
        params.add(origin);
        params.add(width);
        if (source != null) {
            params.add(source);
        }
        params.add(target);
        return series("compute the calls over time " + (source == null ? "into " + target
                : "of " + source + " \u2192 " + target), sql, params, from, to, width, origin);
    }

    private RedSeries requests(String service, String operation, DependencyQuery.Condition filter,
                               List<Object> filterParams, long fromNs, long toNs) throws WorkspaceException {
        Optional<long[]> range = resolve(fromNs, toNs);
        if (range.isEmpty()) {
            return empty(fromNs, toNs);
        }
        long from = range.get()[0];
        long to = range.get()[1];
        long width = TimeBuckets.widthFor(from, to);
        long origin = TimeBuckets.floor(from, width);
        String sql = """
                with scoped as (
                    select s.start_ns, s.duration_ns, s.status, s.kind, s.name from spans s
                    where s.service_name = ? and s.start_ns >= ? and s.start_ns < ? and (%s)
                ), srv as (
                    select coalesce(bool_or(kind = 'server'), false) as any_server from scoped
                )
                select (start_ns - ?) // ? as b, count(*), count(*) filter (where status = 'error'),
                       quantile_cont(duration_ns, [0.5, 0.95, 0.99])
                from scoped, srv
                where (kind = 'server' or not any_server) %s
                group by b order by b
                """.formatted(filter.on("s"), operation == null ? "" : "and name = ?");
        List<Object> params = new ArrayList<>(List.of(service, from, to));
        params.addAll(filterParams);
        params.add(origin);
        params.add(width);
        if (operation != null) {
            params.add(operation);
        }
        String what = "compute the requests over time of " + service + (operation == null ? "" : " " + operation);
        return series(what, sql, params, from, to, width, origin);
    }

    private RedSeries series(String what, String sql, List<Object> params, long from, long to, long width,
                             long origin) throws WorkspaceException {
        Map<Long, RedSeries.Bucket> found = new HashMap<>();
        ws.sql().list(what, sql, rs -> {
            long index = rs.getLong(1);
            long start = origin + index * width;
            RedSeries.Bucket b = new RedSeries.Bucket(Math.max(start, from), Math.min(start + width, to),
                    rs.getLong(2), rs.getLong(3), quantile(rs, 0), quantile(rs, 1), quantile(rs, 2));
            found.put(index, b);
            return b;
        }, params.toArray());
        long n = TimeBuckets.count(from, to, width);
        List<RedSeries.Bucket> buckets = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            RedSeries.Bucket b = found.get(i);
            if (b == null) {
                long start = origin + i * width;
                b = new RedSeries.Bucket(Math.max(start, from), Math.min(start + width, to), 0, 0, Double.NaN,
                        Double.NaN, Double.NaN);
            }
            buckets.add(b);
        }
        return new RedSeries(from, to, width, buckets);
    }

    private static double quantile(ResultSet rs, int i) throws SQLException {
        Object[] q = (Object[]) rs.getArray(4).getArray();
        return q[i] == null ? Double.NaN : ((Number) q[i]).doubleValue() / 1e6;
    }

    /** The range with open bounds closed by the workspace's spans; empty without spans in it. */
    private Optional<long[]> resolve(long fromNs, long toNs) throws WorkspaceException {
        long from = fromNs;
        long to = toNs;
        if (from == Long.MIN_VALUE || to == Long.MAX_VALUE) {
            long[] extent = ws.sql().query("find the time range of the spans",
                    "select min(start_ns), max(start_ns), count(*) from spans", rs -> {
                        rs.next();
                        return rs.getLong(3) == 0 ? null : new long[] {rs.getLong(1), rs.getLong(2) + 1};
                    });
            if (extent == null) {
                return Optional.empty();
            }
            from = from == Long.MIN_VALUE ? extent[0] : from;
            to = to == Long.MAX_VALUE ? extent[1] : to;
        }
        return to > from ? Optional.of(new long[] {from, to}) : Optional.empty();
    }

    private static RedSeries empty(long fromNs, long toNs) {
        return new RedSeries(fromNs, toNs, 0, List.of());
    }
}
