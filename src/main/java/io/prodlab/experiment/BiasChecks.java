package io.prodlab.experiment;

import io.prodlab.experiment.Check.Status;
import io.prodlab.stats.ChiSquareGoodnessOfFit;
import io.prodlab.stats.ContingencyTest;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.Quantiles;
import io.prodlab.stats.WelchTest;
import io.prodlab.store.ExperimentUnitsQuery.Units;
import io.prodlab.store.ExposureLogQuery.ExposureLog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bias checks of issue 8, each on the units the cohorts hold: the thresholds are stated in
 * each check's evidence, and a {@code fail} is reserved for what undermines the comparison
 * itself. Every check is computed from the data; one that cannot be (no expected shares, no
 * randomisation unit, no sampling marks) says {@code not_applicable} and why.
 */
final class BiasChecks {
    /** Sample ratio mismatch: fail below this p (as the experimentation platforms do), warn below {@link #SRM_WARN}. */
    static final double SRM_FAIL = 0.001;
    static final double SRM_WARN = 0.01;
    /** Imbalance that fails: significant below this p and at least this Cramér's V. */
    static final double BALANCE_P = 0.001;
    static final double BALANCE_V = 0.1;
    /** Share of randomised units seen in more than one cohort that fails contamination. */
    static final double CONTAMINATION_FAIL = 0.01;
    /** Overlap of the cohorts' time windows (intersection over union) below which time confounds the comparison. */
    static final double OVERLAP_FAIL = 0.5;
    static final double OVERLAP_WARN = 0.9;
    /** Relative difference in spans per trace that fails instrumentation parity (when significant). */
    static final double SPANS_FAIL = 0.10;
    /** Design effect (clustered over naive variance) above which treating units as independent misleads. */
    static final double DESIGN_EFFECT_FAIL = 1.2;
    /** Segments smaller than this (units per cohort) are left out of the Simpson's check. */
    static final int MIN_SEGMENT = 20;
    private static final int MAX_VALUES = 20;
    private static final long DAY_NS = 86_400_000_000_000L;

    /** One cohort as the checks see it. */
    record CohortData(String name, Double expectedShare, Units units) {
    }

    private final ExperimentPlan plan;
    private final List<CohortData> cohorts;
    private final int reasonIndex;
    private final int versionIndex;
    private final double confidence;
    /** The plan's exposure log, or null when the plan names no exposure flag. */
    private final ExposureLog log;

    /**
     * @param reasonIndex the covariate index of {@code feature_flag.result.reason} in the units
     * @param versionIndex the covariate index of {@code feature_flag.version}
     * @param log the exposure log of the plan's {@code exposure_flag}, or null when it names none
     */
    BiasChecks(ExperimentPlan plan, List<CohortData> cohorts, int reasonIndex, int versionIndex, double confidence,
               ExposureLog log) {
        this.log = log;
        this.plan = plan;
        this.cohorts = cohorts;
        this.reasonIndex = reasonIndex;
        this.versionIndex = versionIndex;
        this.confidence = confidence;
    }

    // --- srm --------------------------------------------------------------------------------

