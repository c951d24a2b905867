package io.prodlab.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The units of one experiment cohort, one row each, with what the bias checks need: the metric
 * (latency, failure), when the unit was first seen, how many spans its trace has, the unit that
 * was randomised (a user or session attribute), the covariates and the sampling the spans carry.
 * The cohort and the scope are conditions compiled by the filter language (SQL over {@code spans s}
 * with {@code ?} placeholders, values bound).
 *
 * <ul>
 *   <li>Unit trace: a trace is a unit of the cohort when any of its spans matches the cohort. Its
 *       metric comes from its spans in scope (latency: their summed duration; failed: any failed);
 *       a unit with no span in scope has no metric ({@code NaN}) but still counts where units are
 *       counted (sample ratio, contamination). Attributes are the largest value over the trace's
 *       spans (a trace normally carries one).</li>
 *   <li>Unit span: every span that matches both the cohort and the scope; its attributes are its own
 *       (span first, then resource).</li>
 * </ul>
 */
public final class ExperimentUnitsQuery {
    /** A covariate or unit attribute that is an intrinsic column rather than an attribute. */
    private static final List<String> INTRINSICS = List.of("service.name", "service.version", "name", "kind");

    /**
     * One cohort's units, as parallel arrays.
     *
     * @param latencyMs NaN for a unit with no span in scope
     * @param randomUnit the randomised unit's id, null when the unit carries none (or none was asked for)
     * @param covariates {@code covariates[k][i]}: covariate k of unit i, null when missing
     * @param samplingRatio the sampling probability the unit's spans carry (from {@code sampler.param}
     *     of a probabilistic sampler or a tracestate {@code ot=th:} threshold), NaN when they carry none
     * @param droppedSpans the unit's spans (a trace's, or the span itself) that report attributes, events or links
     *     dropped by their SDK's limits
     */
    public record Units(int n, double[] latencyMs, boolean[] failed, long[] startNs, int[] spansInTrace,
                        String[] randomUnit, String[][] covariates, double[] samplingRatio, int[] droppedSpans) {
        /** Units that have a metric (a span in scope). */
        public int observed() {
            int k = 0;
            for (double v : latencyMs) {
                k += Double.isNaN(v) ? 0 : 1;
            }
            return k;
        }
    }

    private final Workspace ws;

    public ExperimentUnitsQuery(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param randomizationKey the attribute naming the randomised unit, or null
     * @param covariates attribute names (or the intrinsics service.name, service.version, name, kind)
     */
    public Units traces(String cohort, List<Object> cohortParams, String scope, List<Object> scopeParams,
                        String randomizationKey, List<String> covariates) throws WorkspaceException {
        List<Object> params = new ArrayList<>(cohortParams);
        StringBuilder sql = new StringBuilder("with members as (select distinct s.trace_id from spans s where ")
                .append(cohort).append(") select sum(case when ").append(scope).append(" then s.duration_ns end) / 1e6, ")
                .append("bool_or(case when ").append(scope).append(" then s.status = 'error' end), ")
                .append("min(s.start_ns), count(*)::integer, ");
        params.addAll(scopeParams);
        params.addAll(scopeParams);
        attribute(sql.append("max("), randomizationKey, params).append("), ");
        for (String c : covariates) {
            attribute(sql.append("max("), c, params).append("), ");
        }
        sql.append("max(").append(SAMPLER).append("), max(").append(THRESHOLD).append("), count(*) filter (where ")
                .append(DROPPED).append(")::integer ")
                .append("from spans s join members m on m.trace_id = s.trace_id group by s.trace_id")
                // A fixed order: sums in Java then add up in the same order wherever the spans came from.
                .append(" order by min(s.start_ns), s.trace_id");
        return read(sql.toString(), params, covariates.size());
    }

    public Units spans(String cohort, List<Object> cohortParams, String scope, List<Object> scopeParams,
                       String randomizationKey, List<String> covariates) throws WorkspaceException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("with per_trace as (select trace_id, count(*)::integer as spans from spans "
                + "group by trace_id) select s.duration_ns / 1e6, s.status = 'error', s.start_ns, t.spans, ");
        attribute(sql, randomizationKey, params).append(", ");
        for (String c : covariates) {
            attribute(sql, c, params).append(", ");
        }
        sql.append(SAMPLER).append(", ").append(THRESHOLD).append(", (").append(DROPPED).append(")::integer")
                .append(" from spans s join per_trace t on t.trace_id = s.trace_id where (").append(cohort)
                .append(") and (").append(scope).append(") order by s.start_ns, s.trace_id, s.span_id");
        params.addAll(cohortParams);
        params.addAll(scopeParams);
        return read(sql.toString(), params, covariates.size());
    }

