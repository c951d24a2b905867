package io.prodlab.store;

import java.util.ArrayList;
import java.util.List;

/**
 * How often each value of each span attribute and each resource attribute occurs in two cohorts,
 * for the attribute-difference ranking ("why is B different?"). The cohorts and the scope are
 * conditions compiled by the filter language (SQL over {@code spans s} with {@code ?} placeholders,
 * values bound, never spliced in). The counting happens in DuckDB in one query: the spans in scope
 * are read once (by trace, the cohorts' trace ids are collected first) and grouped by their
 * (attributes, resource) pair, then {@code json_each}
 * runs once on each distinct attributes object and each distinct resource object, weighted by how
 * many spans of each cohort carry it (a workspace has a few hundred resources, and
 * spans of one operation repeat their attributes), then one aggregation with a window rank; only the
 * kept values per key cross into Java.
 *
 * <p>What is counted:
 * <ul>
 *   <li>Unit span: each span that matches the scope and a cohort's condition.</li>
 *   <li>Unit trace: each span that matches the scope and lies in a trace with a span that matches
 *       the cohort's condition (the spans the trace comparison takes its metric from). The counts
 *       are still of spans: the spans of one trace are not independent, so p-values of a test on
 *       these counts are optimistic when traces have many scoped spans.</li>
 * </ul>
 * A span in both cohorts counts in both.
 *
 * <p>Values: a string is its text; a number, a boolean, an array or an object is its JSON text
 * ({@code 500}, {@code true}, {@code ["a"]}), with a type ({@code string}, {@code number},
 * {@code bool}, {@code json}) so that {@code "200"} and {@code 200} stay apart, as they do in the
 * filter language. Per key, the {@link #MAX_VALUES} most frequent values (both cohorts together)
 * that occur at least {@link #MIN_COUNT} times are kept with their own counts; every other value of
 * the key is summed into one "other" row (value null). Ids, statements and amounts (many distinct
 * values) therefore become "other" and the presence of the key: their differences are a numeric
 * comparison's business, not this one's. How many spans lack the key is each cohort's total minus
 * the key's counts.
 */
public final class AttributeValueCountsQuery {
    /** The most values a key keeps with their own counts. */
    public static final int MAX_VALUES = 20;
    /** The fewest occurrences (both cohorts) for a value to keep its own counts. */
    public static final int MIN_COUNT = 5;

    /** Which JSON column a key is from. */
    public enum Source {
        SPAN, RESOURCE;

        String code() {
            return this == SPAN ? "span" : "resource";
        }
    }

    /** A condition compiled by the filter language: SQL over {@code spans s} and its bound values. */
    public record Condition(String sql, List<Object> params) {
        public Condition {
            params = List.copyOf(params);
        }
    }

    /**
     * One value's counts, or (value and type null) the key's other values summed.
     *
     * @param type string, number, bool or json; null for "other"
     */
    public record ValueCount(String type, String value, long baseline, long candidate) {
        public boolean isOther() {
            return value == null;
        }
    }

    /**
     * One attribute key.
     *
     * @param distinctValues how many distinct values the key has in the two cohorts together
     * @param values         the kept values, most frequent first, then "other" when there is any
     */
    public record KeyCounts(Source source, String key, long distinctValues, List<ValueCount> values) {
        public long baselineWithKey() {
            return values.stream().mapToLong(ValueCount::baseline).sum();
        }

        public long candidateWithKey() {
            return values.stream().mapToLong(ValueCount::candidate).sum();
        }
    }

    /**
     * @param baselineN  spans counted for the baseline
     * @param candidateN spans counted for the candidate
     * @param keys       every key that a counted span carries, by source then key
     */
    public record Counts(long baselineN, long candidateN, List<KeyCounts> keys) {
    }

    private final Workspace ws;

    public AttributeValueCountsQuery(Workspace ws) {
        this.ws = ws;
    }

    /** Counts over the spans in scope that match each cohort. */
    public Counts spans(Condition baseline, Condition candidate, Condition scope) throws WorkspaceException {
        String members = "select s.attributes, s.resource, coalesce((" + baseline.sql() + "), false) as in_b, "
                + "coalesce((" + candidate.sql() + "), false) as in_c from spans s where coalesce((" + scope.sql()
                + "), false)";
        List<Object> params = new ArrayList<>(baseline.params());
        params.addAll(candidate.params());
        params.addAll(scope.params());
        return count("", members, params);
    }

