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
    public record Edges(List<ServiceEdge> edges, Map<String, InferredKind> inferred) {
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
        String condition = filter.on("s");
        String onP = filter.on("p");
        String onC = filter.on("c");
        String sql = "with calls as ("
                + " select p.service_name as source, c.service_name as target,"
                + "   case when p.kind in ('client', 'producer') then p.duration_ns else c.duration_ns end as dur,"
                + "   (case when p.kind in ('client', 'producer') then p.status else c.status end) = 'error' as failed,"
                + "   p.start_ns as t, 0 as kind"
                + " from spans c join spans p on p.trace_id = c.trace_id and p.span_id = c.parent_span_id"
                + " where p.service_name <> c.service_name"
                + "   and not (p.kind = 'producer' and " + MESSAGING.formatted("p") + ")"
                + "   and not (c.kind = 'consumer' and " + MESSAGING.formatted("c") + ")"
                + "   and ((" + onP + ") or (" + onC + ")) and p.start_ns >= ? and p.start_ns < ?"
                + " union all"
                + " select s.service_name, " + PEER + ", s.duration_ns, s.status = 'error', s.start_ns,"
                + "   case when s.attributes->>'/db.system' in " + CACHES + " then 2"
                + "        when json_exists(s.attributes, '/db.system') then 1"
                + "        when " + MESSAGING.formatted("s") + " then 3 else 4 end"
                + " from spans s where s.kind in ('client', 'producer')"
                + "   and ((s.kind = 'producer' and " + MESSAGING.formatted("s") + ") or not exists ("
                + "     select 1 from spans x where x.trace_id = s.trace_id and x.parent_span_id = s.span_id"
                + "       and x.service_name <> s.service_name))"
                + "   and (" + condition + ") and s.start_ns >= ? and s.start_ns < ?"
                + " union all"
                + " select s.attributes->>'/messaging.system', s.service_name, s.duration_ns, s.status = 'error',"
                + "   s.start_ns, 0 from spans s where s.kind = 'consumer' and " + MESSAGING.formatted("s")
                + "   and (" + condition + ") and s.start_ns >= ? and s.start_ns < ?"
                + ") select source, target, count(*), count(*) filter (where failed),"
                + " quantile_cont(dur, [0.5, 0.95, 0.99]), min(t), max(t), max(kind) from calls group by source, target"
                + " order by source, target";
        List<Object> all = new ArrayList<>();
        all.addAll(params); // onP
        all.addAll(params); // onC
        all.add(fromNs);
        all.add(toNs);
        all.addAll(params);
        all.add(fromNs);
        all.add(toNs);
        all.addAll(params);
        all.add(fromNs);
        all.add(toNs);
        Map<String, InferredKind> kinds = new LinkedHashMap<>();
        List<ServiceEdge> edges = ws.sql().list("derive the dependency map", sql, rs -> {
            Object[] q = (Object[]) rs.getArray(5).getArray();
            int kind = rs.getInt(8);
            if (kind > 0) {
                kinds.put(rs.getString(2), InferredKind.values()[kind - 1]);
            }
            return new ServiceEdge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    ((Number) q[0]).doubleValue() / 1e6, ((Number) q[1]).doubleValue() / 1e6,
                    ((Number) q[2]).doubleValue() / 1e6, rs.getLong(6), rs.getLong(7));
        }, all.toArray());
        return new Edges(edges, kinds);
    }
}
