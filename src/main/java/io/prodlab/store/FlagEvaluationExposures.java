package io.prodlab.store;

/**
 * Exposures found in a file's traces and logs: each {@code feature_flag.evaluation} span event and
 * each log record of that event name, as the OpenTelemetry feature-flag conventions describe it,
 * becomes one {@code exposures} row, written by the file's own transaction
 * ({@link ImportWriter#finishRows()}).
 *
 * <ul>
 *   <li>unit: {@code feature_flag.context.id}; without one (or an empty one), the trace the evaluation happened in (the
 *       request is then the unit); a record with neither is no exposure.</li>
 *   <li>flag: {@code feature_flag.key}; a record without one is no exposure.</li>
 *   <li>variant: {@code feature_flag.result.variant}, else the older {@code feature_flag.variant},
 *       else the served value ({@code feature_flag.result.value}, older {@code feature_flag.value}) as
 *       text, else empty.</li>
 *   <li>reason: {@code feature_flag.result.reason}, else the older
 *       {@code feature_flag.evaluation.reason}; {@code split} marks a random assignment,
 *       {@code targeting_match} a rule's.</li>
 *   <li>version {@code feature_flag.version}; time the event's (a log record's, else when it was
 *       observed); the trace id; attributes the record's own, {@code feature_flag.set.id} among them.</li>
 * </ul>
 *
 * <p>A span whose own attributes name a flag and variant is not an exposure: those attributes mark
 * the request's cohort (what Compare and the plans filter on), and an exposure log made from them
 * would repeat the traces — with whatever telemetry they lost — in the very log the sample-ratio
 * check reads to tell a broken split from lost traces (the {@code exposure-lost-telemetry} lesson
 * failed when they were counted, 2026-12-02).
 *
 * <p>Rows come from what the file stored: the events of a span already in the workspace were not
 * stored again, and so give no second exposure.
 */
final class FlagEvaluationExposures {
    private FlagEvaluationExposures() {
    }

    private static String field(String alias, String key) {
        return "(" + alias + ".attributes->>'$.\"" + key + "\"')";
    }

    private static String insert(String alias, String time, String traceId, String from) {
        String unit = "coalesce(nullif(" + field(alias, "feature_flag.context.id") + ", ''), nullif(" + traceId + ", ''))";
        return "insert into exposures (unit_id, flag_key, variant, time_ns, reason, flag_version, trace_id, attributes, "
                + "import_id) select " + unit + ", " + field(alias, "feature_flag.key") + ", coalesce("
                + field(alias, "feature_flag.result.variant") + ", " + field(alias, "feature_flag.variant") + ", "
                + field(alias, "feature_flag.result.value") + ", " + field(alias, "feature_flag.value") + ", ''), "
                + time + ", coalesce(" + field(alias, "feature_flag.result.reason") + ", "
                + field(alias, "feature_flag.evaluation.reason") + ", ''), coalesce("
                + field(alias, "feature_flag.version") + ", ''), coalesce(" + traceId + ", ''), " + alias
                + ".attributes, " + alias + ".import_id from " + from + " where " + alias + ".import_id = ? and "
                + field(alias, "feature_flag.key") + " is not null and " + unit + " is not null";
    }

    /** From the file's span events; the import id is the one parameter. */
    static final String FROM_SPAN_EVENTS = insert("e", "e.time_ns", "e.trace_id", "span_events e")
            + " and e.name = '" + SpanChunk.FLAG_EVALUATION + "'";

    /** From the file's log records; the import id is the one parameter. */
    static final String FROM_LOGS = insert("l", "case when l.time_ns <> 0 then l.time_ns else l.observed_time_ns end",
            "l.trace_id", "logs l") + " and l.event_name = '" + SpanChunk.FLAG_EVALUATION + "'";
}
