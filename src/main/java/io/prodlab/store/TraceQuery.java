package io.prodlab.store;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.model.TraceSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * Traces: search (traces with a span that matches a condition compiled by the filter language)
 * and one trace's spans.
 */
public final class TraceQuery {
    private final Workspace ws;

    public TraceQuery(Workspace ws) {
        this.ws = ws;
    }

    /**
     * The traces that have a span matching {@code condition} (alias {@code s}) and start in the window,
     * newest first.
     *
     * @param limit at most this many
     */
    public List<TraceSummary> search(String condition, List<Object> params, long fromNs, long toNs, int limit)
            throws WorkspaceException {
        String sql = "with hits as (select distinct s.trace_id from spans s where (" + condition + ")), "
                + "t as (select s.trace_id, min(s.start_ns) as start_ns, max(s.end_ns) as end_ns, count(*) as spans, "
                + "  count(*) filter (where s.status = 'error') as errors, count(distinct s.service_name) as services, "
                + "  arg_min(s.service_name, (s.parent_span_id <> '', s.start_ns)) as root_service, "
                + "  arg_min(s.name, (s.parent_span_id <> '', s.start_ns)) as root_name "
                + "  from spans s join hits h on h.trace_id = s.trace_id group by s.trace_id) "
                + "select trace_id, root_service, root_name, start_ns, end_ns - start_ns, spans, errors, services from t "
                + "where start_ns >= ? and start_ns < ? order by start_ns desc, trace_id limit ?";
        List<Object> all = new ArrayList<>(params);
        all.add(fromNs);
        all.add(toNs);
        all.add(limit);
        return ws.sql().list("search the traces", sql, rs -> new TraceSummary(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getInt(8)), all.toArray());
    }

    /** Every span of one trace, in start order. */
    public List<SpanRecord> spans(String traceId) throws WorkspaceException {
        return ws.sql().list("read the trace", "select trace_id, span_id, parent_span_id, service_name, "
                        + "service_version, name, kind, start_ns, end_ns, status, status_message, attributes::varchar, "
                        + "resource::varchar, scope_name, scope_version, trace_state from spans where trace_id = ? "
                        + "order by start_ns, span_id",
                rs -> new SpanRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), SpanKind.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                        rs.getLong(8), rs.getLong(9), SpanStatus.valueOf(rs.getString(10).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                        rs.getString(16)), traceId.toLowerCase(java.util.Locale.ROOT));
    }
}
