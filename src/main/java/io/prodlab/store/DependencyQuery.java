package io.prodlab.store;

import io.prodlab.model.ServiceEdge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who calls whom, from the spans: the edges of the dependency map and the kinds of the nodes that
 * report no spans of their own.
 *
 * <ul>
 *   <li>Service to service: a span whose parent is in another service is one call (a client span
 *       and the server span it caused are one call, not two). A client span whose child is a server
 *       span of its own service is a call to itself.</li>
 *   <li>To a node that reports nothing (a database, a cache, a broker, an uninstrumented peer): a
 *       client or producer span with no such child. The node is named by {@code peer.service}, else
 *       {@code db.system} ({@code db.system.name}), {@code db.name}, {@code messaging.system},
 *       {@code messaging.destination.name} ({@code messaging.destination}), {@code server.address},
 *       {@code net.peer.name}, {@code peer.hostname}; Zipkin's {@code remoteEndpoint} arrives as
 *       {@code peer.service}/{@code server.address}. Its kind: a cache when the database system is
 *       one ({@code redis}, {@code memcached}, ...), a database for any other database system or
 *       name, messaging for a messaging system or destination, else external.</li>
 *   <li>Messaging goes through its broker: producer → broker and broker → consumer (every consumer
 *       span that names a messaging system or destination, whether its producer is its parent, a
 *       link or absent, and every consumer span whose parent is a producer that names one), never
 *       producer → consumer directly.</li>
 * </ul>
 * A call's latency and failure are the calling side's where it exists, else the called side's.
 * The filter conditions ({@code io.prodlab.query}, alias {@code s}) keep a call when its calling
 * or its called span matches; the window keeps calls that start in it.
 *
 * <p>At operation level ({@link #operationEdges}) the same calls join {@code service:operation}
 * nodes: the calling span's service and name to the called span's (a node that reports nothing keeps
 * its name), for the calls into and out of one service.
 */
public final class DependencyQuery {
    /** The kind of a node that reports no spans itself. */
    public enum InferredKind { DATABASE, CACHE, MESSAGING, EXTERNAL }

    /**
     * What the map is drawn from.
     *
     * @param durationsMs each edge's call latencies (ms), keyed by {@link #key}; empty unless asked for
     */
    public record Edges(List<ServiceEdge> edges, Map<String, InferredKind> inferred, Map<String, double[]> durationsMs) {
        public static String key(String source, String target) {
            return source + "\u0000" + target;
        }
    }

    /** One operation's figures: its spans, failed spans and duration quantiles (ms). */
    public record OperationStats(String service, String operation, long spans, long errors, double p50Ms, double p95Ms,
                                 double p99Ms) {
    }

    /**
     * The attributes that name and type a node that reports nothing, read with one parse of the JSON
     * (each {@code ->>} parses it again): 1 peer.service, 2–3 the database system, 4 db.name, 5–7 the
     * messaging system or destination, 8 server.address, 9 net.peer.name, 10 peer.hostname.
     */
    private static final String NAMING = "json_extract_string(%s, ['/peer.service', '/db.system', '/db.system.name', "
            + "'/db.name', '/messaging.system', '/messaging.destination.name', '/messaging.destination', "
            + "'/server.address', '/net.peer.name', '/peer.hostname'])";
    /** The messaging system or destination a span names, or null. */
    private static final String MSG = "list_any_value(json_extract_string(%s, ['/messaging.system', "
            + "'/messaging.destination.name', '/messaging.destination']))";
    private static final String CACHES = "('redis', 'memcached', 'valkey', 'hazelcast', 'couchbase', 'aerospike')";
    /** Kinds in the query: 0 a service, then 1 + {@link InferredKind#ordinal()}; {@code x} is {@link #NAMING}. */
    private static final String KIND = "case when coalesce(x[2], x[3]) in " + CACHES + " then 2"
            + " when coalesce(x[2], x[3], x[4]) is not null then 1"
            + " when coalesce(x[5], x[6], x[7]) is not null then 3 else 4 end";
    private static final String PEER = "coalesce(x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], 'unknown')";

    private final Workspace ws;

    public DependencyQuery(Workspace ws) {
        this.ws = ws;
    }

    /** A filter condition compiled for a given table alias; its parameters are the same for every alias. */
    @FunctionalInterface
    public interface Condition {
        String on(String alias);
    }

    /**
     * @param filter the filter, compiled per alias (TRUE for all), with its parameters
     * @param fromNs    calls starting at or after (Long.MIN_VALUE for no bound)
     * @param toNs      calls starting before (Long.MAX_VALUE for no bound)
     */
    public Edges edges(Condition filter, List<Object> params, long fromNs, long toNs) throws WorkspaceException {
        return edges(filter, params, fromNs, toNs, false);
    }

    /** @param withDurations also return every call's latency per edge (for tests on the distributions) */
    public Edges edges(Condition filter, List<Object> params, long fromNs, long toNs, boolean withDurations)
            throws WorkspaceException {
        return query(filter, params, fromNs, toNs, withDurations, null);
    }

    /**
     * The calls into and out of {@code service} between operations: sources and targets are
     * {@code service:operation} (the span's service and name), or the name of a node that reports nothing.
     */
    public Edges operationEdges(String service, Condition filter, List<Object> params, long fromNs, long toNs)
            throws WorkspaceException {
        return query(filter, params, fromNs, toNs, false, service);
    }

    private Edges query(Condition filter, List<Object> params, long fromNs, long toNs, boolean withDurations,
                        String operationsOf) throws WorkspaceException {
        Calls calls = calls(filter, params, fromNs, toNs, operationsOf, null, null);
        String sql = calls.with() + " select source, target, count(*), count(*) filter (where failed),"
                + " quantile_cont(dur, [0.5, 0.95, 0.99]), min(t), max(t), max(kind), max(source_kind)"
                + (withDurations ? ", list(dur / 1e6)" : "") + " from calls group by source, target"
                + " order by source, target";
        List<Object> all = calls.params();
        Map<String, InferredKind> kinds = new LinkedHashMap<>();
        Map<String, double[]> durations = new LinkedHashMap<>();
        List<ServiceEdge> edges = ws.sql().list("derive the dependency map", sql, rs -> {
            Object[] q = (Object[]) rs.getArray(5).getArray();
            if (withDurations) {
                Object[] d = (Object[]) rs.getArray(10).getArray();
                double[] ms = new double[d.length];
                for (int i = 0; i < d.length; i++) {
                    ms[i] = ((Number) d[i]).doubleValue();
                }
                durations.put(Edges.key(rs.getString(1), rs.getString(2)), ms);
            }
            int kind = rs.getInt(8);
            if (kind > 0) {
                kinds.put(rs.getString(2), InferredKind.values()[kind - 1]);
            }
            int sourceKind = rs.getInt(9);
            if (sourceKind > 0) {
                kinds.putIfAbsent(rs.getString(1), InferredKind.values()[sourceKind - 1]);
            }
            return new ServiceEdge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    ((Number) q[0]).doubleValue() / 1e6, ((Number) q[1]).doubleValue() / 1e6,
                    ((Number) q[2]).doubleValue() / 1e6, rs.getLong(6), rs.getLong(7));
        }, all.toArray());
        return new Edges(edges, kinds, durations);
    }

    /** Each operation's figures (all its spans that match and start in the window), for one service or all. */
    public List<OperationStats> operations(String service, String condition, List<Object> params, long fromNs,
                                           long toNs) throws WorkspaceException {
        String sql = "select s.service_name, s.name, count(*), count(*) filter (where s.status = 'error'),"
                + " quantile_cont(s.duration_ns, [0.5, 0.95, 0.99]) from spans s where (" + condition + ")"
                + " and s.start_ns >= ? and s.start_ns < ?" + (service == null ? "" : " and s.service_name = ?")
                + " group by s.service_name, s.name order by s.service_name, s.name";
        List<Object> all = new ArrayList<>(params);
        all.add(fromNs);
        all.add(toNs);
        if (service != null) {
            all.add(service);
        }
        return ws.sql().list("read the operations' figures", sql, rs -> {
            Object[] q = (Object[]) rs.getArray(5).getArray();
            return new OperationStats(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    ((Number) q[0]).doubleValue() / 1e6, ((Number) q[1]).doubleValue() / 1e6,
                    ((Number) q[2]).doubleValue() / 1e6);
        }, all.toArray());
    }

    /**
     * Every call as a row of the relation {@code calls} (source, target, dur in ns, failed, t = its
     * start in ns, kind: 0 a service, else 1 + {@link InferredKind#ordinal()}, and source_kind likewise
     * for a broker), as a {@code with} clause and its parameters, for the queries that aggregate calls
     * differently (the map, RED over time per edge). {@code source}/{@code target}, when not null, keep
     * only the calls of one edge — early, so that one edge's calls cost a fraction of the map's.
     *
     * @param operationsOf when not null, sources and targets are {@code service:operation} around that service
     */
    static Calls calls(Condition filter, List<Object> params, long fromNs, long toNs, String source, String target) {
        return calls(filter, params, fromNs, toNs, null, source, target);
    }

    static Calls calls(Condition filter, List<Object> params, long fromNs, long toNs, String operationsOf,
                       String sourceService, String targetService) {
        boolean ops = operationsOf != null;
        String condition = filter.on("s");
        String onP = filter.on("p");
        String onC = filter.on("c");
        String source = ops ? "p.service_name || ':' || p.name" : "p.service_name";
        String target = ops ? "c.service_name || ':' || c.name" : "c.service_name";
        String consumer = ops ? "s.service_name || ':' || s.name" : "s.service_name";
        // One pass: each span joined to its children in other services (and a client's server child in its
        // own). A match is a service-to-service call; a client or producer span without one called something
        // that reports no spans. Messaging producers and consumers never match each other: their calls go
        // through the broker.
        String sql = "with pairs as ("
                + " select " + source + " as source, " + target + " as target, c.span_id is not null as matched,"
                + "   p.kind as pkind, p.duration_ns as pdur, c.duration_ns as cdur, p.status as pstatus,"
                + "   c.status as cstatus, p.start_ns as t, p.attributes as pattrs,"
                + "   (" + onP + ") as p_match, (c.span_id is not null and (" + onC + ")) as c_match"
                + " from spans p left join spans c on c.trace_id = p.trace_id and c.parent_span_id = p.span_id"
                + "   and (c.service_name <> p.service_name or (p.kind = 'client' and c.kind = 'server'))"
                // CASE, not AND: DuckDB then reads the JSON of consumer and producer spans only (a third less CPU).
                + "   and case when c.kind = 'consumer' then " + MSG.formatted("c.attributes") + " is null else true end"
                + "   and case when p.kind = 'producer' then " + MSG.formatted("p.attributes") + " is null else true end"
                + " where (c.span_id is not null or p.kind in ('client', 'producer')) and p.start_ns >= ? and p.start_ns < ?"
                + (ops ? " and (p.service_name = ? or c.service_name = ?)" : "")
                + (sourceService == null ? "" : " and p.service_name = ?")
                + "), leaves as ("
                + " select source, pdur, pstatus, t, " + NAMING.formatted("pattrs") + " as x"
                + " from pairs where not matched and p_match"
                + "), consumers as ("
                + " select coalesce(" + MSG.formatted("s.attributes") + ", " + MSG.formatted("pp.attributes") + ") as broker, "
                + consumer + " as target, s.duration_ns, s.status, s.start_ns"
                + " from spans s left join spans pp on pp.trace_id = s.trace_id and pp.span_id = s.parent_span_id"
                + "   and pp.kind = 'producer'"
                + " where s.kind = 'consumer' and (" + condition + ")"
                + "   and s.start_ns >= ? and s.start_ns < ?" + (ops ? " and s.service_name = ?" : "")
                + (targetService == null ? "" : " and s.service_name = ?")
                + "), calls as ("
                + " select source, target,"
                + "   case when pkind in ('client', 'producer') then pdur else cdur end as dur,"
                + "   (case when pkind in ('client', 'producer') then pstatus else cstatus end) = 'error' as failed,"
                + "   t, 0 as kind, 0 as source_kind from pairs where matched and (p_match or c_match)"
                + " union all"
                + " select source, " + PEER + ", pdur, pstatus = 'error', t, " + KIND + ", 0 from leaves"
                + " union all"
                + " select broker, target, duration_ns, status = 'error', start_ns, 0, 3 from consumers"
                + "   where broker is not null"
                + ")";
        List<Object> all = new ArrayList<>();
        all.addAll(params); // onP
        all.addAll(params); // onC
        all.add(fromNs);
        all.add(toNs);
        if (ops) {
            all.add(operationsOf);
            all.add(operationsOf);
        }
        if (sourceService != null) {
            all.add(sourceService);
        }
        all.addAll(params);
        all.add(fromNs);
        all.add(toNs);
        if (ops) {
            all.add(operationsOf);
        }
        if (targetService != null) {
            all.add(targetService);
        }
        return new Calls(sql, all);
    }

    /** A {@code with} clause that defines {@code calls}, and its parameters in order. */
    record Calls(String with, List<Object> params) {
    }
}
