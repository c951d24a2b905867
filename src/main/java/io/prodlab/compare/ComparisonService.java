package io.prodlab.compare;

import io.prodlab.query.FieldCatalog;
import io.prodlab.query.SqlFilter;
import io.prodlab.stats.BrownForsytheTest;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.KolmogorovSmirnovTest;
import io.prodlab.stats.MannWhitneyTest;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.NewcombeInterval;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.PoissonRateTest;
import io.prodlab.stats.Power;
import io.prodlab.stats.ProportionTest;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.QuantileDifferenceInterval;
import io.prodlab.stats.SortedSample;
import io.prodlab.stats.StatProblem;
import io.prodlab.stats.WeightedDescriptives;
import io.prodlab.stats.WelchTest;
import io.prodlab.store.AttributeValueCountsQuery.Condition;
import io.prodlab.store.CohortMetricQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares cohorts of requests: the first cohort is the baseline, each other is a candidate
 * (differences are candidate minus baseline). Every test of DESIGN.md's conventions runs on each
 * pair, with Holm and Benjamini–Hochberg adjustments over all the p-values of the run, the
 * minimum effects the samples could detect, each cohort's throughput with a rate comparison, and
 * asymptotic intervals for the differences of p50/p95/p99 (the bootstrap's, when asked for, too).
 *
 * <p>Where the numbers come from ({@link CohortMetricQuery}): DuckDB aggregates each cohort to its
 * count, errors, mean and variance (Welch's test, the error-rate tests, power) and the sums of its
 * sampling weights and its time range (throughput); one more pass reads the metric's values, sorted
 * once in Java and shared by the rank tests (Mann–Whitney with Hodges–Lehmann, Kolmogorov–Smirnov,
 * Brown–Forsythe), the descriptives' quantiles and the quantile intervals.
 *
 * <p>Sampling: when spans carry sampling probabilities, each cohort's {@linkplain CohortFigures#weighted()
 * weighted} descriptives, weighted error rate and throughput use the adjusted counts; the tests
 * compare the sampled observations unweighted, and the result warns when two compared cohorts are
 * sampled at different rates (or one cohort at several), because then the unweighted tests do not
 * describe the population.
 */
public final class ComparisonService {
    /** Test names, as the results (and {@code compare --json}) call them. */
    public static final List<String> TESTS = List.of("welch", "mann_whitney", "two_proportion", "ks", "spread");
    /** The throughput comparison's name; in the adjusted family when the metric is throughput. */
    public static final String RATE = "rate";
    static final double[] QUANTILES = {0.5, 0.95, 0.99};

    /**
     * @param confidence of every interval (0.95)
     * @param resamples  of the quantile bootstrap (0 leaves it out)
     * @param seed       of the bootstrap: the same seed gives the same intervals
     * @param alpha      for the minimum detectable effects
     * @param power      for the minimum detectable effects
     * @param metric     what leads: latency, error rate, throughput or a numeric span attribute
     */
    public record Options(double confidence, int resamples, long seed, double alpha, double power, Metric metric) {
        public Options {
            java.util.Objects.requireNonNull(metric, "metric");
        }

        /** Options for the latency metric. */
        public Options(double confidence, int resamples, long seed, double alpha, double power) {
            this(confidence, resamples, seed, alpha, power, Metric.LATENCY);
        }

        public static Options defaults() {
            return new Options(0.95, 1000, 42, 0.05, 0.8, Metric.LATENCY);
        }

        public Options withMetric(Metric m) {
            return new Options(confidence, resamples, seed, alpha, power, m);
        }

        public Options withResamples(int r) {
            return new Options(confidence, r, seed, alpha, power, metric);
        }
    }

    /**
     * How a cohort is sampled: the weights (adjusted counts 1/p) of its observations.
     *
     * @param minWeight the lightest observation's weight (1 when unsampled), NaN without observations
     * @param adjusted  Σw: how many observations the sample stands for
     */
    public record Sampling(double minWeight, double maxWeight, double adjusted) {
        public boolean weighted() {
            return Double.isFinite(minWeight) && (minWeight != 1.0 || maxWeight != 1.0);
        }

        /** Several weights within the cohort. */
        public boolean mixed() {
            return Double.isFinite(minWeight) && !same(minWeight, maxWeight);
        }

        boolean sameAs(Sampling o) {
            if (!Double.isFinite(minWeight) || !Double.isFinite(o.minWeight)) {
                return true; // an empty cohort has no rate to differ in
            }
            return same(minWeight, o.minWeight) && same(maxWeight, o.maxWeight);
        }

        /** {@code 1 in 10} or {@code 1 in 1–10}. */
        public String describe() {
            if (!Double.isFinite(minWeight)) {
                return "no observations";
            }
            return mixed() ? String.format(Locale.ROOT, "1 in %s–%s", num(minWeight), num(maxWeight))
                    : "1 in " + num(minWeight);
        }

        private static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3g", d);
        }

        private static boolean same(double a, double b) {
            return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }
    }

    /**
     * A cohort's throughput: observations per second over its time.
     *
     * @param seconds      the cohort's time window when it has one, else from its first observation's
     *                     start to its last one's end
     * @param window       the cohort's own window, or null
     * @param rate         per second (weighted by adjusted counts when sampled), with its interval
     */
    public record Throughput(double seconds, TimeWindow window, PoissonRateTest.Exposure exposure,
                             Outcome<PoissonRateTest.Rate> rate) {
        /** The seconds are the cohort's own window. */
        public boolean windowGiven() {
            return window != null;
        }
    }

    /**
     * One cohort's figures.
     *
     * @param n            observations
     * @param latency      descriptives of the metric's values: latency in ms, or the attribute's values
     *                     when the metric is an attribute
     * @param weighted     the same weighted by adjusted counts; a problem (NOT_APPLICABLE-like
     *                     TOO_FEW_OBSERVATIONS) when the cohort is not sampled
     * @param weightedErrorRate Σw over failures / Σw (= the error rate when unsampled)
     * @param withoutValue spans (traces) in scope without a value of an attribute metric, left out
     */
    public record CohortFigures(String name, int n, Outcome<Descriptives> latency, long errors,
                                Outcome<WeightedDescriptives> weighted, double weightedErrorRate, Sampling sampling,
                                Throughput throughput, long withoutValue) {
        public double errorRate() {
            return n == 0 ? Double.NaN : (double) errors / n;
        }
    }

    /** The minimum effects a pair could detect at the options' alpha and power. */
    public record Detectable(Outcome<Double> meanMs, Outcome<Double> errorRateIncrease) {
    }

    /**
     * One candidate against the baseline.
     *
     * @param quantiles      the bootstrap's intervals for p50/p95/p99 (a problem when not asked for)
     * @param quantileIntervals the asymptotic intervals for the same quantiles, always computed
     * @param spreadRatio    candidate's mean absolute deviation from its median over the baseline's
     *                       (Brown–Forsythe's transformed values), with Welch's interval on their
     *                       difference
     * @param rate           throughput: candidate minus baseline per second, and their ratio
     * @param errorRateScoreInterval Newcombe's score interval for the error-rate difference (keeps its
     *                       width where a cohort has no errors, unlike the Wald interval of
     *                       {@code errors})
     */
    public record PairComparison(String baseline, String candidate, Outcome<WelchTest.WelchResult> welch,
                                 Outcome<MannWhitneyTest.MannWhitneyResult> mannWhitney,
                                 ProportionTest.ErrorRateComparison errors,
                                 Outcome<KolmogorovSmirnovTest.KsResult> ks,
                                 Outcome<BrownForsytheTest.SpreadResult> spread,
                                 Outcome<QuantileBootstrap.BootstrapResult> quantiles,
                                 Map<String, Double> holm, Map<String, Double> benjaminiHochberg,
                                 Detectable detectable,
                                 List<Outcome<QuantileBootstrap.QuantileDifference>> quantileIntervals,
                                 Outcome<SpreadRatio> spreadRatio,
                                 Outcome<PoissonRateTest.RateComparison> rate,
                                 boolean samplingDiffers,
                                 Outcome<NewcombeInterval.Interval> errorRateScoreInterval) {
    }

    /**
     * The spread of the candidate against the baseline's: the ratio of their mean absolute deviations
     * from the median, and Welch's interval on the difference of those deviations, relative to the
     * baseline's (so {@code ratio − 1} and the interval read as "% more spread").
     */
    public record SpreadRatio(double baselineMad, double candidateMad, double ratio, double relativeCiLow,
                              double relativeCiHigh) {
    }

    /**
     * The whole comparison.
     *
     * @param metric the metric's code (latency, error_rate, throughput or the attribute key)
     */
    public record Result(Unit unit, String metric, List<CohortFigures> cohorts, List<PairComparison> comparisons,
                         List<String> warnings, Options options) {
        /** Some cohort's figures are weighted by sampling. */
        public boolean weighted() {
            return cohorts.stream().anyMatch(c -> c.sampling().weighted());
        }
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
        FieldCatalog catalog = new CohortFieldCatalog(ws);
        List<String> warnings = new ArrayList<>();
        SqlFilter where = CohortConditions.compile("--where", scope, catalog);
        List<Condition> conditions = new ArrayList<>();
        for (Cohort c : cohorts) {
            SqlFilter f = CohortConditions.of(c, catalog);
            f.warnings().forEach(w -> warnings.add("cohort " + c.name() + ": " + w));
            conditions.add(new Condition(f.sql(), f.params()));
        }
        where.warnings().forEach(w -> warnings.add("--where: " + w));
        CohortMetricQuery.Metric metric = o.metric().onAttribute()
                ? CohortMetricQuery.Metric.attribute(o.metric().attribute()) : CohortMetricQuery.Metric.LATENCY;
        CohortMetricQuery.Read read = new CohortMetricQuery(ws).read(conditions, new Condition(where.sql(), where.params()),
                unit == Unit.TRACE, metric);

        List<CohortFigures> figures = new ArrayList<>();
        List<SortedSample> samples = new ArrayList<>();
        for (int i = 0; i < cohorts.size(); i++) {
            CohortMetricQuery.Aggregates a = read.aggregates().get(i);
            CohortMetricQuery.Values v = read.values().get(i);
            SortedSample sorted = SortedSample.adopt(v.values());
            samples.add(sorted);
            figures.add(figures(cohorts.get(i), a, v, sorted, o));
            if (a.withoutValue() > 0) {
                warnings.add(String.format(Locale.ROOT, "cohort %s: %d %s in scope have no numeric span attribute %s "
                        + "and are left out", cohorts.get(i).name(), a.withoutValue(), unit == Unit.TRACE ? "traces"
                        : "spans", o.metric().attribute()));
            }
        }
        samplingWarnings(figures, warnings);

        CohortMetricQuery.Aggregates baseAgg = read.aggregates().get(0);
        CohortFigures base = figures.get(0);
        SortedSample b = samples.get(0);
        List<String> family = new ArrayList<>(TESTS);
        if (o.metric().kind() == Metric.Kind.THROUGHPUT) {
            family.add(RATE);
        }
        List<PairComparison> pairs = new ArrayList<>();
        List<double[]> pValues = new ArrayList<>();
        for (int i = 1; i < cohorts.size(); i++) {
            CohortMetricQuery.Aggregates candAgg = read.aggregates().get(i);
            CohortFigures cand = figures.get(i);
            SortedSample c = samples.get(i);
            var welch = baseAgg.n() < 2 || candAgg.n() < 2
                    ? Outcome.<WelchTest.WelchResult>problem(StatProblem.TOO_FEW_OBSERVATIONS,
                    "Welch's t-test needs at least 2 observations per cohort")
                    : WelchTest.test(baseAgg.n(), baseAgg.mean(), baseAgg.variance(), candAgg.n(), candAgg.mean(),
                    candAgg.variance(), o.confidence());
            var mw = MannWhitneyTest.test(b, c, o.confidence());
            var err = ProportionTest.compareErrorRates(base.errors(), base.n(), cand.errors(), cand.n(), o.confidence());
            var ks = KolmogorovSmirnovTest.test(b, c);
            var spread = BrownForsytheTest.test(b, c);
            Outcome<QuantileBootstrap.BootstrapResult> q = o.resamples() <= 0
                    ? Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "bootstrap not asked for")
                    : b.n() == 0 || c.n() == 0
                    ? Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "a cohort has no observation")
                    : QuantileBootstrap.differenceOfQuantiles(b.toArray(), c.toArray(), QUANTILES, o.resamples(),
                    o.confidence(), o.seed());
            List<Outcome<QuantileBootstrap.QuantileDifference>> intervals = new ArrayList<>();
            for (double level : QUANTILES) {
                intervals.add(QuantileDifferenceInterval.asymptotic(b, c, level, o.confidence()));
            }
            var rate = PoissonRateTest.compare(base.throughput().exposure(), cand.throughput().exposure(), o.confidence());
            long nPerGroup = Math.min(base.n(), cand.n());
            double sd = Math.sqrt(baseAgg.variance());
            Detectable det = new Detectable(
                    Double.isFinite(sd) && nPerGroup > 1
                            ? Power.minimumDetectableDifferenceOfMeans(sd, nPerGroup, o.alpha(), o.power())
                            : Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "no spread to size it by"),
                    nPerGroup > 0
                            ? Power.minimumDetectableIncreaseOfProportion(base.errorRate(), nPerGroup, o.alpha(), o.power())
                            : Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "an empty cohort"));
            double[] ps = new double[family.size()];
            ps[0] = p(welch.result().map(WelchTest.WelchResult::p));
            ps[1] = p(mw.result().map(MannWhitneyTest.MannWhitneyResult::p));
            ps[2] = err.decidingP();
            ps[3] = p(ks.result().map(KolmogorovSmirnovTest.KsResult::p));
            ps[4] = p(spread.result().map(BrownForsytheTest.SpreadResult::p));
            if (family.size() > TESTS.size()) {
                ps[5] = p(rate.result().map(PoissonRateTest.RateComparison::decidingP));
            }
            pValues.add(ps);
            pairs.add(new PairComparison(names.get(0), names.get(i), welch, mw, err, ks, spread, q, Map.of(), Map.of(),
                    det, List.copyOf(intervals), spreadRatio(b, c, o.confidence()), rate,
                    !base.sampling().sameAs(cand.sampling()), NewcombeInterval.difference(base.errors(), base.n(),
                    cand.errors(), cand.n(), o.confidence())));
        }
        return new Result(unit, o.metric().code(), figures, adjusted(pairs, pValues, family), List.copyOf(warnings), o);
    }

    private static CohortFigures figures(Cohort cohort, CohortMetricQuery.Aggregates a, CohortMetricQuery.Values v,
                                         SortedSample sorted, Options o) {
        Sampling sampling = new Sampling(a.minWeight(), a.maxWeight(), a.weight());
        Outcome<WeightedDescriptives> weighted = v.weights() == null
                ? Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "not sampled: the figures are not weighted")
                : WeightedDescriptives.ofSorted(sorted.toArray(), v.weights());
        boolean windowGiven = cohort.window() != null;
        double seconds = windowGiven ? cohort.window().seconds()
                : a.firstStartNs() == null ? 0 : (a.lastEndNs() - a.firstStartNs()) / 1e9;
        PoissonRateTest.Exposure exposure = new PoissonRateTest.Exposure(a.n(), a.weight(), a.weightSquares(), seconds);
        Throughput throughput = new Throughput(seconds, cohort.window(), exposure,
                PoissonRateTest.rate(exposure, o.confidence()));
        double weightedErrorRate = a.weight() > 0 ? a.weightedErrors() / a.weight() : Double.NaN;
        return new CohortFigures(cohort.name(), (int) a.n(), Descriptives.of(sorted), a.errors(), weighted,
                weightedErrorRate, sampling, throughput, a.withoutValue());
    }

    /** Warns of cohorts compared unweighted although sampled differently, and of cohorts sampled at several rates. */
    private static void samplingWarnings(List<CohortFigures> figures, List<String> warnings) {
        CohortFigures base = figures.get(0);
        for (CohortFigures c : figures) {
            if (c.sampling().mixed()) {
                warnings.add("cohort " + c.name() + " mixes sampling rates (" + c.sampling().describe()
                        + " spans kept): its tests count each kept span once, so spans kept at the higher rate weigh "
                        + "more in them than in the traffic; its descriptives, error rate and throughput are weighted");
            }
        }
        for (int i = 1; i < figures.size(); i++) {
            CohortFigures c = figures.get(i);
            if (!base.sampling().sameAs(c.sampling())) {
                warnings.add("cohorts " + base.name() + " and " + c.name() + " are sampled at different rates ("
                        + base.name() + ": " + base.sampling().describe() + ", " + c.name() + ": "
                        + c.sampling().describe() + "): Welch, Mann-Whitney, Kolmogorov-Smirnov, Brown-Forsythe and the "
                        + "two-proportion test compare the kept spans unweighted; the weighted figures (descriptives, "
                        + "error rate, throughput) use the adjusted counts");
            }
        }
    }

    private static Outcome<SpreadRatio> spreadRatio(SortedSample b, SortedSample c, double confidence) {
        if (b.n() < 2 || c.n() < 2) {
            return Outcome.problem(StatProblem.TOO_FEW_OBSERVATIONS, "at least 2 observations per cohort");
        }
        double[] zb = BrownForsytheTest.absoluteDeviations(b);
        double[] zc = BrownForsytheTest.absoluteDeviations(c);
        double mb = mean(zb);
        double mc = mean(zc);
        if (!(mb > 0)) {
            return Outcome.problem(StatProblem.ZERO_VARIANCE, "the baseline has no spread around its median");
        }
        Outcome<WelchTest.WelchResult> w = WelchTest.test(zb, zc, confidence);
        if (!w.isOk()) {
            return w.map(r -> null);
        }
        return Outcome.ok(new SpreadRatio(mb, mc, mc / mb, w.value().ciLow() / mb, w.value().ciHigh() / mb));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double p(java.util.Optional<Double> p) {
        return p.orElse(Double.NaN);
    }

    /** Holm and BH over every finite p-value of the run; a test without a p gets none. */
    private static List<PairComparison> adjusted(List<PairComparison> pairs, List<double[]> pValues, List<String> family) {
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
            for (int t = 0; t < family.size(); t++) {
                if (Double.isFinite(pValues.get(i)[t])) {
                    h.put(family.get(t), holm[k]);
                    b.put(family.get(t), bh[k]);
                    k++;
                }
            }
            PairComparison p = pairs.get(i);
            out.add(new PairComparison(p.baseline(), p.candidate(), p.welch(), p.mannWhitney(), p.errors(), p.ks(),
                    p.spread(), p.quantiles(), h, b, p.detectable(), p.quantileIntervals(), p.spreadRatio(), p.rate(),
                    p.samplingDiffers(), p.errorRateScoreInterval()));
        }
        return out;
    }
}
