package io.prodlab.experiment;

import io.prodlab.compare.CohortException;
import io.prodlab.experiment.Check.Status;
import io.prodlab.experiment.ExperimentPlan.CohortPlan;
import io.prodlab.experiment.ExperimentPlan.Guardrail;

import io.prodlab.experiment.ExperimentResult.CohortSummary;
import io.prodlab.experiment.ExperimentResult.MetricVerdict;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.stats.ConfidenceSequence;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.store.ExperimentUnitsQuery;
import io.prodlab.store.ExperimentUnitsQuery.Units;
import io.prodlab.store.ExposureLogQuery;
import io.prodlab.store.ExposureLogQuery.ExposureLog;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan on a workspace: reads each cohort's units, estimates the primary metric and the
 * guardrails against the baseline (the first cohort), runs every bias check, and applies the
 * plan's decision rule. Intervals are two-sided at 1 − α, Bonferroni-adjusted (α/k) when k > 1
 * candidates are compared with the baseline.
 */
public final class ExperimentRunner {
    /** Attributes the assignment check reads (OpenTelemetry's feature-flag semantic conventions). */
    static final String REASON = "feature_flag.result.reason";
    static final String VERSION = "feature_flag.version";
    /** Looks the peeking replay takes at the recorded data, in time order. */
    static final int LOOKS = 10;

    /**
     * @param resamples of the percentile bootstrap (primary/guardrail percentiles)
     * @param seed of the bootstrap: the same seed gives the same figures
     */
    public record Options(int resamples, long seed) {
        public static Options defaults() {
            return new Options(2000, 42);
        }
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final Workspace ws;

    public ExperimentRunner(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param deviations the recorded deviations from the registered plan, in words
     * @param previousLooks how many times a result of this plan was shown before this run
     */
    public ExperimentResult run(ExperimentPlan plan, String planSha256, List<String> deviations, int previousLooks,
                                Options o) throws CohortException, WorkspaceException {
        List<String> warnings = new ArrayList<>();
        List<BiasChecks.CohortData> data = read(plan, warnings);
        int candidates = data.size() - 1;
        double confidence = 1 - plan.alpha() / candidates;
        Estimator estimator = new Estimator(o.resamples(), o.seed());
        List<Estimator.Sample> samples = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            samples.add(sample(data.get(i).units(), window(plan, plan.cohorts().get(i)), Long.MIN_VALUE,
                    Long.MAX_VALUE));
        }
        List<MetricVerdict> primary = new ArrayList<>();
        List<MetricVerdict> guardrails = new ArrayList<>();
        for (int i = 1; i < data.size(); i++) {
            Estimate e = estimator.estimate(plan.primary().metric(), plan.primary().statistic(), samples.get(0),
                    samples.get(i), confidence);
            primary.add(decidePrimary(plan, data.get(i).name(), e));
            for (Guardrail g : plan.guardrails()) {
                Estimate ge = estimator.estimate(g.metric(), g.statistic(), samples.get(0), samples.get(i), confidence);
                guardrails.add(decideGuardrail(data.get(i).name(), g, ge));
            }
        }
        BiasChecks bias = new BiasChecks(plan, data, plan.covariates().size(), plan.covariates().size() + 1,
                confidence, exposureLog(plan, warnings));
        Estimate first = primary.get(0).estimate();
        List<Check> checks = new ArrayList<>();
        checks.add(bias.srm());
        checks.add(bias.assignment());
        checks.add(bias.covariateBalance());
        checks.add(bias.simpsons(first));
        checks.add(bias.timeOverlap());
        checks.add(bias.samplingParity());
        checks.add(bias.instrumentationParity());
        checks.add(bias.contamination());
        checks.add(bias.unitMismatch(first));
        checks.add(bias.novelty(estimator, (i, range) -> sample(data.get(i).units(), null, range[0], range[1])));
        checks.add(peeking(plan, data, estimator, confidence, primary.get(0), previousLooks));
        checks.add(multipleComparisons(plan, primary, guardrails));
        checks.add(lowPower(plan, primary));
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            if (c.status() == Status.FAIL && !Check.mayFail(c.id())) {
                checks.set(i, new Check(c.id(), Status.WARN, c.evidence(), c.message(), c.why(), c.next()));
            }
        }
        List<CohortSummary> summaries = new ArrayList<>();
        for (BiasChecks.CohortData d : data) {
            summaries.add(new CohortSummary(d.name(), d.units().n(), d.units().observed(), d.expectedShare()));
        }
        String verdict = verdict(primary, guardrails, checks);
        return new ExperimentResult(verdict, planSha256, plan.unit(), confidence, summaries, primary, guardrails,
                checks, deviations, warnings, decisionRule(plan, candidates), summary(verdict, plan, primary, checks),
                notSaid(plan, verdict, primary), nextSteps(verdict, checks));
    }

