package io.prodlab.store;

import io.prodlab.store.AttributeValueCountsQuery.Condition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A comparison's numbers for 2 to 8 cohorts in two passes over the spans: one aggregation in DuckDB
 * down to sufficient statistics per cohort (counts, errors, mean and variance of the metric, the
 * sums of the sampling weights, the time covered), and one read of the metric's values for the
 * rank tests. Each cohort's condition and the scope are conditions compiled by the filter language
 * (SQL over {@code spans s}, values bound); a span (or trace) in several cohorts counts in each.
 *
 * <p>An observation is a span (unit span) or, by trace, a trace with a span matching the cohort
 * whose value is taken from its spans in scope: the sum of their metric values, failed when any
 * failed, its time from their first start to their last end. Spans or traces in scope without a
 * value of the metric (a span without the numeric attribute) are no observations; they are counted
 * in {@link Aggregates#withoutValue()}.
 *
 * <p>Sampling weights (adjusted counts 1/p): a span whose {@code trace_state} has an OpenTelemetry
 * threshold ({@code ot=th:T}, T up to 14 hex digits, rejection threshold T/2<sup>56</sup>, so
 * p = 1 − T/2<sup>56</sup>) weighs 2<sup>56</sup>/(2<sup>56</sup> − T); else a span of a trace whose
 * root span (from a Jaeger import) carries {@code sampler.type = "probabilistic"} and
 * {@code sampler.param = p} in (0, 1] weighs 1/p; else 1. Jaeger's clients put the sampler tags on
 * the root span only, so they are looked for there, and only in workspaces with a Jaeger import
 * (the look costs a scan of every attribute). By trace, a trace weighs its heaviest scoped span.
 */
public final class CohortMetricQuery {
    /** 2<sup>56</sup>, the OpenTelemetry sampling threshold's range. */
    static final String TWO_TO_56 = "72057594037927936.0";

    /**
     * What an observation's value is.
     *
     * @param attribute a span attribute key whose numeric values are the metric, or null for the
     *                  latency in milliseconds
     */
    public record Metric(String attribute) {
        public static final Metric LATENCY = new Metric(null);

        public static Metric attribute(String key) {
            return new Metric(key);
        }
    }

    /**
     * One cohort reduced to sufficient statistics in DuckDB.
     *
     * @param n              observations
     * @param errors         observations that failed
     * @param weight         Σw, the adjusted count (= n when nothing is sampled)
     * @param weightSquares  Σw²
     * @param weightedErrors Σw over the failed observations
     * @param mean           mean of the metric (unweighted), NaN when n = 0
     * @param variance       sample variance of the metric (unweighted, n−1), NaN when n &lt; 2
     * @param minWeight      the lightest observation's weight (1 when unsampled); NaN when n = 0
     * @param maxWeight      the heaviest observation's weight
     * @param firstStartNs   the first observation's start, null when n = 0
     * @param lastEndNs      the last observation's end
     * @param withoutValue   spans (traces) of the cohort in scope without a value of the metric
     */
    public record Aggregates(long n, long errors, double weight, double weightSquares, double weightedErrors,
                             double mean, double variance, double minWeight, double maxWeight, Long firstStartNs,
                             Long lastEndNs, long withoutValue) {
        /** Some observation weighs other than 1. */
        public boolean weighted() {
            return n > 0 && (minWeight != 1.0 || maxWeight != 1.0);
        }
    }

    /**
     * One cohort's values.
     *
     * @param values  the metric's values; sorted when {@code weights} is not null, else in no order
     * @param weights each value's weight, or null when every weight is 1
     */
    public record Values(double[] values, double[] weights) {
    }

    /** The aggregates and the values of each cohort, in the cohorts' order. */
    public record Read(List<Aggregates> aggregates, List<Values> values) {
    }

    private final Workspace ws;

    public CohortMetricQuery(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param cohorts 1 to 8 conditions
     * @param byTrace unit trace (else span)
     */
    public Read read(List<Condition> cohorts, Condition scope, boolean byTrace, Metric metric)
            throws WorkspaceException {
        if (cohorts.isEmpty() || cohorts.size() > 8) {
            throw new IllegalArgumentException("1 to 8 cohorts: " + cohorts.size());
        }
        List<Object> params = new ArrayList<>();
        String obs = observations(cohorts, scope, byTrace, metric, params);
        List<Aggregates> aggregates = aggregates(obs, params, cohorts.size());
        boolean weighted = aggregates.stream().anyMatch(Aggregates::weighted);
        return new Read(aggregates, values(obs, params, aggregates, weighted));
    }

    /** {@code with ... obs as (...)}: one row per observation in scope, with a membership flag m0..mk per cohort. */
    private String observations(List<Condition> cohorts, Condition scope, boolean byTrace, Metric metric,
                                List<Object> params) throws WorkspaceException {
        List<Long> jaeger = ws.sql().list("find the Jaeger imports", "select import_id from imports where format = ?",
                rs -> rs.getLong(1), "jaeger-json");
        StringBuilder sql = new StringBuilder("with ");
        String jaegerWeight = "NULL";
        if (!jaeger.isEmpty()) {
            sql.append("jw as (select trace_id, max(1.0 / json_extract(attributes, '/sampler.param')::double) as w "
                    + "from spans where import_id in (").append(placeholders(jaeger.size())).append(") and parent_span_id = '' "
                    + "and json_extract_string(attributes, '/sampler.type') = 'probabilistic' "
                    + "and json_type(attributes, '/sampler.param') in ('DOUBLE', 'BIGINT', 'UBIGINT') "
                    + "and json_extract(attributes, '/sampler.param')::double > 0 "
                    + "and json_extract(attributes, '/sampler.param')::double <= 1 group by trace_id), ");
            params.addAll(jaeger);
            jaegerWeight = "jw.w";
        }
        String thWeight = "CASE WHEN s.trace_state LIKE '%th:%' THEN " + TWO_TO_56 + " / (" + TWO_TO_56 + " - ('0x' || "
                + "rpad(nullif(regexp_extract(s.trace_state, '(?:^|,)\\s*ot=(?:[^,]*;)?th:([0-9a-f]{1,14})', 1), ''), "
                + "14, '0'))::BIGINT) END";
        String weight = "coalesce(" + thWeight + ", " + jaegerWeight + ", 1.0)";
        String join = jaeger.isEmpty() ? "" : " LEFT JOIN jw ON jw.trace_id = s.trace_id";
        List<Object> valueParams = new ArrayList<>();
        String value = metric.attribute() == null ? "s.duration_ns / 1e6"
                : "CASE WHEN json_type(s.attributes, ?) IN ('BIGINT', 'UBIGINT', 'DOUBLE') "
                + "THEN json_extract(s.attributes, ?)::DOUBLE END";
        if (metric.attribute() != null) {
            String pointer = "/" + metric.attribute().replace("~", "~0").replace("/", "~1");
            valueParams.add(pointer);
            valueParams.add(pointer);
        }
        if (!byTrace) {
            sql.append("obs as (select ").append(value).append(" AS v, s.status = 'error' AS failed, ").append(weight)
                    .append(" AS w, s.start_ns, s.end_ns");
            params.addAll(valueParams);
            for (int i = 0; i < cohorts.size(); i++) {
                sql.append(", coalesce((").append(cohorts.get(i).sql()).append("), false) AS m").append(i);
                params.addAll(cohorts.get(i).params());
            }
            sql.append(" FROM spans s").append(join).append(" WHERE coalesce((").append(scope.sql()).append("), false)) ");
            params.addAll(scope.params());
            return sql.toString();
        }
        for (int i = 0; i < cohorts.size(); i++) {
            sql.append("t").append(i).append(" AS (SELECT DISTINCT s.trace_id FROM spans s WHERE coalesce((")
                    .append(cohorts.get(i).sql()).append("), false)), ");
            params.addAll(cohorts.get(i).params());
        }
        sql.append("per AS (SELECT s.trace_id, sum(").append(value).append(") AS v, bool_or(s.status = 'error') AS failed, ")
                .append("max(").append(weight).append(") AS w, min(s.start_ns) AS start_ns, max(s.end_ns) AS end_ns ")
                .append("FROM spans s").append(join).append(" WHERE coalesce((").append(scope.sql()).append("), false) ")
                .append("AND s.trace_id IN (");
        params.addAll(valueParams);
        params.addAll(scope.params());
        for (int i = 0; i < cohorts.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT trace_id FROM t").append(i);
        }
        sql.append(") GROUP BY s.trace_id), obs AS (SELECT per.*");
        for (int i = 0; i < cohorts.size(); i++) {
            sql.append(", per.trace_id IN (SELECT trace_id FROM t").append(i).append(") AS m").append(i);
        }
        sql.append(" FROM per) ");
        return sql.toString();
    }

    private List<Aggregates> aggregates(String obs, List<Object> params, int k) throws WorkspaceException {
        StringBuilder sql = new StringBuilder(obs).append("SELECT ");
        for (int i = 0; i < k; i++) {
            String in = "m" + i + " AND v IS NOT NULL";
            sql.append(i == 0 ? "" : ", ").append("count(*) FILTER (WHERE ").append(in).append("), ")
                    .append("count(*) FILTER (WHERE ").append(in).append(" AND failed), ")
                    .append("coalesce(sum(w) FILTER (WHERE ").append(in).append("), 0), ")
                    .append("coalesce(sum(w * w) FILTER (WHERE ").append(in).append("), 0), ")
                    .append("coalesce(sum(w) FILTER (WHERE ").append(in).append(" AND failed), 0), ")
                    .append("avg(v) FILTER (WHERE ").append(in).append("), ")
                    .append("var_samp(v) FILTER (WHERE ").append(in).append("), ")
                    .append("min(w) FILTER (WHERE ").append(in).append("), ")
                    .append("max(w) FILTER (WHERE ").append(in).append("), ")
                    .append("min(start_ns) FILTER (WHERE ").append(in).append("), ")
                    .append("max(end_ns) FILTER (WHERE ").append(in).append("), ")
                    .append("count(*) FILTER (WHERE m").append(i).append(" AND v IS NULL)");
        }
        sql.append(" FROM obs");
        return ws.sql().query("aggregate the cohorts' observations", sql.toString(), rs -> {
            rs.next();
            List<Aggregates> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int c = i * 12;
                out.add(new Aggregates(rs.getLong(c + 1), rs.getLong(c + 2), rs.getDouble(c + 3), rs.getDouble(c + 4),
                        rs.getDouble(c + 5), orNaN(rs, c + 6), orNaN(rs, c + 7), orNaN(rs, c + 8), orNaN(rs, c + 9),
                        orNull(rs, c + 10), orNull(rs, c + 11), rs.getLong(c + 12)));
            }
            return out;
        }, params.toArray());
    }

    private List<Values> values(String obs, List<Object> params, List<Aggregates> aggregates, boolean weighted)
            throws WorkspaceException {
        int k = aggregates.size();
        // one integer of membership bits per row, and the weight only when some cohort is sampled:
        // reading a column costs more than DuckDB's computing it
        StringBuilder mask = new StringBuilder();
        StringBuilder any = new StringBuilder();
        for (int i = 0; i < k; i++) {
            mask.append(i == 0 ? "" : " + ").append("(m").append(i).append("::INTEGER << ").append(i).append(')');
            any.append(i == 0 ? "" : " OR ").append('m').append(i);
        }
        // unweighted values are sorted in Java (primitive sorts beat an ORDER BY here); weighted ones
        // need their weights sorted along, which DuckDB does
        String sql = obs + "SELECT v, " + mask + (weighted ? ", w" : "") + " FROM obs WHERE v IS NOT NULL AND (" + any
                + ")" + (weighted ? " ORDER BY v" : "");
        return ws.sql().query("read the cohorts' values", sql, rs -> {
            double[][] v = new double[k][];
            double[][] w = new double[k][];
            int[] n = new int[k];
            for (int i = 0; i < k; i++) {
                v[i] = new double[(int) aggregates.get(i).n()];
                w[i] = weighted ? new double[v[i].length] : null;
            }
            while (rs.next()) {
                double value = rs.getDouble(1);
                int bits = rs.getInt(2);
                double weight = weighted ? rs.getDouble(3) : 1.0;
                for (int i = 0; i < k; i++) {
                    if ((bits & (1 << i)) != 0) {
                        if (n[i] == v[i].length) { // the spans changed between the two reads
                            v[i] = Arrays.copyOf(v[i], Math.max(16, 2 * n[i]));
                            if (weighted) {
                                w[i] = Arrays.copyOf(w[i], v[i].length);
                            }
                        }
                        v[i][n[i]] = value;
                        if (weighted) {
                            w[i][n[i]] = weight;
                        }
                        n[i]++;
                    }
                }
            }
            List<Values> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                out.add(new Values(n[i] == v[i].length ? v[i] : Arrays.copyOf(v[i], n[i]),
                        w[i] == null ? null : n[i] == w[i].length ? w[i] : Arrays.copyOf(w[i], n[i])));
            }
            return out;
        }, params.toArray());
    }

    private static double orNaN(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : d;
    }

    private static Long orNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long l = rs.getLong(column);
        return rs.wasNull() ? null : l;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
