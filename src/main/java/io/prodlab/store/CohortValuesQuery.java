package io.prodlab.store;

import java.util.Arrays;
import java.util.List;

/**
 * The observations of one cohort, for a comparison: each observation's latency in milliseconds
 * and whether it failed. The cohort and the scope are conditions compiled by the filter language
 * (SQL over {@code spans s} with {@code ?} placeholders, values bound).
 *
 * <ul>
 *   <li>Unit span: every span that matches both the cohort and the scope is an observation.</li>
 *   <li>Unit trace: a trace belongs to the cohort when any of its spans matches the cohort; its
 *       observation is taken from its spans that match the scope — the sum of their durations,
 *       and failed when any of them did. A cohort trace with no span in scope is no observation.</li>
 * </ul>
 */
public final class CohortValuesQuery {
    /** Latencies (ms) and failures, one per observation, in no particular order. */
    public record Observations(double[] latencyMs, boolean[] failed) {
        public int n() {
            return latencyMs.length;
        }

        public long failures() {
            long f = 0;
            for (boolean b : failed) {
                f += b ? 1 : 0;
            }
            return f;
        }
    }

    private final Workspace ws;

    public CohortValuesQuery(Workspace ws) {
        this.ws = ws;
    }

    public Observations spans(String cohort, List<Object> cohortParams, String scope, List<Object> scopeParams)
            throws WorkspaceException {
        String sql = "select s.duration_ns / 1e6, s.status = 'error' from spans s where (" + cohort + ") and (" + scope
                + ")";
        return read(sql, concat(cohortParams, scopeParams));
    }

    public Observations traces(String cohort, List<Object> cohortParams, String scope, List<Object> scopeParams)
            throws WorkspaceException {
        String sql = "with members as (select distinct s.trace_id from spans s where " + cohort + ") "
                + "select sum(s.duration_ns) / 1e6, bool_or(s.status = 'error') from spans s "
                + "join members m on m.trace_id = s.trace_id where " + scope + " group by s.trace_id";
        return read(sql, concat(cohortParams, scopeParams));
    }

    private Observations read(String sql, Object[] params) throws WorkspaceException {
        return ws.sql().query("read the cohort's observations", sql, rs -> {
            double[] lat = new double[1024];
            boolean[] err = new boolean[1024];
            int n = 0;
            while (rs.next()) {
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                    err = Arrays.copyOf(err, n * 2);
                }
                lat[n] = rs.getDouble(1);
                err[n] = rs.getBoolean(2);
                n++;
            }
            return new Observations(Arrays.copyOf(lat, n), Arrays.copyOf(err, n));
        }, params);
    }

    private static Object[] concat(List<Object> a, List<Object> b) {
        Object[] out = new Object[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            out[a.size() + i] = b.get(i);
        }
        return out;
    }
}
