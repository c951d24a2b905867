package io.prodlab.store;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.model.TraceSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces: search (traces with a span that matches a condition compiled by the filter language)
 * and one trace's spans.
 */
public final class TraceQuery {
    private final Workspace ws;
    private static final String SPAN_COLUMNS = "select trace_id, span_id, parent_span_id, service_name, service_version, "
            + "name, kind, start_ns, end_ns, status, status_message, attributes::varchar, resource::varchar, scope_name, "
            + "scope_version, trace_state from spans ";

    private static SpanRecord fullSpan(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SpanRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), SpanKind.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                rs.getLong(8), rs.getLong(9), SpanStatus.valueOf(rs.getString(10).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16));
    }

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
        return search(new Criteria(condition, params, null, null, null, null, false, fromNs, toNs, limit));
    }

    /** Every span of one trace, in start order. */
    public List<SpanRecord> spans(String traceId) throws WorkspaceException {
        return ws.sql().list("read the trace", SPAN_COLUMNS + "where trace_id = ? "
                        + "order by start_ns, span_id",
                TraceQuery::fullSpan, traceId.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * What a trace search asks for: traces with a span that matches {@code condition} (alias
     * {@code s}, from the filter language) and, where given, is of {@code service} and has the
     * operation name {@code operation}; whose duration (first span's start to last span's end) is
     * within [{@code minDurationNs}, {@code maxDurationNs}]; that have an error span when
     * {@code errorsOnly}; and that start in [{@code fromNs}, {@code toNs}).
     *
     * @param service null or empty for any
     * @param operation null or empty for any
     * @param minDurationNs null for no lower bound
     * @param maxDurationNs null for no upper bound
     */
    public record Criteria(String condition, List<Object> params, String service, String operation,
                           Long minDurationNs, Long maxDurationNs, boolean errorsOnly, long fromNs, long toNs,
                           int limit) {
        public Criteria {
            condition = condition == null || condition.isBlank() ? "TRUE" : condition;
            params = List.copyOf(params == null ? List.of() : params);
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1");
            }
        }
    }

    /** One span event: when, its name and its attributes (a JSON object). */
    public record Event(String spanId, long timeNs, String name, String attributesJson) {
    }

    /** One span link: the linked trace and span, its trace state and attributes (a JSON object). */
    public record Link(String spanId, String linkedTraceId, String linkedSpanId, String traceState,
                       String attributesJson) {
    }

    /** The traces that match {@code c}, newest first, at most {@code c.limit()}. */
    public List<TraceSummary> search(Criteria c) throws WorkspaceException {
        StringBuilder where = new StringBuilder("(").append(c.condition()).append(')');
        List<Object> all = new ArrayList<>(c.params());
        if (c.service() != null && !c.service().isEmpty()) {
            where.append(" and s.service_name = ?");
            all.add(c.service());
        }
        if (c.operation() != null && !c.operation().isEmpty()) {
            where.append(" and s.name = ?");
            all.add(c.operation());
        }
        String sql = "with hits as (select distinct s.trace_id from spans s where " + where + "), "
                + "t as (select s.trace_id, min(s.start_ns) as start_ns, max(s.end_ns) as end_ns, count(*) as spans, "
                + "  count(*) filter (where s.status = 'error') as errors, count(distinct s.service_name) as services, "
                + "  arg_min(s.service_name, (s.parent_span_id <> '', s.start_ns)) as root_service, "
                + "  arg_min(s.name, (s.parent_span_id <> '', s.start_ns)) as root_name "
                + "  from spans s join hits h on h.trace_id = s.trace_id group by s.trace_id) "
                + "select trace_id, root_service, root_name, start_ns, end_ns - start_ns, spans, errors, services from t "
                + "where start_ns >= ? and start_ns < ? and end_ns - start_ns >= ? and end_ns - start_ns <= ? "
                + (c.errorsOnly() ? "and errors > 0 " : "")
                + "order by start_ns desc, trace_id limit ?";
        all.add(c.fromNs());
        all.add(c.toNs());
        all.add(c.minDurationNs() == null ? Long.MIN_VALUE : c.minDurationNs());
        all.add(c.maxDurationNs() == null ? Long.MAX_VALUE : c.maxDurationNs());
        all.add(c.limit());
        return ws.sql().list("search the traces", sql, rs -> new TraceSummary(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getInt(8)), all.toArray());
    }

    /** Each service's operation names (span names), services and names in order. */
    public Map<String, List<String>> operations() throws WorkspaceException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ws.sql().list("list the operations", "select distinct service_name, name from spans order by 1, 2",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        return out;
    }

    /** The events of one trace's spans, in time order. */
    public List<Event> events(String traceId) throws WorkspaceException {
        return ws.sql().list("read the trace's span events", "select span_id, time_ns, name, attributes::varchar "
                        + "from span_events where trace_id = ? order by time_ns, span_id, name",
                rs -> new Event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                traceId.toLowerCase(java.util.Locale.ROOT));
    }

    /** The links of one trace's spans. */
    public List<Link> links(String traceId) throws WorkspaceException {
        return ws.sql().list("read the trace's span links", "select span_id, linked_trace_id, linked_span_id, "
                        + "trace_state, attributes::varchar from span_links where trace_id = ? "
                        + "order by span_id, linked_trace_id, linked_span_id",
                rs -> new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                traceId.toLowerCase(java.util.Locale.ROOT));
    }

    /** Separators of the outline's one string: ASCII's record and unit separators. */
    private static final char RECORD = '\u001e';
    private static final char UNIT = '\u001f';

    /**
     * Every span of one trace in outline: ids, service, name, kind, times and status, with empty
     * attributes, resource, version, status message, scope and trace state — what a waterfall of a
     * large trace draws; {@link #span} reads one span whole. The rows come back as one string, which
     * reads several times faster through JDBC than 200,000 rows of cells; a trace whose text holds
     * the separators is read row by row instead. In no particular order.
     */
    public List<SpanRecord> outline(String traceId) throws WorkspaceException {
        String id = traceId.toLowerCase(java.util.Locale.ROOT);
        List<String> text = ws.sql().list("read the trace", "select string_agg(concat_ws(chr(31), span_id, "
                + "parent_span_id, service_name, name, kind, start_ns, end_ns, status), chr(30)) from spans "
                + "where trace_id = ?", rs -> rs.getString(1), id);
        String all = text.isEmpty() ? null : text.get(0);
        if (all == null || all.isEmpty()) {
            return List.of();
        }
        List<SpanRecord> out = new ArrayList<>();
        Map<String, String> shared = new java.util.HashMap<>();
        int start = 0;
        String[] f = new String[8];
        while (start <= all.length()) {
            int end = all.indexOf(RECORD, start);
            if (end < 0) {
                end = all.length();
            }
            // exactly eight fields, or a name held a separator
            int fields = 0;
            int from = start;
            boolean exact = false;
            while (fields < 8) {
                int cut = all.indexOf(UNIT, from);
                boolean last = cut < 0 || cut > end;
                f[fields++] = all.substring(from, last ? end : cut);
                if (last) {
                    exact = fields == 8;
                    break;
                }
                from = cut + 1;
            }
            if (!exact) {
                return spans(traceId); // read it the slow, exact way
            }
            try {
                out.add(new SpanRecord(id, f[0], f[1], shared.computeIfAbsent(f[2], k -> k), "",
                        shared.computeIfAbsent(f[3], k -> k), SpanKind.valueOf(f[4].toUpperCase(java.util.Locale.ROOT)),
                        Long.parseLong(f[5]), Long.parseLong(f[6]),
                        SpanStatus.valueOf(f[7].toUpperCase(java.util.Locale.ROOT)), "", "", "", "", "", ""));
            } catch (IllegalArgumentException e) {
                return spans(traceId);
            }
            start = end + 1;
        }
        return out;
    }

    /** One span whole, or null when the trace has no such span. */
    public SpanRecord span(String traceId, String spanId) throws WorkspaceException {
        List<SpanRecord> one = ws.sql().list("read the span", SPAN_COLUMNS + "where trace_id = ? "
                        + "and span_id = ? limit 1",
                TraceQuery::fullSpan, traceId.toLowerCase(java.util.Locale.ROOT), spanId.toLowerCase(java.util.Locale.ROOT));
        return one.isEmpty() ? null : one.get(0);
    }
}
