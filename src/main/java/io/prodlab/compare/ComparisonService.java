package io.prodlab.compare;

import io.prodlab.stats.BrownForsytheTest;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.KolmogorovSmirnovTest;
import io.prodlab.stats.MannWhitneyTest;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.Power;
import io.prodlab.stats.ProportionTest;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.WelchTest;
import io.prodlab.store.CohortValuesQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares cohorts of requests on latency and errors: the first cohort is the baseline, each
 * other is a candidate (differences are candidate minus baseline). Every test of DESIGN.md's
 * conventions runs on each pair, with Holm and Benjamini–Hochberg adjustments over all the
 * p-values of the run, and the minimum effects the samples could detect.
 */
public final class ComparisonService {
    /** Test names, as the results (and {@code compare --json}) call them. */
    public static final List<String> TESTS = List.of("welch", "mann_whitney", "two_proportion", "ks", "spread");
    static final double[] QUANTILES = {0.5, 0.95, 0.99};

    /**
     * @param confidence of every interval (0.95)
     * @param resamples  of the quantile bootstrap (0 leaves it out)
     * @param seed       of the bootstrap: the same seed gives the same intervals
     * @param alpha      for the minimum detectable effects
     * @param power      for the minimum detectable effects
     */
    public record Options(double confidence, int resamples, long seed, double alpha, double power) {
        public static Options defaults() {
            return new Options(0.95, 1000, 42, 0.05, 0.8);
        }
    }

    /** One cohort's figures. */
    public record CohortFigures(String name, int n, Outcome<Descriptives> latency, long errors) {
        public double errorRate() {
            return n == 0 ? Double.NaN : (double) errors / n;
        }
    }

    /** The minimum effects a pair could detect at the options' alpha and power. */
    public record Detectable(Outcome<Double> meanMs, Outcome<Double> errorRateIncrease) {
    }

    /** One candidate against the baseline. */
    public record PairComparison(String baseline, String candidate, Outcome<WelchTest.WelchResult> welch,
                                 Outcome<MannWhitneyTest.MannWhitneyResult> mannWhitney,
                                 ProportionTest.ErrorRateComparison errors,
                                 Outcome<KolmogorovSmirnovTest.KsResult> ks,
                                 Outcome<BrownForsytheTest.SpreadResult> spread,
                                 Outcome<QuantileBootstrap.BootstrapResult> quantiles,
                                 Map<String, Double> holm, Map<String, Double> benjaminiHochberg,
                                 Detectable detectable) {
    }

    /** The whole comparison. */
    public record Result(Unit unit, String metric, List<CohortFigures> cohorts, List<PairComparison> comparisons,
                         List<String> warnings, Options options) {
    }

    private final Workspace ws;

    public ComparisonService(Workspace ws) {
        this.ws = ws;
    }