    /** A span that lost data to its SDK's limits (OTLP's dropped counts). */
    private static final String DROPPED = "s.dropped_attributes > 0 or s.dropped_events > 0 or s.dropped_links > 0";

    /** The sampler's probability when a probabilistic sampler says it (Jaeger's sampler tags). */
    private static final String SAMPLER = "case when coalesce(s.attributes->>'$.\"sampler.type\"', "
            + "s.resource->>'$.\"sampler.type\"') = 'probabilistic' then try_cast(coalesce("
            + "s.attributes->>'$.\"sampler.param\"', s.resource->>'$.\"sampler.param\"') as double) end";

    /**
     * The probability an OpenTelemetry tracestate threshold ({@code ot=th:HEX}, up to 14 hex digits,
     * rejecting that fraction of 2^56) stands for: 1 - th / 2^56.
     */
    private static final String THRESHOLD = "case when regexp_matches(s.trace_state, '(^|,)ot=([^,]*;)?th:[0-9a-f]{1,14}') "
            + "then 1 - (('0x' || rpad(regexp_extract(s.trace_state, 'th:([0-9a-f]{1,14})', 1), 14, '0'))::ubigint"
            + "::double / 72057594037927936.0) end";

    private static StringBuilder attribute(StringBuilder sql, String key, List<Object> params) {
        if (key == null) {
            return sql.append("null::varchar");
        }
        if (INTRINSICS.contains(key)) {
            String column = switch (key) {
                case "service.name" -> "s.service_name";
                case "service.version" -> "s.service_version";
                case "name" -> "s.name";
                default -> "s.kind";
            };
            return sql.append(column);
        }
        String pointer = "/" + key.replace("~", "~0").replace("/", "~1");
        params.add(pointer);
        params.add(pointer);
        return sql.append("coalesce(json_extract_string(s.attributes, ?), json_extract_string(s.resource, ?))");
    }

    private Units read(String sql, List<Object> params, int covariates) throws WorkspaceException {
        return ws.sql().query("read the experiment's units", sql, rs -> {
            int cap = 1024;
            double[] lat = new double[cap];
            boolean[] failed = new boolean[cap];
            long[] start = new long[cap];
            int[] spans = new int[cap];
            String[] unit = new String[cap];
            String[][] cov = new String[covariates][cap];
            double[] ratio = new double[cap];
            int[] dropped = new int[cap];
            int n = 0;
            while (rs.next()) {
                if (n == cap) {
                    cap *= 2;
                    lat = Arrays.copyOf(lat, cap);
                    failed = Arrays.copyOf(failed, cap);
                    start = Arrays.copyOf(start, cap);
                    spans = Arrays.copyOf(spans, cap);
                    unit = Arrays.copyOf(unit, cap);
                    for (int k = 0; k < covariates; k++) {
                        cov[k] = Arrays.copyOf(cov[k], cap);
                    }
                    ratio = Arrays.copyOf(ratio, cap);
                    dropped = Arrays.copyOf(dropped, cap);
                }
                double l = rs.getDouble(1);
                lat[n] = rs.wasNull() ? Double.NaN : l;
                failed[n] = rs.getBoolean(2);
                start[n] = rs.getLong(3);
                spans[n] = rs.getInt(4);
                unit[n] = rs.getString(5);
                for (int k = 0; k < covariates; k++) {
                    cov[k][n] = rs.getString(6 + k);
                }
                double sampler = rs.getDouble(6 + covariates);
                boolean noSampler = rs.wasNull();
                double threshold = rs.getDouble(7 + covariates);
                boolean noThreshold = rs.wasNull();
                ratio[n] = !noThreshold ? threshold : !noSampler ? sampler : Double.NaN;
                dropped[n] = rs.getInt(8 + covariates);
                n++;
            }
            String[][] covOut = new String[covariates][];
            for (int k = 0; k < covariates; k++) {
                covOut[k] = Arrays.copyOf(cov[k], n);
            }
            return new Units(n, Arrays.copyOf(lat, n), Arrays.copyOf(failed, n), Arrays.copyOf(start, n),
                    Arrays.copyOf(spans, n), Arrays.copyOf(unit, n), covOut, Arrays.copyOf(ratio, n),
                    Arrays.copyOf(dropped, n));
        }, params.toArray());
    }
}
