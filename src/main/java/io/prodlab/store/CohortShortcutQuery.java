package io.prodlab.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the workspace holds that cohort shortcuts are built from ({@code io.prodlab.compare.CohortShortcuts}):
 * the versions of each service, the values of feature-flag-like span attributes, the variants of
 * {@code feature_flag.evaluation} span events, and counts of spans and traces in time windows.
 * Every count comes with the spans and the distinct traces it covers. A query may be limited to a
 * time window (the session's range): then only spans that start in it (and evaluation events that
 * happen in it) are counted.
 */
public final class CohortShortcutQuery {
    /** Span attribute keys whose values are flag variants; split by the span's {@code feature_flag.key}. */
    public static final List<String> VARIANT_KEYS = List.of("feature_flag.result.variant", "feature_flag.variant",
            "feature_flag.result.value");
    /**
     * Keys that look like flags by name but describe the evaluation rather than the variant (the
     * flag's key, its provider, the evaluated context, the reason).
     */
    public static final List<String> NOT_VARIANT_KEYS = List.of("feature_flag.key", "feature_flag.provider.name",
            "feature_flag.provider_name", "feature_flag.context.id", "feature_flag.set.id", "feature_flag.version",
            "feature_flag.result.reason", "feature_flag.evaluation.reason", "feature_flag.evaluation.error.message");
    /** The name of a flag evaluation span event (OpenTelemetry semantic conventions). */
    public static final String EVALUATION_EVENT = "feature_flag.evaluation";

    /** One version of a service. */
    public record VersionCount(String service, String version, long spans, long traces) {
    }

    /**
     * One value of one flag-like span attribute.
     *
     * @param flag the spans' {@code feature_flag.key} when {@code key} is one of {@link #VARIANT_KEYS}
     *             (one flag per key), else null
     * @param type string, number or bool
     */
    public record AttributeValueCount(String key, String flag, String type, String value, long spans, long traces) {
    }

    /**
     * One variant of one flag as its evaluation events give it.
     *
     * @param variantKey the event attribute that holds the variant (the first of {@link #VARIANT_KEYS} present)
     * @param spans      spans with such an event
     */
    public record EventVariantCount(String flag, String variantKey, String type, String variant, long spans,
                                    long traces) {
    }

    /** Traces that evaluated one flag to more than one variant. */
    public record MixedTraces(String flag, long traces) {
    }

    /** Spans and traces. */
    public record Count(long spans, long traces) {
    }

    /** The time the spans cover: the first start and the last end (ns), or nulls when there is no span. */
    public record TimeRange(Long startNs, Long endNs) {
    }

    private final Workspace ws;
    private final long fromNs;
    private final long toNs;