    /** A cohort's condition over {@code spans s}: its filter within its window and the plan's. */
    static SqlFilter cohortCondition(ExperimentPlan plan, CohortPlan c, FieldCatalog catalog, List<String> warnings)
            throws CohortException {
        SqlFilter f = compile("cohort " + c.name(), c.where(), catalog, warnings);
        String sql = f.sql();
        List<Object> params = new ArrayList<>(f.params());
        for (ExperimentPlan.Window w : new ExperimentPlan.Window[] {plan.window(), c.window()}) {
            if (w != null) {
                sql = "(" + sql + ") and s.start_ns >= ? and s.start_ns < ?";
                params.add(w.fromNs());
                params.add(w.toNs());
            }
        }
        return new SqlFilter(sql, params, List.of());
    }

    /** The condition any cohort's spans meet: what a bundle keeps (every span of those traces). */
    public static SqlFilter anyCohort(Workspace ws, ExperimentPlan plan) throws CohortException, WorkspaceException {
        SpanMatchQuery.Keys keys = new SpanMatchQuery(ws).attributeKeys();
        FieldCatalog catalog = FieldCatalog.of(keys.span(), keys.resource());
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (CohortPlan c : plan.cohorts()) {
            SqlFilter f = cohortCondition(plan, c, catalog, new ArrayList<>());
            sql.append(sql.length() == 0 ? "(" : " or (").append(f.sql()).append(')');
            params.addAll(f.params());
        }
        return new SqlFilter(sql.toString(), params, List.of());
    }

    /** The exposure log of the plan's exposure flag over the plan's window, or null when it names none. */
    private ExposureLog exposureLog(ExperimentPlan plan, List<String> warnings) throws WorkspaceException {
        if (plan.exposureFlag().isEmpty()) {
            return null;
        }
        ExposureLog log = new ExposureLogQuery(ws).of(plan.exposureFlag(),
                plan.window() == null ? Long.MIN_VALUE : plan.window().fromNs(),
                plan.window() == null ? Long.MAX_VALUE : plan.window().toNs());
        if (log.isEmpty()) {
            warnings.add("The workspace holds no exposure of the flag " + plan.exposureFlag()
                    + (plan.window() == null ? "" : " in the plan's window") + ": import its exposure log (or traces "
                    + "with feature_flag.evaluation events) to check the assignment itself.");
        }
        return log;
    }

    /** Each cohort's units, with the covariates the checks need after the plan's own. */
    private List<BiasChecks.CohortData> read(ExperimentPlan plan, List<String> warnings)
            throws CohortException, WorkspaceException {
        SpanMatchQuery.Keys keys = new SpanMatchQuery(ws).attributeKeys();
        FieldCatalog catalog = FieldCatalog.of(keys.span(), keys.resource());
        SqlFilter scope = compile("scope", plan.scope(), catalog, warnings);
        List<String> covariates = new ArrayList<>(plan.covariates());
        covariates.add(REASON);
        covariates.add(VERSION);
        List<BiasChecks.CohortData> data = new ArrayList<>();
        ExperimentUnitsQuery q = new ExperimentUnitsQuery(ws);
        String key = plan.randomizationUnit().isEmpty() ? null : plan.randomizationUnit();
        for (CohortPlan c : plan.cohorts()) {
            SqlFilter f = cohortCondition(plan, c, catalog, warnings);
            String sql = f.sql();
            List<Object> params = f.params();
            Units u = plan.unit().equals("trace")
                    ? q.traces(sql, params, scope.sql(), scope.params(), key, covariates)
                    : q.spans(sql, params, scope.sql(), scope.params(), key, covariates);
            data.add(new BiasChecks.CohortData(c.name(), c.expectedShare(), u));
        }
        return data;
    }