    public Result compare(List<Cohort> cohorts, String scope, Unit unit, Options o)
            throws CohortException, WorkspaceException {
        if (cohorts.size() < 2 || cohorts.size() > 8) {
            throw new CohortException("A comparison takes 2 to 8 cohorts (the first is the baseline); got "
                    + cohorts.size() + ".");
        }
        List<String> names = cohorts.stream().map(Cohort::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new CohortException("Cohort names must differ: " + names + ".");
        }
        List<CohortObservations.Result> read = new CohortObservations(ws).read(cohorts, scope, unit);
        List<String> warnings = new ArrayList<>();
        List<CohortFigures> figures = new ArrayList<>();
        for (CohortObservations.Result r : read) {
            warnings.addAll(r.warnings());
            CohortValuesQuery.Observations obs = r.observations();
            figures.add(new CohortFigures(r.cohort().name(), obs.n(), Descriptives.of(obs.latencyMs()), obs.failures()));
        }
        CohortValuesQuery.Observations base = read.get(0).observations();
        List<PairComparison> pairs = new ArrayList<>();
        List<double[]> pValues = new ArrayList<>();
        for (int i = 1; i < read.size(); i++) {
            CohortValuesQuery.Observations cand = read.get(i).observations();
            double[] b = base.latencyMs();
            double[] c = cand.latencyMs();
            var welch = WelchTest.test(b, c, o.confidence());
            var mw = MannWhitneyTest.test(b, c, o.confidence());
            var err = ProportionTest.compareErrorRates(base.failures(), base.n(), cand.failures(), cand.n(), o.confidence());
            var ks = KolmogorovSmirnovTest.test(b, c);
            var spread = BrownForsytheTest.test(b, c);
            Outcome<QuantileBootstrap.BootstrapResult> q = o.resamples() <= 0
                    ? Outcome.problem(io.prodlab.stats.StatProblem.TOO_FEW_OBSERVATIONS, "bootstrap not asked for")
                    : b.length == 0 || c.length == 0
                    ? Outcome.problem(io.prodlab.stats.StatProblem.TOO_FEW_OBSERVATIONS, "a cohort has no observation")
                    : QuantileBootstrap.differenceOfQuantiles(b, c, QUANTILES, o.resamples(), o.confidence(), o.seed());
            long nPerGroup = Math.min(base.n(), cand.n());
            double sd = figures.get(0).latency().result().map(Descriptives::sd).orElse(Double.NaN);
            Detectable det = new Detectable(
                    Double.isFinite(sd) && nPerGroup > 1
                            ? Power.minimumDetectableDifferenceOfMeans(sd, nPerGroup, o.alpha(), o.power())
                            : Outcome.problem(io.prodlab.stats.StatProblem.TOO_FEW_OBSERVATIONS, "no spread to size it by"),
                    nPerGroup > 0
                            ? Power.minimumDetectableIncreaseOfProportion(figures.get(0).errorRate(), nPerGroup,
                            o.alpha(), o.power())
                            : Outcome.problem(io.prodlab.stats.StatProblem.TOO_FEW_OBSERVATIONS, "an empty cohort"));
            pValues.add(new double[] {p(welch.result().map(WelchTest.WelchResult::p)),
                    p(mw.result().map(MannWhitneyTest.MannWhitneyResult::p)), err.decidingP(),
                    p(ks.result().map(KolmogorovSmirnovTest.KsResult::p)),
                    p(spread.result().map(BrownForsytheTest.SpreadResult::p))});
            pairs.add(new PairComparison(names.get(0), names.get(i), welch, mw, err, ks, spread, q, Map.of(), Map.of(),
                    det));
        }
        return new Result(unit, "latency", figures, adjusted(pairs, pValues), warnings, o);
    }

    private static double p(java.util.Optional<Double> p) {
        return p.orElse(Double.NaN);
    }

    /** Holm and BH over every finite p-value of the run; a test without a p gets none. */
    private static List<PairComparison> adjusted(List<PairComparison> pairs, List<double[]> pValues) {
        List<Double> finite = new ArrayList<>();
        for (double[] ps : pValues) {
            for (double p : ps) {
                if (Double.isFinite(p)) {
                    finite.add(p);
                }
            }
        }
        double[] all = finite.stream().mapToDouble(Double::doubleValue).toArray();
        double[] holm = all.length == 0 ? all : MultipleComparisons.holm(all);
        double[] bh = all.length == 0 ? all : MultipleComparisons.benjaminiHochberg(all);
        List<PairComparison> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < pairs.size(); i++) {
            Map<String, Double> h = new LinkedHashMap<>();
            Map<String, Double> b = new LinkedHashMap<>();
            for (int t = 0; t < TESTS.size(); t++) {
                if (Double.isFinite(pValues.get(i)[t])) {
                    h.put(TESTS.get(t), holm[k]);
                    b.put(TESTS.get(t), bh[k]);
                    k++;
                }
            }
            PairComparison p = pairs.get(i);
            out.add(new PairComparison(p.baseline(), p.candidate(), p.welch(), p.mannWhitney(), p.errors(), p.ks(),
                    p.spread(), p.quantiles(), h, b, p.detectable()));
        }
        return out;
    }
}
