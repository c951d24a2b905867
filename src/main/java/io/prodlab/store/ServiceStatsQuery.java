package io.prodlab.store;

import io.prodlab.model.ServiceStats;

import java.util.List;

/**
 * Per-service figures: all spans, and the rate, errors and latency quantiles of the service's
 * requests — its server spans, or all of its spans when it has none (a load generator, a batch
 * job). Quantiles are type 7 (linear interpolation), in milliseconds.
 *
 * <p>The rate is requests per second over the time the service was seen: from its first request's
 * start to its last request's end. Dividing by the whole workspace's time range would make every
 * service of a short export look idle once exports of another day sit beside it. With fewer than
 * two requests there is no rate (NaN).
 */
public final class ServiceStatsQuery {
    private final Workspace ws;

    public ServiceStatsQuery(Workspace ws) {
        this.ws = ws;
    }

    public List<ServiceStats> services() throws WorkspaceException {
        return services("TRUE", List.of(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The figures of the spans that match {@code condition} (SQL over alias {@code s} from the filter
     * language, with its parameters) and start in [{@code fromNs}, {@code toNs}).
     */
    public List<ServiceStats> services(String condition, List<Object> params, long fromNs, long toNs)
            throws WorkspaceException {
        return figures("service_name", condition, params, fromNs, toNs);
    }

    /**
     * The same figures grouped by {@code key}, a column of {@code spans} ({@code service_name}, or
     * {@code name} for one service's operations under a condition that keeps that service). Which
     * spans are requests is decided per service, whatever the grouping.
     */
    List<ServiceStats> figures(String key, String condition, List<Object> params, long fromNs, long toNs)
            throws WorkspaceException {
        String sql = """
                with scoped as (
                    select * from spans s where (%2$s) and s.start_ns >= ? and s.start_ns < ?
                ), has_server as (
                    select service_name, bool_or(kind = 'server') as any_server from scoped group by service_name
                ), req as (
                    select s.%1$s as k, s.status, s.duration_ns, s.start_ns, s.end_ns
                    from scoped s join has_server h using (service_name)
                    where s.kind = 'server' or not h.any_server
                ), agg as (
                    select k,
                           count(*) as requests,
                           count(*) filter (where status = 'error') as errors,
                           greatest(max(end_ns) - min(start_ns), 1) / 1e9 as seen_s,
                           quantile_cont(duration_ns, [0.5, 0.95, 0.99]) as q
                    from req group by k
                ), totals as (
                    select %1$s as k, count(*) as spans,
                           count(*) filter (where kind = 'server') as server_spans
                    from scoped group by k
                )
                select t.k, t.spans, t.server_spans,
                       case when a.requests >= 2 then a.requests / a.seen_s else 'NaN'::double end,
                       a.errors, a.errors / a.requests, a.q[1] / 1e6, a.q[2] / 1e6, a.q[3] / 1e6
                from totals t join agg a using (k)
                order by t.k
                """.formatted(key, condition);
        List<Object> all = new java.util.ArrayList<>(params);
        all.add(fromNs);
        all.add(toNs);
        return ws.sql().list("compute the service figures", sql, rs -> new ServiceStats(rs.getString(1),
                rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7),
                rs.getDouble(8), rs.getDouble(9)), all.toArray());
    }

    /** Every service that reports spans, whatever a filter keeps. */
    public java.util.Set<String> serviceNames() throws WorkspaceException {
        return new java.util.TreeSet<>(ws.sql().list("list the services", "select distinct service_name from spans",
                rs -> rs.getString(1)));
    }
}