    /** Counts over the spans in scope of the traces that have a span matching each cohort. */
    public Counts traces(Condition baseline, Condition candidate, Condition scope) throws WorkspaceException {
        String with = "tb as (select distinct s.trace_id from spans s where coalesce((" + baseline.sql() + "), false)), "
                + "tc as (select distinct s.trace_id from spans s where coalesce((" + candidate.sql() + "), false)), ";
        String members = "select s.attributes, s.resource, s.trace_id in (select trace_id from tb) as in_b, "
                + "s.trace_id in (select trace_id from tc) as in_c from spans s where coalesce((" + scope.sql()
                + "), false)";
        List<Object> params = new ArrayList<>(baseline.params());
        params.addAll(candidate.params());
        params.addAll(scope.params());
        return count(with, members, params);
    }

    private Counts count(String with, String members, List<Object> params) throws WorkspaceException {
        // g: one scan of the spans, grouped by their (attributes, resource) pair; everything after
        // reads only g, whose rows are as many as distinct pairs, not spans
        String sql = "with " + with + "m as (select * from (" + members + ") where in_b or in_c), "
                + "g as materialized (select m.attributes, m.resource, count(*) filter (where m.in_b) as wb, "
                + "count(*) filter (where m.in_c) as wc from m group by m.attributes, m.resource)" + """
                , kv as (
                    select 'span' as source, e.key, e.type as jtype, e.value as jvalue, a.wb, a.wc
                    from (select attributes as doc, sum(wb) as wb, sum(wc) as wc from g group by attributes) a,
                        json_each(a.doc) e
                    union all
                    select 'resource' as source, e.key, e.type, e.value, r.wb, r.wc
                    from (select resource as doc, sum(wb) as wb, sum(wc) as wc from g group by resource) r,
                        json_each(r.doc) e
                ), vals as (
                    select source, key,
                        case when jtype = 'VARCHAR' then 'string' when jtype = 'BOOLEAN' then 'bool'
                             when jtype in ('BIGINT', 'UBIGINT', 'DOUBLE') then 'number' else 'json' end as vtype,
                        case when jtype = 'VARCHAR' then json_extract_string(jvalue, '$') else jvalue::varchar end as value,
                        sum(wb) as nb, sum(wc) as nc
                    from kv group by 1, 2, 3, 4
                ), ranked as (
                    select *, row_number() over (partition by source, key order by nb + nc desc, vtype, value) as rk,
                        count(*) over (partition by source, key) as distinct_values
                    from vals
                ), kept as (
                    select source, key, distinct_values, rk <= ? and nb + nc >= ? as own, vtype, value, nb, nc
                    from ranked
                ), bucketed as (
                    select source, key, distinct_values, own, case when own then vtype end as kvtype,
                        case when own then value end as kvalue, nb, nc
                    from kept
                ), counted as (
                    select source, key, max(distinct_values) as distinct_values, kvtype, kvalue, sum(nb) as snb,
                        sum(nc) as snc, own
                    from bucketed group by source, key, own, kvtype, kvalue
                )
                select t.tb, t.tc, c.source, c.key, c.distinct_values, c.kvtype, c.kvalue, c.snb, c.snc
                from (select coalesce(sum(wb), 0) as tb, coalesce(sum(wc), 0) as tc from g) t
                left join counted c on true
                order by c.source desc nulls last, c.key, c.own desc, c.snb + c.snc desc, c.kvtype, c.kvalue
                """;
        List<Object> all = new ArrayList<>(params);
        all.add(MAX_VALUES);
        all.add(MIN_COUNT);
        List<KeyCounts> keys = new ArrayList<>();
        long[] totals = new long[2];
        ws.sql().query("count the attribute values of the cohorts", sql, rs -> {
            String source = null;
            String key = null;
            long distinct = 0;
            List<ValueCount> values = null;
            while (rs.next()) {
                totals[0] = rs.getLong(1);
                totals[1] = rs.getLong(2);
                String s = rs.getString(3);
                if (s == null) {
                    continue; // no span carries any attribute: the totals' row alone
                }
                String k = rs.getString(4);
                if (!s.equals(source) || !k.equals(key)) {
                    if (values != null) {
                        keys.add(new KeyCounts(source(source), key, distinct, List.copyOf(values)));
                    }
                    source = s;
                    key = k;
                    distinct = rs.getLong(5);
                    values = new ArrayList<>();
                }
                values.add(new ValueCount(rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9)));
            }
            if (values != null) {
                keys.add(new KeyCounts(source(source), key, distinct, List.copyOf(values)));
            }
            return null;
        }, all.toArray());
        return new Counts(totals[0], totals[1], List.copyOf(keys));
    }

    private static Source source(String code) {
        return code.equals("span") ? Source.SPAN : Source.RESOURCE;
    }
}
