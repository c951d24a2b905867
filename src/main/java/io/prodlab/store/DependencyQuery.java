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
 *       and the server span it caused are one call, not two).</li>
 *   <li>To a node that reports nothing (a database, a cache, a broker, an uninstrumented peer): a
 *       client or producer span with no child in another service. The node is named by
 *       {@code peer.service}, else {@code db.system}, {@code messaging.system},
 *       {@code server.address}, {@code net.peer.name}.</li>
 *   <li>Messaging goes through its broker: producer → broker ({@code messaging.system}) and broker →
 *       consumer, never producer → consumer directly.</li>
 * </ul>
 * A call's latency and failure are the calling side's where it exists, else the called side's.
 * The filter conditions ({@code io.prodlab.query}, alias {@code s}) keep a call when its calling
 * or its called span matches; the window keeps calls that start in it.
 */
public final class DependencyQuery {
    /** The kind of a node that reports no spans itself. */
    public enum InferredKind { DATABASE, CACHE, MESSAGING, EXTERNAL }

    /** What the map is drawn from. */
    /**
     * @param durationsMs each edge's call latencies (ms), keyed by {@link #key}; empty unless asked for
     */
    public record Edges(List<ServiceEdge> edges, Map<String, InferredKind> inferred, Map<String, double[]> durationsMs) {
        public static String key(String source, String target) {
            return source + "\u0000" + target;
        }
    }

    private static final String PEER = "coalesce(s.attributes->>'/peer.service', s.attributes->>'/db.system', "
            + "s.attributes->>'/messaging.system', s.attributes->>'/server.address', s.attributes->>'/net.peer.name', "
            + "'unknown')";
    private static final String MESSAGING = "json_exists(%s.attributes, '/messaging.system')";
    private static final String CACHES = "('redis', 'memcached', 'valkey', 'hazelcast', 'couchbase', 'aerospike')";

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
     * @param condition the filter, compiled per alias (TRUE for all), with its parameters
     * @param fromNs    calls starting at or after (Long.MIN_VALUE for no bound)
     * @param toNs      calls starting before (Long.MAX_VALUE for no bound)
     */
    public Edges edges(Condition filter, List<Object> params, long fromNs, long toNs) throws WorkspaceException {
        return edges(filter, params, fromNs, toNs, false);
    }

    /** @param withDurations also return every call's latency per edge (for tests on the distributions) */
    public Edges edges(Condition filter, List<Object> params, long fromNs, long toNs, boolean withDurations)
            throws WorkspaceException {
        Calls calls = calls(filter, params, fromNs, toNs, null, null);
        String sql = calls.with() + " select source, target, count(*), count(*) filter (where failed),"
                + " quantile_cont(dur, [0.5, 0.95, 0.99]), min(t), max(t), max(kind)"
                + (withDurations ? ", list(dur / 1e6)" : "") + " from calls group by source, target"
                + " order by source, target";
        List<Object> all = calls.params();
        Map<String, InferredKind> kinds = new LinkedHashMap<>();
        Map<String, double[]> durations = new LinkedHashMap<>();
        List<ServiceEdge> edges = ws.sql().list("derive the dependency map", sql, rs -> {
            Object[] q = (Object[]) rs.getArray(5).getArray();
            if (withDurations) {
                Object[] d = (Object[]) rs.getArray(9).getArray();
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
            return new ServiceEdge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    ((Number) q[0]).doubleValue() / 1e6, ((Number) q[1]).doubleValue() / 1e6,
                    ((Number) q[2]).doubleValue() / 1e6, rs.getLong(6), rs.getLong(7));
        }, all.toArray());
        return new Edges(edges, kinds, durations);
    }

    /**
     * Every call as a row of the relation {@code calls} (source, target, dur in ns, failed, t = its
     * start in ns, kind: 0 a service, else 1 + {@link InferredKind#ordinal()}), as a {@code with}
     * clause and its parameters, for the queries that aggregate calls differently (the map, RED
     * over time per edge). {@code source}/{@code target}, when not null, keep only the calls of one
     * edge — early, so that one edge's calls cost a fraction of the map's.
     */
    static Calls calls(Condition filter, List<Object> params, long fromNs, long toNs, String source, String target) {
        String condition = filter.on("s");
        String onP = filter.on("p");
        String onC = filter.on("c");
        // One pass: each span joined to its children in other services. A match is a service-to-service
        // call; a client or producer span without one called something that reports no spans. Messaging
        // producers and consumers never match each other: their calls go through the broker.
        String sql = "with pairs as ("
                + " select p.service_name as source, c.service_name as target, c.span_id is not null as matched,"
                + "   p.kind as pkind, p.duration_ns as pdur, c.duration_ns as cdur, p.status as pstatus,"
                + "   c.status as cstatus, p.start_ns as t, p.attributes as pattrs,"
                + "   (" + onP + ") as p_match, (c.span_id is not null and (" + onC + ")) as c_match"
                + " from spans p left join spans c on c.trace_id = p.trace_id and c.parent_span_id = p.span_id"
                + "   and c.service_name <> p.service_name"
                + "   and not (c.kind = 'consumer' and " + MESSAGING.formatted("c") + ")"
                + "   and not (p.kind = 'producer' and " + MESSAGING.formatted("p") + ")"
                + " where (c.span_id is not null or p.kind in ('client', 'producer')) and p.start_ns >= ? and p.start_ns < ?"
                + (source == null ? "" : " and p.service_name = ?")
                + "), calls as ("
                + " select source, target,"
                + "   case when pkind in ('client', 'producer') then pdur else cdur end as dur,"
                + "   (case when pkind in ('client', 'producer') then pstatus else cstatus end) = 'error' as failed,"
                + "   t, 0 as kind from pairs where matched and (p_match or c_match)"
                + " union all"
                + " select source, " + PEER.replace("s.attributes", "pattrs") + ", pdur, pstatus = 'error', t,"
                + "   case when pattrs->>'/db.system' in " + CACHES + " then 2"
                + "        when json_exists(pattrs, '/db.system') then 1"
                + "        when json_exists(pattrs, '/messaging.system') then 3 else 4 end"
                + " from pairs where not matched and p_match"
                + " union all"
                + " select s.attributes->>'/messaging.system', s.service_name, s.duration_ns, s.status = 'error',"
                + "   s.start_ns, 0 from spans s where s.kind = 'consumer' and " + MESSAGING.formatted("s")
                + "   and (" + condition + ") and s.start_ns >= ? and s.start_ns < ?"
                + (target == null ? "" : " and s.service_name = ?")
                + ")";
        List<Object> all = new ArrayList<>();
        all.addAll(params); // onP
        all.addAll(params); // onC
        all.add(fromNs);
        all.add(toNs);
        if (source != null) {
            all.add(source);
        }
        all.addAll(params);
        all.add(fromNs);
        all.add(toNs);
        if (target != null) {
            all.add(target);
        }
        return new Calls(sql, all);
    }

    /** A {@code with} clause that defines {@code calls}, and its parameters in order. */
    record Calls(String with, List<Object> params) {
    }
}