    Check srm() {
        String why = "If the cohorts did not get the share of units the assignment meant to give them, something "
                + "other than chance decided who is in which cohort (a redirect that drops slow requests, a crash in "
                + "one variant, lost telemetry), and every difference you measure may come from that instead.";
        if (cohorts.stream().anyMatch(c -> c.expectedShare() == null)) {
            return new Check("srm", Status.NOT_APPLICABLE, Map.of(), "The plan gives no expected_share, so the sample "
                    + "ratio cannot be checked.", why, "Add expected_share to each cohort (0.5 each for an even split).");
        }
        double[] shares = cohorts.stream().mapToDouble(CohortData::expectedShare).toArray();
        List<Map<String, Object>> stages = new ArrayList<>();
        String broken = null;
        Status worst = Status.PASS;
        Map<String, Long> otherVariants = new TreeMap<>();
        if (log != null) {
            // The first stage: who the assignment itself says it assigned, before any telemetry was lost.
            String stage = "units in the exposure log of " + log.flag();
            long[] assigned = new long[cohorts.size()];
            Set<String> named = new HashSet<>();
            for (int i = 0; i < cohorts.size(); i++) {
                String variant = plan.cohorts().get(i).exposureVariant();
                named.add(variant);
                assigned[i] = log.unitsByVariant().getOrDefault(variant, 0L);
            }
            log.unitsByVariant().forEach((v, n) -> {
                if (!named.contains(v)) {
                    otherVariants.put(v, n);
                }
            });
            if (sum(assigned) == 0) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("stage", stage);
                e.put("counts", assigned);
                e.put("p", Double.NaN);
                e.put("problem", log.isEmpty() ? "the workspace holds no exposure of " + log.flag() + " in the window"
                        : "no exposure of " + log.flag() + " is to a cohort's variant; its variants are "
                        + log.unitsByVariant().keySet());
                stages.add(e);
            } else {
                Status s0 = srmStage(stage, assigned, shares, stages);
                if (s0 == Status.FAIL || s0 == Status.WARN) {
                    worst = s0;
                    broken = stage;
                }
            }
        }
        if (!plan.randomizationUnit().isEmpty()) {
            long[] distinct = new long[cohorts.size()];
            for (int i = 0; i < cohorts.size(); i++) {
                Set<String> ids = new HashSet<>();
                for (String u : cohorts.get(i).units().randomUnit()) {
                    if (u != null) {
                        ids.add(u);
                    }
                }
                distinct[i] = ids.size();
            }
            if (sum(distinct) > 0) {
                Status s = srmStage("assigned " + plan.randomizationUnit() + " values", distinct, shares, stages);
                if (s.compareTo(worst) > 0 && s != Status.NOT_APPLICABLE) {
                    worst = s;
                    broken = broken == null ? "assigned " + plan.randomizationUnit() + " values" : broken;
                }
            }
        }
        long[] units = new long[cohorts.size()];
        long[] observed = new long[cohorts.size()];
        for (int i = 0; i < cohorts.size(); i++) {
            units[i] = cohorts.get(i).units().n();
            observed[i] = cohorts.get(i).units().observed();
        }
        String unitStage = plan.unit().equals("trace") ? "traces with a cohort span" : "cohort spans";
        Status s1 = srmStage(unitStage, units, shares, stages);
        if (rank(s1) > rank(worst)) {
            worst = s1;
        }
        if (broken == null && (s1 == Status.FAIL || s1 == Status.WARN)) {
            broken = unitStage;
        }
        if (plan.unit().equals("trace")) {
            Status s2 = srmStage("traces with a span in scope", observed, shares, stages);
            if (rank(s2) > rank(worst)) {
                worst = s2;
            }
            if (broken == null && (s2 == Status.FAIL || s2 == Status.WARN)) {
                broken = "traces with a span in scope";
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("expected_shares", names(shares));
        evidence.put("stages", stages);
        if (!otherVariants.isEmpty()) {
            evidence.put("exposure_variants_in_no_cohort", otherVariants);
        }
        evidence.put("fail_below_p", SRM_FAIL);
        evidence.put("warn_below_p", SRM_WARN);
        List<Map<String, Object>> days = perDay(shares);
        evidence.put("per_day", days);
        boolean dayBreaks = days.stream().anyMatch(d -> (double) d.get("p") < SRM_FAIL);
        if (worst == Status.PASS && dayBreaks) {
            worst = Status.WARN;
            broken = "one day's units";
        }
        String message;
        if (worst == Status.PASS) {
            message = "The cohorts hold the shares the plan expects at every stage (" + stages.size()
                    + (stages.size() == 1 ? " stage" : " stages") + ", lowest p " + Figures.format(minP(stages)) + ").";
        } else {
            message = "The sample ratio breaks at " + broken + " (p " + Figures.format(minP(stages)) + "): "
                    + describeStages(stages) + (stages.size() > 1 && !broken.equals(stages.get(0).get("stage"))
                    ? ". It appears only at a later stage, which points at lost telemetry or a failure in one variant "
                    + "rather than at the assignment" : "") + ".";
        }
        return new Check("srm", worst, evidence, message, why, worst == Status.PASS ? "Nothing to do."
                : "Find out where units are lost before reading any result: compare the stages, look for errors or "
                + "redirects in the smaller cohort, and re-run once the cause is fixed.");
    }

    private static Status srmStage(String stage, long[] counts, double[] shares, List<Map<String, Object>> stages) {
        Outcome<ChiSquareGoodnessOfFit.ChiSquareResult> r = ChiSquareGoodnessOfFit.test(counts, shares);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("stage", stage);
        e.put("counts", counts.clone());
        if (!r.isOk()) {
            e.put("p", Double.NaN);
            e.put("problem", ((Outcome.Problem<?>) r).detail());
            stages.add(e);
            return Status.NOT_APPLICABLE;
        }
        e.put("chi_square", r.value().statistic());
        e.put("df", r.value().df());
        e.put("p", r.value().p());
        stages.add(e);
        return r.value().p() < SRM_FAIL ? Status.FAIL : r.value().p() < SRM_WARN ? Status.WARN : Status.PASS;
    }

    private List<Map<String, Object>> perDay(double[] shares) {
        TreeMap<Long, long[]> byDay = new TreeMap<>();
        for (int i = 0; i < cohorts.size(); i++) {
            for (long t : cohorts.get(i).units().startNs()) {
                byDay.computeIfAbsent(Math.floorDiv(t, DAY_NS), d -> new long[cohorts.size()])[i]++;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (byDay.size() < 2) {
            return out;
        }
        for (Map.Entry<Long, long[]> d : byDay.entrySet()) {
            if (sum(d.getValue()) < 100) {
                continue;
            }
            Outcome<ChiSquareGoodnessOfFit.ChiSquareResult> r = ChiSquareGoodnessOfFit.test(d.getValue(), shares);
            if (r.isOk()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("day", Instant.ofEpochSecond(d.getKey() * 86_400).atOffset(ZoneOffset.UTC).toLocalDate().toString());
                e.put("counts", d.getValue());
                e.put("p", r.value().p());
                out.add(e);
            }
        }
        return out;
    }

    // --- assignment -------------------------------------------------------------------------

    Check assignment() {
        String why = "A comparison reads a difference as caused by the change only when units were assigned at "
                + "random. Units that got their variant by targeting, from a cache, or from an old flag version "
                + "differ from the others in ways that have nothing to do with the change.";
        long total = 0;
        long withReason = 0;
        Map<String, Long> reasons = new TreeMap<>();
        Set<String> versions = new TreeSet<>();
        for (CohortData c : cohorts) {
            String[] r = c.units().covariates()[reasonIndex];
            String[] v = c.units().covariates()[versionIndex];
            for (int i = 0; i < r.length; i++) {
                total++;
                if (r[i] != null) {
                    withReason++;
                    reasons.merge(r[i].toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
                if (v[i] != null) {
                    versions.add(v[i]);
                }
            }
        }
        String source = "traces";
        if (log != null && (!log.reasonsByUnit().isEmpty() || !log.versions().isEmpty())) {
            // The exposure log is the assignment's own record: its reasons and versions win over the spans'.
            source = "exposure log of " + log.flag();
            total = log.units();
            reasons = new TreeMap<>(log.reasonsByUnit());
            withReason = reasons.values().stream().mapToLong(Long::longValue).sum();
            versions = new TreeSet<>(log.versions());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", source);
        evidence.put("units", total);
        evidence.put("units_with_reason", withReason);
        evidence.put("reasons", reasons);
        evidence.put("flag_versions", List.copyOf(versions));
        evidence.put("fail_above_non_random_share", CONTAMINATION_FAIL);
        if (withReason == 0 && versions.isEmpty()) {
            return new Check("assignment", Status.NOT_APPLICABLE, evidence, "No unit carries feature_flag.result.reason "
                    + "or feature_flag.version, so how units were assigned cannot be checked from the traces.", why,
                    "Record flag evaluations with their reason (OpenTelemetry's feature_flag.evaluation event does).");
        }
        long nonRandom = 0;
        for (Map.Entry<String, Long> e : reasons.entrySet()) {
            if (!e.getKey().equals("split")) {
                nonRandom += e.getValue();
            }
        }
        double share = withReason == 0 ? 0 : (double) nonRandom / withReason;
        evidence.put("non_random_share", share);
        List<String> found = new ArrayList<>();
        Status status = Status.PASS;
        if (share > CONTAMINATION_FAIL) {
            status = Status.FAIL;
            found.add(Figures.percent(share) + " of the units with a reason were not assigned by a random split (" + reasons + ")");
        } else if (nonRandom > 0) {
            status = Status.WARN;
            found.add(nonRandom + " units were not assigned by a random split (" + reasons + ")");
        }
        if (versions.size() > 1) {
            status = Status.FAIL;
            found.add("the flag's version changed during the experiment (" + String.join(", ", versions) + ")");
        }
        String from = source.equals("traces") ? "" : " (from the " + source + ")";
        String message = found.isEmpty() ? "Every unit with a reason was assigned by a random split"
                + (versions.size() == 1 ? ", under one flag version" : "") + from + "."
                : capital(String.join("; ", found)) + from + ".";
        return new Check("assignment", status, evidence, message, why, status == Status.PASS ? "Nothing to do."
                : "Restrict the cohorts to units assigned by the split (feature_flag.result.reason = \"split\") and to "
                + "one flag version, or treat the result as observational.");
    }

    // --- covariate balance ------------------------------------------------------------------

    Check covariateBalance() {
        String why = "Cohorts that differ in who is in them (one mostly one region, one client, one route) differ in "
                + "latency and errors for that reason alone; the change then gets the credit or the blame.";
        if (plan.covariates().isEmpty()) {
            return new Check("covariate_balance", Status.NOT_APPLICABLE, Map.of(), "The plan names no covariates.", why,
                    "List pre-treatment attributes that should not differ between cohorts (region, client, route).");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Status worst = Status.PASS;
        List<String> imbalanced = new ArrayList<>();
        for (int k = 0; k < plan.covariates().size(); k++) {
            Table table = table(k);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("covariate", plan.covariates().get(k));
            Status s = balance(table.counts(), e);
            rows.add(e);
            if (s != Status.PASS) {
                String where = largestDifference(table, e);
                imbalanced.add(plan.covariates().get(k) + " (p " + Figures.format((double) e.get("p")) + ", Cramér's V "
                        + Figures.format((double) e.get("cramers_v")) + where + ")");
            }
            if (rank(s) > rank(worst)) {
                worst = s;
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("covariates", rows);
        evidence.put("fail_below_p", BALANCE_P);
        evidence.put("fail_at_cramers_v", BALANCE_V);
        evidence.put("warn_below_p", SRM_WARN);
        String message = imbalanced.isEmpty() ? "The covariates are balanced between the cohorts."
                : "The cohorts differ in " + String.join(", ", imbalanced) + ".";
        return new Check("covariate_balance", worst, evidence, message, why, worst == Status.PASS ? "Nothing to do."
                : "Compare within each value of the imbalanced covariate (stratify), or find why the cohorts differ "
                + "in it before reading the result.");
    }

    /** Units per cohort (rows) and covariate value (columns), with the columns' values. */
    private record Table(long[][] counts, List<String> values) {
    }

    private static final String MISSING = "\u0000missing";
    private static final String OTHER = "\u0000other";

    /**
     * The value whose share of units differs most between the cohorts, into {@code e} as
     * {@code largest_difference} ({value, shares by cohort}); for the message, "; eu-west: 62% of
     * treatment vs 31% of control" (the cohorts with the largest and the smallest share).
     */
    private String largestDifference(Table t, Map<String, Object> e) {
        long[][] c = t.counts();
        double[][] share = new double[c.length][t.values().size()];
        for (int i = 0; i < c.length; i++) {
            double rowSum = 0;
            for (long v : c[i]) {
                rowSum += v;
            }
            for (int j = 0; j < share[i].length; j++) {
                share[i][j] = rowSum == 0 ? 0 : c[i][j] / rowSum;
            }
        }
        int best = -1;
        int hiRow = 0;
        int loRow = 0;
        double bestGap = -1;
        for (int j = 0; j < t.values().size(); j++) {
            int hi = 0;
            int lo = 0;
            for (int i = 1; i < c.length; i++) {
                hi = share[i][j] > share[hi][j] ? i : hi;
                lo = share[i][j] < share[lo][j] ? i : lo;
            }
            if (share[hi][j] - share[lo][j] > bestGap) {
                bestGap = share[hi][j] - share[lo][j];
                best = j;
                hiRow = hi;
                loRow = lo;
            }
        }
        if (best < 0) {
            return "";
        }
        Map<String, Object> shares = new LinkedHashMap<>();
        for (int i = 0; i < c.length; i++) {
            shares.put(cohorts.get(i).name(), share[i][best]);
        }
        String value = t.values().get(best);
        String shown = value.equals(MISSING) ? "(missing)" : value.equals(OTHER) ? "(other values)" : value;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("value", shown);
        d.put("shares", shares);
        e.put("largest_difference", d);
        return "; " + shown + ": " + Figures.percent(share[hiRow][best]) + " of " + cohorts.get(hiRow).name() + " vs "
                + Figures.percent(share[loRow][best]) + " of " + cohorts.get(loRow).name();
    }

    /** Units per cohort (rows) and value (columns: the most common values, then the rest, then missing). */
    private Table table(int k) {
        Map<String, Long> totals = new HashMap<>();
        for (CohortData c : cohorts) {
            for (String v : c.units().covariates()[k]) {
                totals.merge(v == null ? MISSING : v, 1L, Long::sum);
            }
        }
        // Ties by value: which values get a column of their own must not depend on hash order.
        List<String> top = totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(MAX_VALUES).map(Map.Entry::getKey).toList();
        Map<String, Integer> col = new HashMap<>();
        for (String v : top) {
            col.put(v, col.size());
        }
        int other = col.size();
        long[][] t = new long[cohorts.size()][other + 1];
        for (int i = 0; i < cohorts.size(); i++) {
            for (String v : cohorts.get(i).units().covariates()[k]) {
                t[i][col.getOrDefault(v == null ? MISSING : v, other)]++;
            }
        }
        List<String> values = new ArrayList<>(top);
        values.add(OTHER);
        List<Integer> kept = nonEmptyColumns(t);
        return new Table(dropEmptyColumns(t), kept.stream().map(values::get).toList());
    }

    private static List<Integer> nonEmptyColumns(long[][] t) {
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < t[0].length; j++) {
            long s = 0;
            for (long[] row : t) {
                s += row[j];
            }
            if (s > 0) {
                keep.add(j);
            }
        }
        return keep;
    }

    private static long[][] dropEmptyColumns(long[][] t) {
        List<Integer> keep = nonEmptyColumns(t);
        long[][] out = new long[t.length][keep.size()];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < keep.size(); j++) {
                out[i][j] = t[i][keep.get(j)];
            }
        }
        return out;
    }

    // --- simpson's paradox ------------------------------------------------------------------

    Check simpsons(Estimate pooled) {
        String why = "An effect can point one way in every segment and the other way overall, when the cohorts hold "
                + "different mixes of segments (Simpson's paradox). The pooled figure then misleads.";
        if (plan.covariates().isEmpty() || pooled == null || !pooled.ok()
                || plan.primary().metric().equals("throughput")) {
            return new Check("simpsons", Status.NOT_APPLICABLE, Map.of(), plan.covariates().isEmpty()
                    ? "The plan names no covariates to segment by." : "There is no pooled effect to compare segments "
                    + "with.", why, "List covariates in the plan to segment by.");
        }
        double pooledEffect = pooled.difference();
        boolean pooledClear = pooled.ciLow() > 0 || pooled.ciHigh() < 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        Status worst = Status.PASS;
        List<String> reversed = new ArrayList<>();
        for (int k = 0; k < plan.covariates().size(); k++) {
            Map<String, double[]> segments = segmentEffects(k);
            if (segments.size() < 2) {
                continue;
            }
            int opposite = 0;
            for (double[] s : segments.values()) {
                if (Math.signum(s[0]) != 0 && Math.signum(s[0]) == -Math.signum(pooledEffect)) {
                    opposite++;
                }
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("covariate", plan.covariates().get(k));
            Map<String, Object> seg = new LinkedHashMap<>();
            segments.forEach((v, s) -> seg.put(v, Map.of("effect", s[0], "baseline_n", (long) s[1],
                    "candidate_n", (long) s[2])));
            e.put("segments", seg);
            e.put("pooled_effect", pooledEffect);
            rows.add(e);
            if (opposite == segments.size() && pooledEffect != 0) {
                Status s = pooledClear ? Status.FAIL : Status.WARN;
                if (rank(s) > rank(worst)) {
                    worst = s;
                }
                reversed.add(plan.covariates().get(k));
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("covariates", rows);
        evidence.put("min_units_per_segment", MIN_SEGMENT);
        String message = reversed.isEmpty()
                ? "No covariate's segments all point against the pooled effect."
                : "Within every segment of " + String.join(", ", reversed) + " the effect has the opposite sign of the "
                + "pooled effect (" + Figures.format(pooledEffect) + "): Simpson's paradox.";
        return new Check("simpsons", worst, evidence, message, why, worst == Status.PASS ? "Nothing to do."
                : "Read the result per segment (stratified), and find why the cohorts hold different mixes.");
    }

    /** Per value of covariate k with enough units in the first two cohorts: {effect, nBaseline, nCandidate}. */
    private Map<String, double[]> segmentEffects(int k) {
        Map<String, List<Integer>> b = byValue(cohorts.get(0).units(), k);
        Map<String, List<Integer>> c = byValue(cohorts.get(1).units(), k);
        Map<String, double[]> out = new TreeMap<>();
        for (Map.Entry<String, List<Integer>> e : b.entrySet()) {
            List<Integer> ci = c.get(e.getKey());
            if (ci == null || e.getValue().size() < MIN_SEGMENT || ci.size() < MIN_SEGMENT) {
                continue;
            }
            double eb = statistic(cohorts.get(0).units(), e.getValue());
            double ec = statistic(cohorts.get(1).units(), ci);
            out.put(e.getKey(), new double[] {ec - eb, e.getValue().size(), ci.size()});
            if (out.size() >= MAX_VALUES) {
                break;
            }
        }
        return out;
    }

    private static Map<String, List<Integer>> byValue(Units u, int k) {
        Map<String, List<Integer>> out = new HashMap<>();
        for (int i = 0; i < u.n(); i++) {
            if (!Double.isNaN(u.latencyMs()[i]) && u.covariates()[k][i] != null) {
                out.computeIfAbsent(u.covariates()[k][i], v -> new ArrayList<>()).add(i);
            }
        }
        return out;
    }

    /** The primary metric's statistic over some units. */
    private double statistic(Units u, List<Integer> idx) {
        String metric = plan.primary().metric();
        if (metric.equals("error_rate")) {
            long f = 0;
            for (int i : idx) {
                f += u.failed()[i] ? 1 : 0;
            }
            return (double) f / idx.size();
        }
        double[] v = new double[idx.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = u.latencyMs()[idx.get(j)];
        }
        String st = plan.primary().statistic();
        if (st.equals("mean")) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
        return Quantiles.of(v, Integer.parseInt(st.substring(1)) / 100.0);
    }

    // --- time overlap -----------------------------------------------------------------------

    Check timeOverlap() {
        String why = "Cohorts seen over different windows, or at different hours, differ in everything that changes "
                + "with time (load, batch jobs, the users awake): a before/after comparison is confounded with time.";
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        List<Map<String, Object>> windows = new ArrayList<>();
        long[][] hours = new long[cohorts.size()][24];
        for (int i = 0; i < cohorts.size(); i++) {
            long[] t = cohorts.get(i).units().startNs();
            if (t.length == 0) {
                return new Check("time_overlap", Status.NOT_APPLICABLE, Map.of(), "Cohort " + cohorts.get(i).name()
                        + " has no units.", why, "Check the cohort's filter.");
            }
            long a = Long.MAX_VALUE;
            long b = Long.MIN_VALUE;
            for (long x : t) {
                a = Math.min(a, x);
                b = Math.max(b, x);
                hours[i][(int) (Math.floorMod(x, DAY_NS) / 3_600_000_000_000L)]++;
            }
            lo = Math.max(lo, a);
            hi = Math.min(hi, b);
            min = Math.min(min, a);
            max = Math.max(max, b);
            windows.add(Map.of("cohort", cohorts.get(i).name(), "from", Instant.ofEpochSecond(0, a).toString(),
                    "to", Instant.ofEpochSecond(0, b).toString()));
        }
        double overlap = max == min ? 1.0 : Math.max(0, hi - lo) / (double) (max - min);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("windows", windows);
        evidence.put("overlap", overlap);
        boolean concurrent = plan.template().randomised();
        Status status;
        String message = "The cohorts' windows overlap " + Figures.percent(overlap) + " (intersection over union)";
        if (concurrent) {
            // Randomised cohorts run side by side: windows that do not overlap confound the change with time.
            evidence.put("fail_below_overlap", OVERLAP_FAIL);
            evidence.put("warn_below_overlap", OVERLAP_WARN);
            status = overlap < OVERLAP_FAIL ? Status.FAIL : overlap < OVERLAP_WARN ? Status.WARN : Status.PASS;
        } else {
            // A before/after, fault or incident study compares windows by design: they must be alike in
            // length and in the hours they cover.
            double shortest = Double.MAX_VALUE;
            double longest = 0;
            for (Map<String, Object> w : windows) {
                double len = Instant.parse((String) w.get("to")).toEpochMilli()
                        - Instant.parse((String) w.get("from")).toEpochMilli();
                shortest = Math.min(shortest, len);
                longest = Math.max(longest, len);
            }
            double ratio = longest == 0 ? 1 : shortest / longest;
            evidence.put("window_length_ratio", ratio);
            evidence.put("fail_below_length_ratio", OVERLAP_FAIL);
            status = ratio < OVERLAP_FAIL ? Status.FAIL : Status.PASS;
            message += "; this " + plan.template().code().replace('_', ' ') + " study compares windows by design "
                    + "(the shorter is " + Figures.percent(ratio) + " of the longer)";
        }
        Outcome<ContingencyTest.ContingencyResult> h = ContingencyTest.test(dropEmptyColumns(hours));
        evidence.put("hour_of_day_fail_below_p", BALANCE_P);
        evidence.put("hour_of_day_fail_at_cramers_v", BALANCE_V);
        if (h.isOk()) {
            evidence.put("hour_of_day_p", h.value().chiSquareP());
            evidence.put("hour_of_day_cramers_v", h.value().cramersV());
            if (h.value().chiSquareP() < BALANCE_P && h.value().cramersV() >= BALANCE_V) {
                status = Status.FAIL;
                message += "; their hour-of-day mixes differ (p " + Figures.format(h.value().chiSquareP()) + ", Cramér's V "
                        + Figures.format(h.value().cramersV()) + ")";
            }
        } else if (!concurrent && h.problem().orElse(null) == io.prodlab.stats.StatProblem.EMPTY_CATEGORY) {
            status = Status.FAIL;
            message += "; they cover different hours of the day";
        }
        return new Check("time_overlap", status, evidence, message + ".", why, status == Status.PASS
                ? "Nothing to do." : concurrent ? "Compare cohorts observed over the same window (run them side by "
                + "side)." : "Compare against a control window of the same length and the same hours (the same "
                + "hours a day or a week earlier).");
    }

    // --- sampling parity --------------------------------------------------------------------

    Check samplingParity() {
        String why = "Traces are often sampled. If the cohorts were sampled at different rates, or one was tail-"
                + "sampled towards errors or slow traces, the traces you have are not a fair picture of either.";
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> rates = new TreeSet<>();
        boolean anyMarked = false;
        boolean anyUnmarked = false;
        for (CohortData c : cohorts) {
            Map<String, Long> ratios = new TreeMap<>();
            long marked = 0;
            for (double r : c.units().samplingRatio()) {
                if (!Double.isNaN(r)) {
                    marked++;
                    ratios.merge(Figures.format(r), 1L, Long::sum);
                }
            }
            anyMarked |= marked > 0;
            anyUnmarked |= marked < c.units().n();
            rates.add(ratios.keySet().toString() + (marked < c.units().n() && marked > 0 ? "+unmarked" : ""));
            rows.add(Map.of("cohort", c.name(), "units", (long) c.units().n(), "with_sampling_mark", marked,
                    "probabilities", ratios));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cohorts", rows);
        if (!anyMarked) {
            return new Check("sampling_parity", Status.NOT_APPLICABLE, evidence, "No span carries a sampling mark "
                    + "(tracestate ot=th, sampler.type/sampler.param), so sampling cannot be compared; a tail sampler "
                    + "leaves no mark.", why, "Record the sampler's probability on spans, or check the collector's "
                    + "sampling configuration for both cohorts.");
        }
        boolean differ = rates.size() > 1 || (anyMarked && anyUnmarked && rates.size() > 1);
        Status status = differ ? Status.FAIL : Status.PASS;
        return new Check("sampling_parity", status, evidence, differ ? "The cohorts were sampled differently: "
                + String.join(" vs ", rates) + "." : "The cohorts carry the same sampling probabilities "
                + rates.iterator().next() + ".", why, differ ? "Weight each trace by 1/probability, or compare only "
                + "traces sampled the same way." : "Nothing to do.");
    }

    // --- instrumentation parity -------------------------------------------------------------

    Check instrumentationParity() {
        String why = "A version that emits more spans (or fewer) looks slower or faster in any sum over spans, and "
                + "its traces differ in shape for reasons that are not the change's effect on users.";
        double[][] spans = new double[cohorts.size()][];
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < cohorts.size(); i++) {
            int[] s = cohorts.get(i).units().spansInTrace();
            spans[i] = new double[s.length];
            double sum = 0;
            for (int j = 0; j < s.length; j++) {
                spans[i][j] = s[j];
                sum += s[j];
            }
            rows.add(Map.of("cohort", cohorts.get(i).name(), "mean_spans_per_trace", s.length == 0 ? Double.NaN
                    : sum / s.length));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cohorts", rows);
        evidence.put("fail_at_relative_difference", SPANS_FAIL);
        evidence.put("fail_below_p", BALANCE_P);
        Status worst = Status.PASS;
        List<String> found = new ArrayList<>();
        for (int i = 1; i < cohorts.size(); i++) {
            Outcome<WelchTest.WelchResult> w = WelchTest.test(spans[0], spans[i], confidence);
            double mb = mean(spans[0]);
            double rel = mb == 0 ? 0 : (mean(spans[i]) - mb) / mb;
            if (!w.isOk()) {
                if (rel != 0 && spans[0].length > 0 && spans[i].length > 0) {
                    // Constant span counts that differ: no variance, but a certain difference.
                    found.add(cohorts.get(i).name() + " has " + moreOrFewer(rel) + " spans per trace than "
                            + cohorts.get(0).name());
                    worst = Math.abs(rel) >= SPANS_FAIL ? Status.FAIL : Status.WARN;
                }
                continue;
            }
            double p = w.value().p();
            Status s = p < BALANCE_P && Math.abs(rel) >= SPANS_FAIL ? Status.FAIL : p < SRM_WARN ? Status.WARN
                    : Status.PASS;
            if (s != Status.PASS) {
                found.add(cohorts.get(i).name() + " has " + moreOrFewer(rel) + " spans per trace than "
                        + cohorts.get(0).name() + " (p " + Figures.format(p) + ")");
            }
            if (rank(s) > rank(worst)) {
                worst = s;
            }
        }
        boolean spanCountsDiffer = !found.isEmpty();
        Status dropped = droppedData(evidence, found);
        if (rank(dropped) > rank(worst)) {
            worst = dropped;
        }
        String fix = worst == Status.PASS ? "Nothing to do." : (spanCountsDiffer
                ? "Scope the metric to spans both versions emit (one operation, the root span), not to sums over "
                + "whole traces." : "")
                + (dropped != Status.PASS ? (spanCountsDiffer ? " " : "") + "Filters on attributes miss what the SDK "
                + "dropped: raise its attribute/event/link limits for both versions, or compare on fields it keeps "
                + "(duration, status, name)." : "");
        return new Check("instrumentation_parity", worst, evidence, found.isEmpty()
                ? "The cohorts' traces have the same number of spans" + (evidence.containsKey("dropped_data")
                ? " and lose data to SDK limits alike." : ".") : capital(String.join("; ", found)) + ".", why, fix);
    }

    /**
     * A chi-square test of independence of a cohorts × categories table, into {@code e} (chi_square,
     * df, p, cramers_v; or the problem): FAIL at p below {@link #BALANCE_P} with Cramér's V at least
     * {@link #BALANCE_V}, WARN at p below {@link #SRM_WARN}; PASS when the table cannot be tested.
     */
    private static Status balance(long[][] table, Map<String, Object> e) {
        Outcome<ContingencyTest.ContingencyResult> r = ContingencyTest.test(table);
        if (!r.isOk()) {
            e.put("problem", ((Outcome.Problem<?>) r).detail());
            return Status.PASS;
        }
        double p = r.value().chiSquareP();
        double v = r.value().cramersV();
        e.put("chi_square", r.value().chiSquare());
        e.put("df", r.value().df());
        e.put("p", p);
        e.put("cramers_v", v);
        return p < BALANCE_P && v >= BALANCE_V ? Status.FAIL : p < SRM_WARN ? Status.WARN : Status.PASS;
    }

    /**
     * The second part of instrumentation parity: units whose spans report attributes, events or links
     * dropped by their SDK's limits (OTLP's dropped counts). A cohort that loses data more often is
     * filtered and grouped on less than the other. A chi-square test of units with and without dropped
     * data by cohort, failing on the covariate balance's thresholds; left out when no span reports any.
     */
    private Status droppedData(Map<String, Object> evidence, List<String> found) {
        long[][] table = new long[cohorts.size()][2];
        long any = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < cohorts.size(); i++) {
            int[] d = cohorts.get(i).units().droppedSpans();
            long with = 0;
            long spans = 0;
            for (int v : d) {
                with += v > 0 ? 1 : 0;
                spans += v;
            }
            table[i][0] = with;
            table[i][1] = d.length - with;
            any += with;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cohort", cohorts.get(i).name());
            row.put("units", (long) d.length);
            row.put("units_with_dropped_data", with);
            row.put("spans_with_dropped_data", spans);
            row.put("share", d.length == 0 ? Double.NaN : (double) with / d.length);
            rows.add(row);
        }
        if (any == 0) {
            return Status.PASS;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("cohorts", rows);
        Status s = balance(table, e);
        evidence.put("dropped_data", e);
        if (s != Status.PASS) {
            double p = (double) e.get("p");
            double v = (double) e.get("cramers_v");
            List<String> shares = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                shares.add(row.get("cohort") + " " + Figures.format(100 * (double) row.get("share")) + "%");
            }
            found.add("the cohorts' spans lose attributes, events or links to SDK limits at different rates (units "
                    + "with dropped data: " + String.join(", ", shares) + "; p " + Figures.format(p) + ", Cramér's V "
                    + Figures.format(v) + ")");
        }
        return s;
    }

    // --- contamination ----------------------------------------------------------------------

    Check contamination() {
        String why = "A user (or session) that saw more than one variant carries the effect of both: it dilutes the "
                + "difference and breaks the independence the statistics assume.";
        if (log != null && !log.isEmpty() && plan.randomizationUnit().isEmpty()) {
            return logContamination(why, Map.of(), Status.PASS, "");
        }
        if (plan.randomizationUnit().isEmpty()) {
            return new Check("contamination", Status.NOT_APPLICABLE, Map.of(), "The plan names no randomization_unit, "
                    + "so units seen in several cohorts cannot be found.", why, "Give randomization_unit (e.g. "
                    + "enduser.id) when units are users or sessions.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < cohorts.size(); i++) {
            for (String u : cohorts.get(i).units().randomUnit()) {
                if (u != null) {
                    int bit = 1 << i;
                    seen.merge(u, bit, (a, b) -> a | b);
                }
            }
        }
        long multi = seen.values().stream().filter(m -> Integer.bitCount(m) > 1).count();
        double share = seen.isEmpty() ? 0 : (double) multi / seen.size();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("units", (long) seen.size());
        evidence.put("in_several_cohorts", multi);
        evidence.put("share", share);
        evidence.put("fail_above_share", CONTAMINATION_FAIL);
        if (seen.isEmpty()) {
            return new Check("contamination", Status.NOT_APPLICABLE, evidence, "No unit carries "
                    + plan.randomizationUnit() + ".", why, "Check the attribute name.");
        }
        Status status = share > CONTAMINATION_FAIL ? Status.FAIL : multi > 0 ? Status.WARN : Status.PASS;
        String message = multi == 0 ? "No " + plan.randomizationUnit() + " was seen in more than one cohort."
                : multi + " of " + seen.size() + " " + plan.randomizationUnit() + " values (" + Figures.percent(share)
                + ") were seen in more than one cohort.";
        if (log != null && !log.isEmpty()) {
            return logContamination(why, evidence, status, message);
        }
        return new Check("contamination", status, evidence, message, why, status == Status.PASS
                ? "Nothing to do." : "Leave out the units seen in several cohorts, and find why assignment was not sticky.");
    }

    /**
     * Contamination as the exposure log shows it (units exposed to more than one variant of the flag),
     * joined to what the traces show ({@code traceEvidence}, {@code traceStatus}, {@code traceMessage};
     * empty when the plan names no randomisation unit): the worse of the two decides.
     */
    private Check logContamination(String why, Map<String, Object> traceEvidence, Status traceStatus,
                                   String traceMessage) {
        double share = log.units() == 0 ? 0 : (double) log.multiVariantUnits() / log.units();
        Status status = share > CONTAMINATION_FAIL ? Status.FAIL : log.multiVariantUnits() > 0 ? Status.WARN
                : Status.PASS;
        Map<String, Object> evidence = new LinkedHashMap<>(traceEvidence);
        evidence.put("exposure_log_units", log.units());
        evidence.put("exposure_log_units_in_several_variants", log.multiVariantUnits());
        evidence.put("exposure_log_share", share);
        evidence.putIfAbsent("fail_above_share", CONTAMINATION_FAIL);
        String logMessage = log.multiVariantUnits() == 0 ? "The exposure log of " + log.flag() + " gave no unit more "
                + "than one variant." : "The exposure log of " + log.flag() + " gave " + log.multiVariantUnits() + " of "
                + log.units() + " units (" + Figures.percent(share) + ") more than one variant.";
        Status worst = rank(traceStatus) > rank(status) ? traceStatus : status;
        return new Check("contamination", worst, evidence, (traceMessage.isEmpty() ? "" : traceMessage + " ")
                + logMessage, why, worst == Status.PASS ? "Nothing to do."
                : "Leave out the units exposed to several variants, and find why assignment was not sticky.");
    }

    // --- unit mismatch ----------------------------------------------------------------------

    /**
     * The analysis unit is finer than the randomised one when a randomised unit has several analysis
     * units: the naive interval treats them as independent. The clustered (delta-method ratio)
     * interval is shown beside it.
     */
    Check unitMismatch(Estimate naive) {
        String why = "When users were randomised but each user contributes many traces, those traces are not "
                + "independent: the usual interval is too narrow and the result looks surer than it is.";
        if (plan.randomizationUnit().isEmpty()) {
            return new Check("unit_mismatch", Status.NOT_APPLICABLE, Map.of(), "The plan names no randomization_unit: "
                    + "the unit of analysis (" + plan.unit() + ") is taken to be the randomised unit.", why,
                    "Give randomization_unit when users or sessions, not requests, were randomised.");
        }
        String metric = plan.primary().metric();
        if (naive == null || !naive.ok() || !(metric.equals("error_rate") || plan.primary().statistic().equals("mean"))) {
            return new Check("unit_mismatch", Status.NOT_APPLICABLE, Map.of(), "The clustered interval is computed "
                    + "for means and error rates; the primary metric is " + metric + " " + plan.primary().statistic()
                    + ".", why, "Use a mean or an error rate as the primary metric to see the clustered interval.");
        }
        double[] var = new double[2];
        double[] design = new double[2];
        double[] perCluster = new double[2];
        for (int i = 0; i < 2; i++) {
            Units u = cohorts.get(i).units();
            Map<String, double[]> clusters = new HashMap<>();
            double total = 0;
            long n = 0;
            double sumSq = 0;
            for (int j = 0; j < u.n(); j++) {
                if (Double.isNaN(u.latencyMs()[j]) || u.randomUnit()[j] == null) {
                    continue;
                }
                double y = metric.equals("error_rate") ? (u.failed()[j] ? 1 : 0) : u.latencyMs()[j];
                double[] c = clusters.computeIfAbsent(u.randomUnit()[j], k -> new double[2]);
                c[0] += y;
                c[1]++;
                total += y;
                sumSq += y * y;
                n++;
            }
            int k = clusters.size();
            if (k < 2 || n < 2) {
                return new Check("unit_mismatch", Status.NOT_APPLICABLE, Map.of(), "Cohort " + cohorts.get(i).name()
                        + " has fewer than 2 units that carry " + plan.randomizationUnit() + ".", why,
                        "Check the attribute name.");
            }
            double mu = total / n;
            double s = 0;
            for (double[] c : clusters.values()) {
                double d = c[0] - mu * c[1];
                s += d * d;
            }
            var[i] = k / (k - 1.0) * s / ((double) n * n);
            double naiveVar = (sumSq - n * mu * mu) / (n - 1.0) / n;
            design[i] = naiveVar > 0 ? var[i] / naiveVar : 1;
            perCluster[i] = (double) n / k;
        }
        double se = Math.sqrt(var[0] + var[1]);
        double h = Estimator.z(confidence) * se;
        double de = Math.max(design[0], design[1]);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("units_per_" + plan.randomizationUnit(), List.of(perCluster[0], perCluster[1]));
        evidence.put("design_effect", de);
        evidence.put("naive_ci", List.of(naive.ciLow(), naive.ciHigh()));
        evidence.put("clustered_ci", List.of(naive.difference() - h, naive.difference() + h));
        evidence.put("fail_above_design_effect", DESIGN_EFFECT_FAIL);
        boolean finer = perCluster[0] > 1.0001 || perCluster[1] > 1.0001;
        Status status = finer && de > DESIGN_EFFECT_FAIL ? Status.FAIL : finer ? Status.WARN : Status.PASS;
        String message = !finer ? "Each " + plan.randomizationUnit() + " contributes one " + plan.unit() + "."
                : "Each " + plan.randomizationUnit() + " contributes " + Figures.format(Math.max(perCluster[0], perCluster[1]))
                + " " + plan.unit() + "s on average; clustered by " + plan.randomizationUnit() + ", the interval is "
                + Figures.format(naive.difference() - h) + " to " + Figures.format(naive.difference() + h) + " instead of "
                + Figures.format(naive.ciLow()) + " to " + Figures.format(naive.ciHigh()) + " (design effect " + Figures.format(de) + ").";
        return new Check("unit_mismatch", status, evidence, message, why, status == Status.PASS ? "Nothing to do."
                : "Analyse per " + plan.randomizationUnit() + " (unit of randomisation), or read the clustered "
                + "interval.");
    }

    // --- novelty ----------------------------------------------------------------------------

    Check novelty(Estimator estimator, java.util.function.BiFunction<Integer, long[], Estimator.Sample> sampleOf) {
        String why = "An effect that is strong at first and fades (or grows) is a novelty or learning effect: the "
                + "average over the whole window says little about what happens next.";
        long[] mid = new long[2];
        for (int i = 0; i < 2; i++) {
            long[] t = cohorts.get(i).units().startNs().clone();
            if (t.length < 4) {
                return new Check("novelty", Status.NOT_APPLICABLE, Map.of(), "Too few units to split the window.", why,
                        "Collect more data.");
            }
            java.util.Arrays.sort(t);
            mid[i] = t[t.length / 2];
        }
        // Each cohort is split at its own median time, so that cohorts observed over different windows
        // (a fault window, a week earlier) are compared half with half.
        Estimate first = estimator.estimate(plan.primary().metric(), plan.primary().statistic(),
                sampleOf.apply(0, new long[] {Long.MIN_VALUE, mid[0]}),
                sampleOf.apply(1, new long[] {Long.MIN_VALUE, mid[1]}), confidence);
        Estimate second = estimator.estimate(plan.primary().metric(), plan.primary().statistic(),
                sampleOf.apply(0, new long[] {mid[0], Long.MAX_VALUE}),
                sampleOf.apply(1, new long[] {mid[1], Long.MAX_VALUE}), confidence);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("split_at", List.of(Instant.ofEpochSecond(0, mid[0]).toString(),
                Instant.ofEpochSecond(0, mid[1]).toString()));
        if (!first.ok() || !second.ok()) {
            return new Check("novelty", Status.NOT_APPLICABLE, evidence, "An effect could not be estimated in each half "
                    + "of the window.", why, "Collect more data.");
        }
        double d = second.difference() - first.difference();
        double se = Math.sqrt(first.standardError() * first.standardError()
                + second.standardError() * second.standardError());
        double z = se > 0 ? d / se : 0;
        double p = 2 * new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .cumulativeProbability(-Math.abs(z));
        evidence.put("first_half_effect", first.difference());
        evidence.put("second_half_effect", second.difference());
        evidence.put("p", p);
        evidence.put("warn_below_p", SRM_WARN);
        Status status = p < SRM_WARN ? Status.WARN : Status.PASS;
        return new Check("novelty", status, evidence, "The effect was " + Figures.format(first.difference()) + " in the first "
                + "half of the window and " + Figures.format(second.difference()) + " in the second (p " + Figures.format(p) + " for a "
                + "change).", why, status == Status.PASS ? "Nothing to do." : "Look at the effect per day before "
                + "deciding; wait for it to settle.");
    }

    // --- helpers ----------------------------------------------------------------------------

    static int rank(Status s) {
        return switch (s) {
            case NOT_APPLICABLE -> 0;
            case PASS -> 1;
            case WARN -> 2;
            case FAIL -> 3;
        };
    }

    private Map<String, Double> names(double[] shares) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < cohorts.size(); i++) {
            out.put(cohorts.get(i).name(), shares[i]);
        }
        return out;
    }

    private static double minP(List<Map<String, Object>> stages) {
        double m = Double.NaN;
        for (Map<String, Object> s : stages) {
            double p = (double) s.get("p");
            if (!Double.isNaN(p) && (Double.isNaN(m) || p < m)) {
                m = p;
            }
        }
        return m;
    }

    private String describeStages(List<Map<String, Object>> stages) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> s : stages) {
            parts.add(s.get("stage") + " " + java.util.Arrays.toString((long[]) s.get("counts")) + " (p "
                    + Figures.format((double) s.get("p")) + ")");
        }
        return String.join(", then ", parts);
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }


    private static String moreOrFewer(double rel) {
        return Figures.format(Math.abs(rel) * 100) + "% " + (rel >= 0 ? "more" : "fewer");
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
