package io.prodlab.store;

import java.util.List;

/**
 * A workspace table that an import chunk loads, described once: the fields of its rows in the
 * chunk's CSV ({@link SpanChunk}) and how each column of the table is made from them. The
 * {@link ImportWriter} loads every table through one loop over these descriptors.
 *
 * <p>In {@link #select}, {@code s} is the CSV row and {@code c} the row's resource/scope context
 * (only for tables that {@link #joinsContext}); the import id is appended by the writer.
 */
enum ChunkTable {
    SPANS("spans", true,
            List.of("trace_id varchar", "span_id varchar", "parent_span_id varchar", "ctx integer", "name varchar",
                    "kind varchar", "start_ns bigint", "end_ns bigint", "status varchar", "status_message varchar",
                    "attributes varchar", "trace_state varchar", "flags integer", "dropped_attributes integer",
                    "dropped_events integer", "dropped_links integer", "n integer"),
            "trace_id, span_id, parent_span_id, service_name, service_version, name, kind, start_ns, end_ns, "
                    + "duration_ns, status, status_message, attributes, resource, scope_name, scope_version, "
                    + "trace_state, flags, dropped_attributes, dropped_events, dropped_links",
            "s.trace_id, s.span_id, s.parent_span_id, c.service_name, c.service_version, s.name, s.kind, s.start_ns, "
                    + "s.end_ns, s.end_ns - s.start_ns, s.status, s.status_message, s.attributes, c.resource, "
                    + "c.scope_name, c.scope_version, s.trace_state, s.flags, s.dropped_attributes, s.dropped_events, "
                    + "s.dropped_links"),
    EVENTS("span_events", false,
            List.of("trace_id varchar", "span_id varchar", "time_ns bigint", "name varchar", "attributes varchar",
                    "span_n integer"),
            "trace_id, span_id, time_ns, name, attributes",
            "s.trace_id, s.span_id, s.time_ns, s.name, s.attributes"),
    LINKS("span_links", false,
            List.of("trace_id varchar", "span_id varchar", "linked_trace_id varchar", "linked_span_id varchar",
                    "trace_state varchar", "attributes varchar", "span_n integer"),
            "trace_id, span_id, linked_trace_id, linked_span_id, trace_state, attributes",
            "s.trace_id, s.span_id, s.linked_trace_id, s.linked_span_id, s.trace_state, s.attributes"),
    LOGS("logs", false,
            List.of("time_ns bigint", "observed_time_ns bigint", "severity_number integer", "severity_text varchar",
                    "body varchar", "attributes varchar", "resource varchar", "scope_name varchar", "trace_id varchar",
                    "span_id varchar", "event_name varchar"),
            "time_ns, observed_time_ns, severity_number, severity_text, body, attributes, resource, service_name, "
                    + "scope_name, trace_id, span_id, event_name",
            "s.time_ns, s.observed_time_ns, s.severity_number, s.severity_text, s.body, s.attributes, s.resource, "
                    + Expr.SERVICE_OF_RESOURCE + ", s.scope_name, s.trace_id, s.span_id, s.event_name"),
    METRIC_POINTS("metric_points", false,
            List.of("name varchar", "type varchar", "unit varchar", "description varchar", "start_time_ns bigint",
                    "time_ns bigint", "value double", "count bigint", "min double", "max double",
                    "temporality varchar", "monotonic boolean", "bucket_bounds double[]", "bucket_counts bigint[]",
                    "quantiles double[]", "quantile_values double[]", "attributes varchar", "resource varchar",
                    "scope_name varchar", "exemplars varchar"),
            "name, type, unit, description, start_time_ns, time_ns, value, count, min, max, temporality, monotonic, "
                    + "bucket_bounds, bucket_counts, quantiles, quantile_values, attributes, resource, service_name, "
                    + "scope_name, exemplars",
            "s.name, s.type, s.unit, s.description, s.start_time_ns, s.time_ns, s.value, s.count, s.min, s.max, "
                    + "s.temporality, s.monotonic, s.bucket_bounds, s.bucket_counts, s.quantiles, s.quantile_values, "
                    + "s.attributes, s.resource, " + Expr.SERVICE_OF_RESOURCE + ", s.scope_name, s.exemplars"),
    ANNOTATIONS("annotations", false,
            List.of("kind varchar", "name varchar", "start_ns bigint", "end_ns bigint", "target varchar",
                    "attributes varchar"),
            "kind, name, start_ns, end_ns, target, attributes",
            "s.kind, s.name, s.start_ns, s.end_ns, s.target, s.attributes"),
    EXPOSURES("exposures", false,
            List.of("unit_id varchar", "flag_key varchar", "variant varchar", "time_ns bigint", "reason varchar",
                    "flag_version varchar", "trace_id varchar", "attributes varchar"),
            "unit_id, flag_key, variant, time_ns, reason, flag_version, trace_id, attributes",
            "s.unit_id, s.flag_key, s.variant, s.time_ns, s.reason, s.flag_version, s.trace_id, s.attributes");

    /** The workspace table. */
    final String table;
    /** Whether rows name a context ({@code ctx}) whose service, resource and scope are joined in. */
    final boolean joinsContext;
    /** The CSV fields of a row, in order, as {@code "name type"}. */
    final List<String> csvColumns;
    /** The table's columns this descriptor fills (the import id follows). */
    final String columns;
    /** One expression per column, over {@code s} (the row) and {@code c} (the context). */
    final String select;

    ChunkTable(String table, boolean joinsContext, List<String> csvColumns, String columns, String select) {
        this.table = table;
        this.joinsContext = joinsContext;
        this.csvColumns = csvColumns;
        this.columns = columns;
        this.select = select;
        List<String> names = topLevel(columns);
        List<String> exprs = topLevel(select);
        if (names.size() != exprs.size()) {
            throw new IllegalStateException(table + ": " + names.size() + " columns but " + exprs.size() + " expressions");
        }
    }

    /** The comma-separated parts of a list, commas inside parentheses or quotes not counting. */
    private static List<String> topLevel(String list) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char ch = list.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                out.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(list.substring(start).trim());
        return out;
    }

    private static final class Expr {
        /** A record's service, as spans have it: the resource's {@code service.name}, empty when it has none. */
        static final String SERVICE_OF_RESOURCE = "coalesce(json_extract_string(s.resource, '$.\"service.name\"'), '')";
    }

    /** The number of CSV fields of a row. */
    int fields() {
        return csvColumns.size();
    }
}