    /**
     * Whether the data at hand can detect the plan's minimum effect, from the cohorts' sizes and
     * the metric's pooled spread only: no difference between cohorts is computed.
     */
    public List<PowerPreview.Candidate> preview(ExperimentPlan plan) throws CohortException, WorkspaceException {
        List<BiasChecks.CohortData> data = read(plan, new ArrayList<>());
        List<Estimator.Sample> samples = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            samples.add(sample(data.get(i).units(), window(plan, plan.cohorts().get(i)), Long.MIN_VALUE,
                    Long.MAX_VALUE));
        }
        return PowerPreview.of(plan, samples, data.stream().map(BiasChecks.CohortData::name).toList());
    }

    private static SqlFilter compile(String what, String text, FieldCatalog catalog, List<String> warnings)
            throws CohortException {
        try {
            SqlFilter f = FilterCompiler.compileOptional(text, "s", catalog);
            f.warnings().forEach(w -> warnings.add(what + ": " + w));
            return f;
        } catch (FilterSyntaxException e) {
            throw new CohortException(what + ": " + e.getMessage() + " in: " + text);
        }
    }

    /** The window a cohort is observed over: its own, within the plan's; null when neither gives one. */
    static ExperimentPlan.Window window(ExperimentPlan plan, CohortPlan c) {
        ExperimentPlan.Window p = plan.window();
        ExperimentPlan.Window w = c.window();
        if (p == null || w == null) {
            return w == null ? p : w;
        }
        long from = Math.max(p.fromNs(), w.fromNs());
        long to = Math.min(p.toNs(), w.toNs());
        return from < to ? new ExperimentPlan.Window(from, to) : new ExperimentPlan.Window(from, from + 1);
    }

    /** The observed units that started in [from, to), and the cohort's window in seconds. */
    static Estimator.Sample sample(Units u, ExperimentPlan.Window window, long from, long to) {
        int n = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < u.n(); i++) {
            if (!Double.isNaN(u.latencyMs()[i]) && u.startNs()[i] >= from && u.startNs()[i] < to) {
                n++;
            }
        }
        double[] lat = new double[n];
        boolean[] failed = new boolean[n];
        int k = 0;
        for (int i = 0; i < u.n(); i++) {
            if (!Double.isNaN(u.latencyMs()[i]) && u.startNs()[i] >= from && u.startNs()[i] < to) {
                lat[k] = u.latencyMs()[i];
                failed[k] = u.failed()[i];
                min = Math.min(min, u.startNs()[i]);
                max = Math.max(max, u.startNs()[i]);
                k++;
            }
        }
        double seconds;
        if (window != null && from == Long.MIN_VALUE && to == Long.MAX_VALUE) {
            seconds = (window.toNs() - window.fromNs()) / 1e9;
        } else {
            seconds = n < 2 ? 0 : (max - min) / 1e9;
        }
        return new Estimator.Sample(lat, failed, seconds);
    }

    // --- decision rules ---------------------------------------------------------------------

    static MetricVerdict decidePrimary(ExperimentPlan plan, String candidate, Estimate e) {
        ExperimentPlan.MetricPlan m = plan.primary();
        if (!e.ok()) {
            return new MetricVerdict("primary", candidate, e, Double.NaN, "no_data", "no estimate: " + e.problem(),
                    sentence(e));
        }
        double mde = m.minimumEffect().absolute(e.baselineValue());
        String decision;
        String rule;
        switch (m.hypothesis()) {
            case INCREASE -> {
                if (e.ciLow() > 0) {
                    decision = "supported";
                    rule = "the interval lies wholly above 0" + (e.difference() < mde
                            ? " (the estimate is smaller than the minimum effect " + show(mde, e) + ")" : "");
                } else if (e.ciHigh() < mde) {
                    decision = "not_supported";
                    rule = "the interval lies wholly below the minimum effect " + show(mde, e);
                } else {
                    decision = "inconclusive";
                    rule = "the interval includes 0 and the minimum effect " + show(mde, e);
                }
            }
            case DECREASE -> {
                if (e.ciHigh() < 0) {
                    decision = "supported";
                    rule = "the interval lies wholly below 0" + (-e.difference() < mde
                            ? " (the estimate is smaller than the minimum effect " + show(mde, e) + ")" : "");
                } else if (e.ciLow() > -mde) {
                    decision = "not_supported";
                    rule = "the interval lies wholly above −" + show(mde, e);
                } else {
                    decision = "inconclusive";
                    rule = "the interval includes 0 and −" + show(mde, e);
                }
            }
            default -> {
                boolean higherWorse = m.worseHigher();
                double bound = higherWorse ? mde : -mde;
                boolean good = higherWorse ? e.ciHigh() < bound : e.ciLow() > bound;
                boolean bad = higherWorse ? e.ciLow() > bound : e.ciHigh() < bound;
                decision = good ? "supported" : bad ? "not_supported" : "inconclusive";
                String side = higherWorse ? "below " : "above ";
                rule = good ? "the whole interval lies " + side + "the margin " + show(bound, e)
                        : bad ? "the whole interval lies beyond the margin " + show(bound, e)
                        : "the interval straddles the margin " + show(bound, e);
            }
        }
        return new MetricVerdict("primary", candidate, e, mde, decision, rule, sentence(e));
    }

    static MetricVerdict decideGuardrail(String candidate, Guardrail g, Estimate e) {
        if (!e.ok()) {
            return new MetricVerdict("guardrail", candidate, e, Double.NaN, "no_data", "no estimate: " + e.problem(),
                    sentence(e));
        }
        double m = g.margin().absolute(e.baselineValue());
        String decision;
        String rule;
        if (g.worseHigher()) {
            decision = e.ciHigh() < m ? "pass" : e.ciLow() > m ? "fail" : "inconclusive";
            rule = decision.equals("pass") ? "the interval lies wholly below the allowed increase " + show(m, e)
                    : decision.equals("fail") ? "the interval lies wholly above the allowed increase " + show(m, e)
                    : "the interval straddles the allowed increase " + show(m, e);
        } else {
            decision = e.ciLow() > -m ? "pass" : e.ciHigh() < -m ? "fail" : "inconclusive";
            rule = decision.equals("pass") ? "the interval lies wholly above the allowed decrease −" + show(m, e)
                    : decision.equals("fail") ? "the interval lies wholly below the allowed decrease −" + show(m, e)
                    : "the interval straddles the allowed decrease −" + show(m, e);
        }
        return new MetricVerdict("guardrail", candidate, e, m, decision, rule, sentence(e));
    }

    /**
     * invalid when a check fails; otherwise supported when a candidate's primary metric is supported
     * and all its guardrails pass (not_supported when one fails, inconclusive when one cannot be
     * shown to pass); not_supported when every candidate's is; else inconclusive.
     */
    static String verdict(List<MetricVerdict> primary, List<MetricVerdict> guardrails, List<Check> checks) {
        if (checks.stream().anyMatch(c -> c.status() == Status.FAIL)) {
            return "invalid";
        }
        boolean anySupported = false;
        boolean blocked = false;
        boolean guardFailed = false;
        for (MetricVerdict p : primary) {
            if (!p.decision().equals("supported")) {
                continue;
            }
            List<MetricVerdict> mine = guardrails.stream().filter(g -> g.candidate().equals(p.candidate())).toList();
            if (mine.stream().anyMatch(g -> g.decision().equals("fail"))) {
                guardFailed = true;
            } else if (mine.stream().anyMatch(g -> !g.decision().equals("pass"))) {
                blocked = true;
            } else {
                anySupported = true;
            }
        }
        if (anySupported) {
            return "supported";
        }
        if (guardFailed) {
            return "not_supported";
        }
        if (blocked) {
            return "inconclusive";
        }
        return primary.stream().allMatch(p -> p.decision().equals("not_supported")) ? "not_supported" : "inconclusive";
    }

    // --- the checks that need the estimates -------------------------------------------------

    /**
     * Replays the recording in time order: at {@link #LOOKS} evenly spaced looks, what a fixed-horizon
     * reading would have said, and when the always-valid confidence sequence first excluded 0.
     */
    private Check peeking(ExperimentPlan plan, List<BiasChecks.CohortData> data, Estimator estimator,
                          double confidence, MetricVerdict finalPrimary, int previousLooks) {
        String why = "Looking at a running experiment again and again and stopping when it looks significant makes "
                + "false positives far more likely than alpha. An always-valid interval can be looked at any time.";
        long[] startsB = Arrays.stream(data.get(0).units().startNs()).sorted().toArray();
        long[] startsC = Arrays.stream(data.get(1).units().startNs()).sorted().toArray();
        if (Math.min(startsB.length, startsC.length) < LOOKS * 4 || !finalPrimary.estimate().ok()) {
            return new Check("peeking", Status.NOT_APPLICABLE, Map.of(), "Too little data to replay it in time order.",
                    why, "Nothing to do.");
        }
        Estimator fast = plan.primary().statistic().startsWith("p") ? new Estimator(500, 7) : estimator;
        List<Map<String, Object>> looks = new ArrayList<>();
        String firstConclusive = null;
        List<String> differing = new ArrayList<>();
        for (int k = 1; k <= LOOKS; k++) {
            // Each cohort is cut at the same share of its own recording (cohorts may cover different windows).
            long until = k == LOOKS ? Long.MAX_VALUE : startsC[(int) ((long) startsC.length * k / LOOKS) - 1] + 1;
            long untilB = k == LOOKS ? Long.MAX_VALUE : startsB[(int) ((long) startsB.length * k / LOOKS) - 1] + 1;
            Estimator.Sample b = sample(data.get(0).units(), null, Long.MIN_VALUE, untilB);
            Estimator.Sample c = sample(data.get(1).units(), null, Long.MIN_VALUE, until);
            Estimate e = fast.estimate(plan.primary().metric(), plan.primary().statistic(), b, c, confidence);
            if (!e.ok()) {
                continue;
            }
            MetricVerdict v = decidePrimary(plan, data.get(1).name(), e);
            double hw = ConfidenceSequence.halfWidth(e.standardError() * e.standardError(), (long) b.n() + c.n(),
                    1 - confidence, ConfidenceSequence.DEFAULT_TUNING);
            boolean csExcludes = Math.abs(e.difference()) > hw;
            String at = k == LOOKS ? "end" : Instant.ofEpochSecond(0, until).toString();
            if (csExcludes && firstConclusive == null) {
                firstConclusive = at;
            }
            Map<String, Object> look = new LinkedHashMap<>();
            look.put("at", at);
            look.put("share_of_data", (double) k / LOOKS);
            look.put("estimate", e.difference());
            look.put("ci", List.of(e.ciLow(), e.ciHigh()));
            look.put("always_valid_ci", List.of(e.difference() - hw, e.difference() + hw));
            look.put("fixed_horizon_decision", v.decision());
            looks.add(look);
            if (k < LOOKS && !v.decision().equals(finalPrimary.decision()) && !v.decision().equals("inconclusive")) {
                differing.add(Math.round(100.0 * k / LOOKS) + "% (" + v.decision() + ")");
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("recorded_looks_before", previousLooks);
        evidence.put("looks", looks);
        evidence.put("always_valid_first_excludes_zero_at", firstConclusive);
        evidence.put("tuning", ConfidenceSequence.DEFAULT_TUNING);
        Status status = differing.isEmpty() && previousLooks == 0 ? Status.PASS : Status.WARN;
        String message = (differing.isEmpty() ? "Replayed in time order, no earlier look would have reached another "
                + "decision than the final one (" + finalPrimary.decision() + ")"
                : "Replayed in time order, a look at " + String.join(", ", differing) + " of the data would have "
                + "reached another decision than the final one (" + finalPrimary.decision() + ")")
                + (firstConclusive == null ? "; the always-valid interval never excludes 0."
                : "; the always-valid interval first excludes 0 at " + firstConclusive + ".")
                + (previousLooks == 0 ? "" : " This plan's result was looked at " + previousLooks
                + (previousLooks == 1 ? " time" : " times") + " before: read the always-valid interval, not the "
                + "fixed-horizon one.");
        return new Check("peeking", status, evidence, message, why, status == Status.PASS ? "Nothing to do."
                : "Decide only at the planned end, or read the always-valid interval when you look early.");
    }

    private static Check multipleComparisons(ExperimentPlan plan, List<MetricVerdict> primary,
                                             List<MetricVerdict> guardrails) {
        String why = "Each test run at alpha 0.05 has a 5% chance of a false positive; looking at many metrics or "
                + "segments and reporting the one that moved finds something by chance alone.";
        List<MetricVerdict> all = new ArrayList<>(primary);
        all.addAll(guardrails);
        List<MetricVerdict> tested = all.stream().filter(v -> v.estimate().ok() && !Double.isNaN(v.estimate().p()))
                .toList();
        double[] p = tested.stream().mapToDouble(v -> v.estimate().p()).toArray();
        double[] holm = p.length == 0 ? p : MultipleComparisons.holm(p);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> onlyRaw = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            MetricVerdict v = tested.get(i);
            String name = v.role() + " " + v.estimate().metric() + " " + v.estimate().statistic() + " (" + v.candidate()
                    + ")";
            rows.add(Map.of("test", name, "p", p[i], "holm", holm[i]));
            if (p[i] < plan.alpha() && holm[i] >= plan.alpha()) {
                onlyRaw.add(name);
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("tests", rows);
        evidence.put("alpha", plan.alpha());
        evidence.put("intervals_bonferroni_over_candidates", primary.size());
        if (tested.size() <= 1) {
            return new Check("multiple_comparisons", Status.PASS, evidence, "One test decides; nothing to correct.",
                    why, "Nothing to do.");
        }
        Status s = onlyRaw.isEmpty() ? Status.PASS : Status.WARN;
        long significant = Arrays.stream(p).filter(x -> x < plan.alpha()).count();
        return new Check("multiple_comparisons", s, evidence, tested.size() + " tests were run; "
                + (!onlyRaw.isEmpty() ? String.join(", ", onlyRaw) + " is significant only before Holm's correction."
                : significant == 0 ? "none is significant, corrected or not."
                : "each one significant before Holm's correction stays so after it."), why,
                s == Status.PASS ? "Nothing to do." : "Read the corrected p-values; treat what is significant only "
                + "uncorrected as a lead for a new experiment.");
    }

    private static Check lowPower(ExperimentPlan plan, List<MetricVerdict> primary) {
        String why = "With too little data, even a real effect of the size you care about would usually go unseen: "
                + "\"no significant difference\" then says nothing.";
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> low = new ArrayList<>();
        double zs = NORMAL.inverseCumulativeProbability(1 - plan.alpha() / 2)
                + NORMAL.inverseCumulativeProbability(plan.power());
        for (MetricVerdict v : primary) {
            if (!v.estimate().ok() || !(v.margin() > 0)) {
                continue;
            }
            double mde = zs * v.estimate().standardError();
            rows.add(Map.of("candidate", v.candidate(), "minimum_detectable_effect", mde, "planned_minimum_effect",
                    v.margin(), "power", plan.power()));
            if (mde > v.margin()) {
                low.add(v.candidate() + " (detects " + show(mde, v.estimate()) + ", planned "
                        + show(v.margin(), v.estimate()) + ")");
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("candidates", rows);
        if (rows.isEmpty()) {
            return new Check("low_power", Status.NOT_APPLICABLE, evidence, "No estimate to size the power by.", why,
                    "Collect data.");
        }
        Status s = low.isEmpty() ? Status.PASS : Status.WARN;
        return new Check("low_power", s, evidence, low.isEmpty() ? "The data can detect the planned minimum effect "
                + "with power " + Figures.format(plan.power()) + "." : "The data cannot detect the planned minimum "
                + "effect with power " + Figures.format(plan.power()) + ": " + String.join(", ", low) + ".", why,
                s == Status.PASS ? "Nothing to do." : "Collect more data (a longer window, a larger share), or "
                + "accept that only larger effects can be seen.");
    }

    // --- words ------------------------------------------------------------------------------

    private static String decisionRule(ExperimentPlan plan, int candidates) {
        ExperimentPlan.MetricPlan m = plan.primary();
        String ci = Figures.format(100 * (1 - plan.alpha() / candidates)) + "% interval"
                + (candidates > 1 ? " (Bonferroni over " + candidates + " candidates)" : "");
        String primaryRule = switch (m.hypothesis()) {
            case INCREASE -> "supported when the " + ci + " of the difference lies wholly above 0; not_supported "
                    + "when it lies wholly below the minimum effect " + m.minimumEffect() + "; inconclusive otherwise";
            case DECREASE -> "supported when the " + ci + " of the difference lies wholly below 0; not_supported "
                    + "when it lies wholly above minus the minimum effect " + m.minimumEffect()
                    + "; inconclusive otherwise";
            case NO_WORSE_THAN -> "supported when the whole " + ci + " lies on the good side of the margin "
                    + m.minimumEffect() + " (" + (m.worseHigher() ? "higher" : "lower") + " is worse); not_supported "
                    + "when it lies wholly beyond it; inconclusive otherwise";
        };
        return primaryRule + ". A supported primary metric needs every guardrail to pass its non-inferiority test "
                + "(its whole interval within the allowed worsening): a failing guardrail makes it not_supported, one "
                + "that cannot be shown to pass makes it inconclusive. invalid overrides all when a bias check fails.";
    }

    private static String summary(String verdict, ExperimentPlan plan, List<MetricVerdict> primary,
                                  List<Check> checks) {
        StringBuilder sb = new StringBuilder("Verdict: ").append(verdict).append(". ");
        if (verdict.equals("invalid")) {
            List<String> failed = checks.stream().filter(c -> c.status() == Status.FAIL).map(Check::id).toList();
            sb.append("The comparison is undermined by ").append(String.join(", ", failed)).append("; the figures "
                    + "below are shown, not to be read as the change's effect. ");
        }
        for (MetricVerdict p : primary) {
            sb.append(capitalise(p.sentence())).append(" (").append(p.candidate()).append(" against ")
                    .append(plan.cohorts().get(0).name()).append("). ");
        }
        return sb.toString().strip();
    }

    private static List<String> notSaid(ExperimentPlan plan, String verdict, List<MetricVerdict> primary) {
        List<String> out = new ArrayList<>();
        if (!plan.template().randomised()) {
            out.add("This is an observational comparison (" + plan.template().code() + "): the cohorts were not "
                    + "assigned at random, so a difference may come from anything else that differed between them, "
                    + "not only from the change.");
        }
        out.add("It says nothing about spans outside the scope" + (plan.scope().isEmpty() ? "" : " (" + plan.scope()
                + ")") + ", nor about time outside the window the data covers.");
        if (verdict.equals("not_supported") || verdict.equals("inconclusive")) {
            out.add("It does not show that the change has no effect: only that an effect of the size planned "
                    + (verdict.equals("not_supported") ? "is unlikely." : "could be neither shown nor ruled out."));
        }
        for (MetricVerdict p : primary) {
            if (p.decision().equals("supported") && p.rule().contains("smaller than the minimum effect")) {
                out.add("For " + p.candidate() + " the effect is clear but smaller than the minimum effect you said "
                        + "matters.");
            }
        }
        return out;
    }

    private static List<String> nextSteps(String verdict, List<Check> checks) {
        List<String> out = new ArrayList<>();
        for (Check c : checks) {
            if (c.status() == Status.FAIL || c.status() == Status.WARN) {
                out.add(c.id() + ": " + c.next());
            }
        }
        if (verdict.equals("inconclusive") && out.stream().noneMatch(s -> s.startsWith("low_power"))) {
            out.add("Collect more data and re-run the registered plan (a re-run is recorded, and read with the "
                    + "always-valid interval).");
        }
        return out;
    }

    static String sentence(Estimate e) {
        if (!e.ok()) {
            return "no estimate of " + label(e) + ": " + e.problem();
        }
        String conf = Figures.format(100 * e.confidence()) + "% CI ";
        boolean up = e.difference() >= 0;
        if (e.metric().equals("error_rate")) {
            return "the error rate " + (up ? "rose" : "fell") + " by " + Figures.format(Math.abs(e.difference()) * 100)
                    + " percentage points (" + conf + Figures.format(e.ciLow() * 100) + " to "
                    + Figures.format(e.ciHigh() * 100) + " pp), from " + Figures.percent(e.baselineValue()) + " to "
                    + Figures.percent(e.candidateValue());
        }
        String unit = e.unit().isEmpty() ? "" : " " + e.unit();
        return label(e) + " " + (up ? "rose" : "fell") + " by " + Figures.format(Math.abs(e.difference())) + unit
                + " (" + conf + Figures.format(e.ciLow()) + " to " + Figures.format(e.ciHigh()) + unit + ")"
                + (Double.isNaN(e.relative()) ? "" : ", " + (e.relative() >= 0 ? "+" : "")
                + Figures.format(e.relative() * 100) + "%");
    }

    private static String label(Estimate e) {
        return switch (e.metric()) {
            case "latency" -> (e.statistic().equals("mean") ? "mean" : e.statistic()) + " latency";
            case "error_rate" -> "the error rate";
            case "throughput" -> "throughput";
            default -> e.metric();
        };
    }

    private static String show(double v, Estimate e) {
        if (e.metric().equals("error_rate")) {
            return Figures.format(v * 100) + " pp";
        }
        return Figures.format(v) + (e.unit().isEmpty() ? "" : " " + e.unit());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
