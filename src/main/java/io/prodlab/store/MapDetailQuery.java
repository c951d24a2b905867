package io.prodlab.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What the map's side panel shows beside a node's or an edge's figures: its top operations, its
 * latest error messages and sample traces (the ones with errors first, then the slowest), of the
 * spans a filter keeps (alias {@code s}) in a window.
 *
 * <ul>
 *   <li>A service: its requests — server spans, or all its spans when it has none.</li>
 *   <li>A node that reports nothing itself: the client and producer spans that name it (by
 *       {@code peer.service}, else {@code db.system}, {@code messaging.system}, {@code server.address},
 *       {@code net.peer.name}, as {@link DependencyQuery} names it).</li>
 *   <li>An edge: the caller's spans of it — spans of the source with a child in the target, or that
 *       name the target; for broker → consumer, the consumer's spans.</li>
 * </ul>
 */
public final class MapDetailQuery {
    /** An operation (span name) with its figures; latency in ms. */
    public record Operation(String name, long spans, long errors, double p95Ms) {
    }

    /** An error message with how often it occurred and when last (start, ns). */
    public record ErrorMessage(String message, long count, long lastNs) {
    }

    /** A trace to look at: whether its spans here failed and the slowest of them (ms). */
    public record SampleTrace(String traceId, boolean failed, double durationMs) {
    }

    public record Detail(List<Operation> operations, List<ErrorMessage> errors, List<SampleTrace> traces) {
        public Detail {
            operations = List.copyOf(operations);
            errors = List.copyOf(errors);
            traces = List.copyOf(traces);
        }
    }

    private static final String PEER = "coalesce(s.attributes->>'/peer.service', s.attributes->>'/db.system', "
            + "s.attributes->>'/messaging.system', s.attributes->>'/server.address', s.attributes->>'/net.peer.name', "
            + "'unknown')";

    private final Workspace ws;

    public MapDetailQuery(Workspace ws) {
        this.ws = ws;
    }

    /** A service's details. */
    public Detail service(String service, String condition, List<Object> params, long fromNs, long toNs, int limit)
            throws WorkspaceException {
        String which = "s.service_name = ? and (s.kind = 'server' or not exists (select 1 from spans x "
                + "where x.service_name = s.service_name and x.kind = 'server'))";
        return detail(which, List.of(service), condition, params, fromNs, toNs, limit);
    }

    /** The details of a node that reports no spans of its own (a database, a broker, a peer). */
    public Detail peer(String id, String condition, List<Object> params, long fromNs, long toNs, int limit)
            throws WorkspaceException {
        return detail("s.kind in ('client', 'producer') and " + PEER + " = ?", List.of(id), condition, params, fromNs,
                toNs, limit);
    }

    /** An edge's details: the calling side's spans. */
    public Detail edge(String source, String target, String condition, List<Object> params, long fromNs, long toNs,
                       int limit) throws WorkspaceException {
        String which = "(s.service_name = ? and ((s.kind in ('client', 'producer') and " + PEER + " = ?) "
                + "or exists (select 1 from spans c where c.trace_id = s.trace_id and c.parent_span_id = s.span_id "
                + "and c.service_name = ?))) "
                + "or (s.kind = 'consumer' and s.service_name = ? and s.attributes->>'/messaging.system' = ?)";
        return detail(which, List.of(source, target, target, target, source), condition, params, fromNs, toNs, limit);
    }

    private Detail detail(String which, List<Object> whichParams, String condition, List<Object> params, long fromNs,
                          long toNs, int limit) throws WorkspaceException {
        String scoped = "select s.* from spans s where (" + which + ") and (" + condition
                + ") and s.start_ns >= ? and s.start_ns < ?";
        List<Object> all = new ArrayList<>(whichParams);
        all.addAll(params);
        all.add(fromNs);
        all.add(toNs);
        all.add(limit);
        Object[] args = all.toArray();
        List<Operation> ops = ws.sql().list("find the node's operations", "with t as (" + scoped + ") "
                        + "select name, count(*), count(*) filter (where status = 'error'), "
                        + "quantile_cont(duration_ns, 0.95) / 1e6 from t group by name order by 2 desc, name limit ?",
                rs -> new Operation(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)), args);
        List<ErrorMessage> errors = ws.sql().list("find the node's error messages", "with t as (" + scoped + ") "
                        + "select coalesce(nullif(status_message, ''), ''), count(*), max(start_ns) from t "
                        + "where status = 'error' group by 1 order by 3 desc, 1 limit ?",
                rs -> new ErrorMessage(rs.getString(1), rs.getLong(2), rs.getLong(3)), args);
        List<SampleTrace> traces = ws.sql().list("find sample traces", "with t as (" + scoped + ") "
                        + "select trace_id, bool_or(status = 'error'), max(duration_ns) / 1e6 from t group by trace_id "
                        + "order by 2 desc, 3 desc, trace_id limit ?",
                rs -> new SampleTrace(rs.getString(1), rs.getBoolean(2), rs.getDouble(3)), args);
        return new Detail(ops, errors, traces);
    }
}