    /** Over all the spans. */
    public CohortShortcutQuery(Workspace ws) {
        this(ws, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Over the spans that start in {@code [fromNs, toNs)} (Long.MIN_VALUE, Long.MAX_VALUE: all of them). */
    public CohortShortcutQuery(Workspace ws, long fromNs, long toNs) {
        this.ws = ws;
        this.fromNs = fromNs;
        this.toNs = toNs;
    }

    public Workspace workspace() {
        return ws;
    }

    public long fromNs() {
        return fromNs;
    }

    public long toNs() {
        return toNs;
    }

    /** Every (service, version) of the services that have two or more non-empty versions. */
    public List<VersionCount> serviceVersions() throws WorkspaceException {
        return ws.sql().list("count the spans of each service version", """
                with v as (select service_name, service_version, count(*) as spans, count(distinct trace_id) as traces
                           from spans where service_version <> '' and start_ns >= ? and start_ns < ? group by 1, 2)
                select * from v where service_name in (
                    select service_name from v group by service_name having count(*) >= 2)
                order by service_name, spans desc, service_version""",
                rs -> new VersionCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), fromNs, toNs);
    }

    /**
     * The values of span attributes that hold flag variants: {@link #VARIANT_KEYS}, split by the span's
     * {@code feature_flag.key}, and every other key whose name contains "flag" or "variant" (any case,
     * but not {@link #NOT_VARIANT_KEYS}), of keys (per flag) with {@code minValues} to {@code maxValues}
     * distinct scalar values held by at least {@code minSpans} spans each (values on fewer spans are left out
     * first, so that ids — every value on a span or two — make no flag). Ordered by key, flag, then most
     * spans first.
     */
    public List<AttributeValueCount> flagAttributeValues(int minValues, int maxValues, int minSpans)
            throws WorkspaceException {
        // the regular expression runs once per distinct key (the keys' list is small), json_each once per span
        String variants = placeholders(VARIANT_KEYS.size());
        String sql = """
                with keys as (
                    select distinct unnest(json_keys(attributes)) as key from spans
                ), wanted as (
                    select key from keys
                    where (key in VARIANTS or regexp_matches(lower(key), 'flag|variant'))
                      and key not in NOT_VARIANTS
                ), kv as (
                    select w.key, json_type(s.attributes, '/' || replace(replace(w.key, '~', '~0'), '/', '~1')) as jtype,
                        json_extract(s.attributes, '/' || replace(replace(w.key, '~', '~0'), '/', '~1')) as jvalue,
                        case when w.key in VARIANTS
                                  and json_type(s.attributes, '/feature_flag.key') = 'VARCHAR'
                             then json_extract_string(s.attributes, '/feature_flag.key') end as flag,
                        s.trace_id
                    from spans s join wanted w on json_exists(s.attributes, '/' || replace(replace(w.key, '~', '~0'), '/', '~1'))
                    where s.start_ns >= ? and s.start_ns < ?
                ), vals as (
                    select key, flag,
                        case when jtype = 'VARCHAR' then 'string' when jtype = 'BOOLEAN' then 'bool' else 'number' end as vtype,
                        case when jtype = 'VARCHAR' then json_extract_string(jvalue, '$') else jvalue::varchar end as value,
                        count(*) as spans, count(distinct trace_id) as traces
                    from kv where jtype in ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT', 'DOUBLE')
                    group by 1, 2, 3, 4 having count(*) >= ?
                )
                select * from (select *, count(*) over (partition by key, flag) as n_values from vals)
                where n_values between ? and ?
                order by key, flag nulls first, spans desc, vtype, value"""
                .replace("NOT_VARIANTS", placeholders(NOT_VARIANT_KEYS.size())).replace("VARIANTS", variants);
        List<Object> params = new ArrayList<>(VARIANT_KEYS);
        params.addAll(NOT_VARIANT_KEYS);
        params.addAll(VARIANT_KEYS);
        params.add(fromNs);
        params.add(toNs);
        params.add(minSpans);
        params.add(minValues);
        params.add(maxValues);
        return ws.sql().list("count the values of the flag attributes", sql,
                rs -> new AttributeValueCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6)),
                params.toArray());
    }

    /**
     * The variants of each flag among the {@link #EVALUATION_EVENT} span events, of flags with
     * {@code minValues} to {@code maxValues} variants held by at least {@code minSpans} spans each; by
     * flag, then most spans first.
     */
    public List<EventVariantCount> flagEventVariants(int minValues, int maxValues, int minSpans)
            throws WorkspaceException {
        String sql = """
                with ev as (
                    select trace_id, span_id, json_extract_string(attributes, '/feature_flag.key') as flag,
                        case when json_exists(attributes, '/feature_flag.result.variant') then 'feature_flag.result.variant'
                             when json_exists(attributes, '/feature_flag.variant') then 'feature_flag.variant'
                             when json_exists(attributes, '/feature_flag.result.value') then 'feature_flag.result.value'
                        end as vkey, attributes
                    from span_events where name = ? and json_type(attributes, '/feature_flag.key') = 'VARCHAR'
                        and time_ns >= ? and time_ns < ?
                ), typed as (
                    select trace_id, span_id, flag, vkey, json_type(attributes, '/' || vkey) as jtype,
                        json_extract(attributes, '/' || vkey) as jvalue
                    from ev where vkey is not null
                ), vals as (
                    select flag, vkey,
                        case when jtype = 'VARCHAR' then 'string' when jtype = 'BOOLEAN' then 'bool' else 'number' end as vtype,
                        case when jtype = 'VARCHAR' then json_extract_string(jvalue, '$') else jvalue::varchar end as value,
                        count(distinct (trace_id, span_id)) as spans, count(distinct trace_id) as traces
                    from typed where jtype in ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT', 'DOUBLE')
                    group by 1, 2, 3, 4 having count(distinct (trace_id, span_id)) >= ?
                )
                select * from (select *, count(*) over (partition by flag) as n_values from vals)
                where n_values between ? and ?
                order by flag, spans desc, vtype, value""";
        return ws.sql().list("count the variants of the flag evaluation events", sql,
                rs -> new EventVariantCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6)),
                EVALUATION_EVENT, fromNs, toNs, minSpans, minValues, maxValues);
    }

    /** Per flag, the traces whose evaluation events gave it more than one variant (none listed: none). */
    public List<MixedTraces> mixedEventTraces() throws WorkspaceException {
        String sql = """
                with ev as (
                    select trace_id, json_extract_string(attributes, '/feature_flag.key') as flag,
                        coalesce(json_extract(attributes, '/feature_flag.result.variant'),
                                 json_extract(attributes, '/feature_flag.variant'),
                                 json_extract(attributes, '/feature_flag.result.value'))::varchar as variant
                    from span_events where name = ? and json_type(attributes, '/feature_flag.key') = 'VARCHAR'
                        and time_ns >= ? and time_ns < ?
                )
                select flag, count(*) from (
                    select flag, trace_id from ev where variant is not null
                    group by flag, trace_id having count(distinct variant) > 1)
                group by flag order by flag""";
        return ws.sql().list("find traces with more than one variant of a flag", sql,
                rs -> new MixedTraces(rs.getString(1), rs.getLong(2)), EVALUATION_EVENT, fromNs, toNs);
    }

    private static String placeholders(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** The spans' time range. */
    public TimeRange timeRange() throws WorkspaceException {
        return ws.sql().query("read the time range of the spans", "select min(start_ns), max(end_ns) from spans", rs -> {
            rs.next();
            long s = rs.getLong(1);
            boolean none = rs.wasNull();
            long e = rs.getLong(2);
            return none ? new TimeRange(null, null) : new TimeRange(s, e);
        });
    }

    /** Spans that start in {@code [startNs, endNs)} and their traces. */
    public Count inWindow(long startNs, long endNs) throws WorkspaceException {
        return ws.sql().query("count the spans of a time window",
                "select count(*), count(distinct trace_id) from spans where start_ns >= ? and start_ns < ?", rs -> {
                    rs.next();
                    return new Count(rs.getLong(1), rs.getLong(2));
                }, startNs, endNs);
    }

    /** Spans matching a condition compiled by the filter language (over {@code spans s}) and their traces. */
    public Count matching(String condition, List<Object> params) throws WorkspaceException {
        return ws.sql().query("count the spans of a cohort",
                "select count(*), count(distinct s.trace_id) from spans s where " + condition, rs -> {
                    rs.next();
                    return new Count(rs.getLong(1), rs.getLong(2));
                }, params.toArray());
    }
}
