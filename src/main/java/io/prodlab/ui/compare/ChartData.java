package io.prodlab.ui.compare;

import io.prodlab.stats.ErrorRate;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.Quantiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the Compare screen's charts draw, computed off the UI thread from the cohorts' observations:
 * toolkit-free, so the chart factory only turns it into JFreeChart objects and tests can check it.
 *
 * @param unit     "span" or "trace": what one observation is, for the axis titles
 * @param cohorts  the cohorts' names, baseline first
 */
public record ChartData(String unit, List<String> cohorts, Histogram histogram, List<Ecdf> ecdfs,
                        List<Shift> shifts, List<Bar> errorRates, double confidence) {

    /** Quantile levels of the shift function. */
    static final double[] SHIFT_QUANTILES = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};
    static final int BINS = 40;
    static final int ECDF_POINTS = 400;

    /**
     * Log-spaced bins over every cohort's positive latencies; {@code shares[c][b]} is the fraction of
     * cohort c's observations in bin b (latencies of 0 ms count in the first bin).
     */
    public record Histogram(double[] edges, double[][] shares) {
    }

    /** A cohort's empirical distribution function, thinned to at most {@link #ECDF_POINTS} steps. */
    public record Ecdf(String cohort, double[] latencyMs, double[] share) {
    }

    /**
     * A candidate's quantile differences against the baseline (candidate minus baseline, ms) with
     * their bootstrap interval; {@code low}/{@code high} are NaN when no bootstrap was asked for.
     */
    public record Shift(String candidate, double[] q, double[] diff, double[] low, double[] high) {
    }

    /** A cohort's error rate with its Wilson interval (fractions); NaN when it has no observation. */
    public record Bar(String cohort, long n, long errors, double rate, double low, double high) {
    }

    /**
     * @param latencies per cohort (baseline first) its latencies in ms, any order
     * @param failures  per cohort its failed observations
     * @param shifts    per candidate its bootstrap over {@link #SHIFT_QUANTILES}, or a problem
     */
    static ChartData of(String unit, List<String> cohorts, List<double[]> latencies, List<Long> failures,
                        List<Outcome<QuantileBootstrap.BootstrapResult>> shifts, double confidence) {
        List<double[]> sorted = new ArrayList<>();
        for (double[] l : latencies) {
            double[] s = l.clone();
            Arrays.sort(s);
            sorted.add(s);
        }
        List<Ecdf> ecdfs = new ArrayList<>();
        for (int c = 0; c < cohorts.size(); c++) {
            ecdfs.add(ecdf(cohorts.get(c), sorted.get(c)));
        }
        List<Shift> shiftList = new ArrayList<>();
        for (int i = 1; i < cohorts.size(); i++) {
            shiftList.add(shift(cohorts.get(i), sorted.get(0), sorted.get(i), shifts.get(i - 1)));
        }
        List<Bar> bars = new ArrayList<>();
        for (int c = 0; c < cohorts.size(); c++) {
            long n = sorted.get(c).length;
            long e = failures.get(c);
            Outcome<ErrorRate> r = ErrorRate.of(e, n, confidence);
            String name = cohorts.get(c);
            bars.add(r.result().map(x -> new Bar(name, n, e, x.rate(), x.ciLow(), x.ciHigh()))
                    .orElse(new Bar(name, n, e, Double.NaN, Double.NaN, Double.NaN)));
        }
        return new ChartData(unit, List.copyOf(cohorts), histogram(sorted), ecdfs, shiftList, bars, confidence);
    }

    static Histogram histogram(List<double[]> sorted) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] s : sorted) {
            for (double v : s) {
                if (v > 0) {
                    lo = Math.min(lo, v);
                    break;
                }
            }
            if (s.length > 0) {
                hi = Math.max(hi, s[s.length - 1]);
            }
        }
        if (!(lo < Double.POSITIVE_INFINITY) || hi <= 0) {
            return new Histogram(new double[0], new double[sorted.size()][0]);
        }
        if (hi <= lo) {
            hi = lo * 1.01;
        }
        double[] edges = new double[BINS + 1];
        double step = (Math.log(hi) - Math.log(lo)) / BINS;
        for (int b = 0; b <= BINS; b++) {
            edges[b] = Math.exp(Math.log(lo) + b * step);
        }
        edges[0] = lo;
        edges[BINS] = hi;
        double[][] shares = new double[sorted.size()][BINS];
        for (int c = 0; c < sorted.size(); c++) {
            double[] s = sorted.get(c);
            for (double v : s) {
                int b = v <= lo ? 0 : (int) Math.floor((Math.log(v) - Math.log(lo)) / step);
                shares[c][Math.min(Math.max(b, 0), BINS - 1)]++;
            }
            for (int b = 0; b < BINS && s.length > 0; b++) {
                shares[c][b] /= s.length;
            }
        }
        return new Histogram(edges, shares);
    }

    static Ecdf ecdf(String cohort, double[] sorted) {
        int n = sorted.length;
        int points = Math.min(n, ECDF_POINTS);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            // the i-th kept step: the last observation of the i-th block of ranks
            int rank = points == n ? i : (int) Math.round((double) (i + 1) * n / points) - 1;
            x[i] = sorted[rank];
            y[i] = (rank + 1.0) / n;
        }
        return new Ecdf(cohort, x, y);
    }

    static Shift shift(String candidate, double[] baseline, double[] sortedCandidate,
                       Outcome<QuantileBootstrap.BootstrapResult> bootstrap) {
        int k = SHIFT_QUANTILES.length;
        double[] diff = new double[k];
        double[] low = new double[k];
        double[] high = new double[k];
        Arrays.fill(low, Double.NaN);
        Arrays.fill(high, Double.NaN);
        for (int i = 0; i < k; i++) {
            diff[i] = baseline.length == 0 || sortedCandidate.length == 0 ? Double.NaN
                    : Quantiles.ofSorted(sortedCandidate, SHIFT_QUANTILES[i]) - Quantiles.ofSorted(baseline,
                    SHIFT_QUANTILES[i]);
        }
        bootstrap.result().ifPresent(b -> {
            for (int i = 0; i < Math.min(k, b.quantiles().size()); i++) {
                low[i] = b.quantiles().get(i).ciLow();
                high[i] = b.quantiles().get(i).ciHigh();
            }
        });
        return new Shift(candidate, SHIFT_QUANTILES.clone(), diff, low, high);
    }
}
