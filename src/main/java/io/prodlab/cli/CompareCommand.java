package io.prodlab.cli;

import io.prodlab.compare.AttributeDifferences;
import io.prodlab.compare.CanaryJudge;
import io.prodlab.compare.Cohort;
import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.Metric;
import io.prodlab.compare.TimeWindow;
import io.prodlab.compare.Unit;
import io.prodlab.stats.ContingencyTest;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare cohorts of requests on latency (ms), errors and throughput, or on a numeric span "
                + "attribute (--metric). The first --cohort is the baseline; differences are candidate minus baseline, "
                + "each with its confidence interval.",
                "Tests: Welch's t, Mann-Whitney U (tie and continuity corrected) with the Hodges-Lehmann shift, "
                        + "two-proportion z (Fisher's exact test decides when a count is below 5), Kolmogorov-Smirnov, "
                        + "Brown-Forsythe on spread, and a seeded bootstrap for p50/p95/p99 differences; Holm and "
                        + "Benjamini-Hochberg adjust every p-value of the run.",
                "What differs: every span and resource attribute of the scoped spans, ranked by a chi-square test of "
                        + "its values between the baseline and each candidate (Benjamini-Hochberg over the attributes, "
                        + "then Cramer's V); fields the cohort filters name or whose values never overlap between the "
                        + "cohorts are flagged as tautological and listed apart.",
                "Sampling: spans with a sampling probability (tracestate ot=th:, Jaeger sampler.type=probabilistic with "
                        + "sampler.param) weigh their adjusted count 1/p in the weighted figures (descriptives, error "
                        + "rate, throughput); the tests compare the kept spans unweighted, with a warning when the "
                        + "cohorts are sampled differently.",
                "--judge classifies each metric pass/high/low/no_data/low_power against its tolerance and scores the "
                        + "candidate (pass/marginal/fail), naming the figures and the rule behind each call."})
final class CompareCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--cohort", required = true, paramLabel = "NAME=FILTER",
            description = "A cohort: a name and a filter expression. Give 2 to 8; the first is the baseline.")
    List<String> cohorts;

    @Option(names = "--where", paramLabel = "FILTER", description = "Which spans the metric is taken from "
            + "(e.g. 'kind = server and name = \"GET /cart\"').")
    String where;

    @Option(names = "--unit", defaultValue = "span", paramLabel = "span|trace", description = "What one observation "
            + "is: each matching span, or each trace with a matching span (default: ${DEFAULT-VALUE}).")
    String unit;

    @Option(names = "--metric", defaultValue = "latency", paramLabel = "latency|error_rate|throughput|ATTR",
            description = "What leads the comparison: latency (ms), error_rate, throughput (per second over each "
                    + "cohort's window: its --window, else its first start to its last end), or a numeric span "
                    + "attribute whose values the value tests then compare (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--window", paramLabel = "NAME=FROM/TO", description = "Limit cohort NAME to the spans that start "
            + "in [FROM, TO) (ISO-8601 instants, e.g. 2026-11-01T12:15:00Z/2026-11-01T12:17:00Z); its throughput is "
            + "over the window.")
    List<String> windows;

    @Option(names = "--judge", description = "Judge each candidate as a canary against the baseline (in --json: "
            + "\"judge\").")
    boolean judge;

    @Option(names = "--judge-config", paramLabel = "FILE.json", description = "The judge's rules (implies --judge): "
            + "{\"alpha\", \"pass_score\", \"marginal_score\", \"metrics\": [{\"check\": mean|median_shift|p95|p99|"
            + "error_rate|spread|throughput, \"direction\": increase_bad|decrease_bad|either, \"tolerance\", "
            + "\"relative\", \"weight\", \"critical\"}]}; left-out fields keep their defaults.")
    Path judgeConfig;

    @Option(names = "--resamples", defaultValue = "1000", paramLabel = "N", description = "Bootstrap resamples for "
            + "the quantile differences; 0 leaves them out (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Cohort> parsed = new ArrayList<>();
        for (String c : cohorts) {
            int eq = c.indexOf('=');
            if (eq <= 0 || c.substring(0, eq).isBlank()) {
                throw new BadInputException("--cohort '" + c + "': expected NAME=FILTER, e.g. "
                        + "canary='service.version = \"1.5.0\"'.");
            }
            parsed.add(new Cohort(c.substring(0, eq).strip(), c.substring(eq + 1)));
        }
        Unit u = switch (unit.toLowerCase(Locale.ROOT)) {
            case "span" -> Unit.SPAN;
            case "trace" -> Unit.TRACE;
            default -> throw new BadInputException("--unit '" + unit + "': expected span or trace.");
        };
        if (resamples < 0) {
            throw new BadInputException("--resamples must be 0 or more.");
        }
        parsed = withWindows(parsed);
        Metric m;
        try {
            m = Metric.parse(metric);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--metric: " + e.getMessage() + ".");
        }
        // the judge's rules are read before the comparison runs, so a bad file fails at once
        CanaryJudge.Config judgeRules = judgeConfig != null ? judgeRules(m)
                : judge ? CanaryJudge.Config.defaults(m) : null;
        ComparisonService.Options defaults = ComparisonService.Options.defaults();
        ComparisonService.Options o = new ComparisonService.Options(defaults.confidence(), resamples, seed,
                defaults.alpha(), defaults.power(), m);
        ComparisonService.Result r;
        List<AttributeDifferences.Result> attributes = new ArrayList<>();
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            r = new ComparisonService(workspace).compare(parsed, where, u, o);
            AttributeDifferences differences = new AttributeDifferences(workspace);
            for (int i = 1; i < parsed.size(); i++) {
                attributes.add(differences.compare(parsed.get(0), parsed.get(i), where, u));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("prodlab: warning: " + w));
        err.flush();
        List<CanaryJudge.Verdict> verdicts = judgeRules == null ? null : CanaryJudge.judge(r, judgeRules);
        if (json) {
            Map<String, Object> doc = json(r, attributes);
            if (verdicts != null) {
                doc.put("judge", JudgeJson.verdicts(verdicts, judgeRules));
            }
            Json.write(out, doc);
        } else {
            print(out, r, attributes);
            if (verdicts != null) {
                JudgeJson.print(out, verdicts);
            }
        }
        return ExitCode.OK;
    }

    private CanaryJudge.Config judgeRules(Metric m) throws BadInputException {
        return JudgeConfigFile.read(judgeConfig, CanaryJudge.Config.defaults(m));
    }

    /** Applies each {@code --window NAME=FROM/TO} to its cohort. */
    private List<Cohort> withWindows(List<Cohort> parsed) throws BadInputException {
        if (windows == null || windows.isEmpty()) {
            return parsed;
        }
        Map<String, TimeWindow> byName = new LinkedHashMap<>();
        for (String w : windows) {
            int eq = w.indexOf('=');
            int slash = w.indexOf('/', eq + 1);
            if (eq <= 0 || slash < 0) {
                throw new BadInputException("--window '" + w + "': expected NAME=FROM/TO, e.g. "
                        + "fault=2026-11-01T12:15:00Z/2026-11-01T12:17:00Z.");
            }
            String name = w.substring(0, eq).strip();
            try {
                java.time.Instant from = java.time.Instant.parse(w.substring(eq + 1, slash).strip());
                java.time.Instant to = java.time.Instant.parse(w.substring(slash + 1).strip());
                byName.put(name, new TimeWindow(nanos(from), nanos(to)));
            } catch (java.time.format.DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
                throw new BadInputException("--window '" + w + "': FROM and TO are ISO-8601 instants "
                        + "(2026-11-01T12:15:00Z) and TO is after FROM.");
            }
        }
        List<Cohort> out = new ArrayList<>();
        for (Cohort c : parsed) {
            out.add(byName.containsKey(c.name()) ? new Cohort(c.name(), c.filter(), byName.remove(c.name())) : c);
        }
        if (!byName.isEmpty()) {
            throw new BadInputException("--window names no --cohort: " + String.join(", ", byName.keySet()) + ".");
        }
        return out;
    }

    private static long nanos(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Map<String, Object> json(ComparisonService.Result r, List<AttributeDifferences.Result> attributes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("unit", r.unit().code());
        doc.put("metric", r.metric());
        doc.put("metric_unit", r.options().metric().valueUnit());
        doc.put("confidence", r.options().confidence());
        doc.put("weighted", r.weighted());
        doc.put("warnings", r.warnings());
        List<Map<String, Object>> cohorts = new ArrayList<>();
        for (ComparisonService.CohortFigures c : r.cohorts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("n", c.n());
            Descriptives d = c.latency().result().orElse(null);
            m.put("mean_ms", d == null ? null : Json.finite(d.mean()));
            m.put("sd_ms", d == null ? null : Json.finite(d.sd()));
            m.put("p50_ms", d == null ? null : Json.finite(d.p50()));
            m.put("p90_ms", d == null ? null : Json.finite(d.p90()));
            m.put("p95_ms", d == null ? null : Json.finite(d.p95()));
            m.put("p99_ms", d == null ? null : Json.finite(d.p99()));
            m.put("errors", c.errors());
            m.put("error_rate", Json.finite(c.errorRate()));
            TimeWindow window = c.throughput().window();
            m.put("window", window == null ? null : fields("start", window.start().toString(), "end",
                    window.end().toString(), "seconds", window.seconds()));
            m.put("sampling", fields("weighted", c.sampling().weighted(), "min_weight", c.sampling().minWeight(),
                    "max_weight", c.sampling().maxWeight(), "adjusted_count", c.sampling().adjusted()));
            m.put("weighted", c.weighted().result().map(w -> fields("adjusted_count", w.weight(), "mean_ms", w.mean(),
                    "sd_ms", w.sd(), "p50_ms", w.p50(), "p90_ms", w.p90(), "p95_ms", w.p95(), "p99_ms", w.p99(),
                    "error_rate", c.weightedErrorRate())).orElse(null));
            ComparisonService.Throughput tp = c.throughput();
            Map<String, Object> throughput = fields("seconds", tp.seconds(), "window_given", tp.windowGiven(),
                    "count", tp.exposure().events(), "adjusted_count", tp.exposure().adjusted(),
                    "weighted", tp.exposure().weighted());
            throughput.putAll(outcome(tp.rate(), t -> fields("rate_per_s", t.rate(), "ci_low", t.ciLow(), "ci_high",
                    t.ciHigh(), "exact_interval", t.exact())));
            m.put("throughput", throughput);
            if (r.options().metric().onAttribute()) {
                m.put("without_value", c.withoutValue());
            }
            cohorts.add(m);
        }
        doc.put("cohorts", cohorts);
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (int pair = 0; pair < r.comparisons().size(); pair++) {
            ComparisonService.PairComparison p = r.comparisons().get(pair);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("baseline", p.baseline());
            m.put("candidate", p.candidate());
            m.put("welch", outcome(p.welch(), w -> fields("t", w.t(), "df", w.df(), "p", w.p(), "diff_ms", w.diff(),
                    "ci_low", w.ciLow(), "ci_high", w.ciHigh())));
            m.put("mann_whitney", outcome(p.mannWhitney(), w -> fields("u", w.u(), "z", w.z(), "p", w.p(),
                    "hodges_lehmann_ms", w.hodgesLehmann(), "ci_low", w.ciLow(), "ci_high", w.ciHigh())));
            Map<String, Object> two = outcome(p.errors().twoProportion(), z -> fields("z", z.z(), "p", z.p(),
                    "diff", z.diff(), "ci_low", z.ciLow(), "ci_high", z.ciHigh()));
            two.put("fisher_p", Json.finite(p.errors().fisher().p()));
            two.put("small_counts", p.errors().smallCounts());
            two.put("deciding_p", Json.finite(p.errors().decidingP()));
            p.errorRateScoreInterval().result().ifPresent(i -> {
                two.put("score_ci_low", Json.finite(i.ciLow()));
                two.put("score_ci_high", Json.finite(i.ciHigh()));
            });
            m.put("two_proportion", two);
            m.put("ks", outcome(p.ks(), k -> fields("d", k.d(), "p", k.p())));
            m.put("spread", outcome(p.spread(), s -> fields("statistic", s.statistic(), "p", s.p())));
            m.put("spread_ratio", outcome(p.spreadRatio(), s -> fields("ratio", s.ratio(), "ci_low", 1 + s.relativeCiLow(),
                    "ci_high", 1 + s.relativeCiHigh(), "baseline_mad", s.baselineMad(), "candidate_mad", s.candidateMad())));
            m.put("quantiles", p.quantiles().isOk() ? quantiles(p.quantiles().value(), "bootstrap")
                    : asymptotic(p.quantileIntervals()));
            m.put("quantiles_asymptotic", asymptotic(p.quantileIntervals()));
            m.put("rate", outcome(p.rate(), t -> fields("diff_per_s", t.diff(), "ci_low", t.ciLow(), "ci_high", t.ciHigh(),
                    "z", t.z(), "p", t.p(), "exact_p", t.exactP(), "ratio", t.ratio(), "ratio_ci_low", t.ratioCiLow(),
                    "ratio_ci_high", t.ratioCiHigh(), "weighted", Double.isNaN(t.exactP()))));
            m.put("sampling_differs", p.samplingDiffers());
            Map<String, Object> adjusted = new LinkedHashMap<>();
            adjusted.put("holm", p.holm());
            adjusted.put("bh", p.benjaminiHochberg());
            m.put("p_adjusted", adjusted);
            Map<String, Object> power = new LinkedHashMap<>();
            power.put("alpha", r.options().alpha());
            power.put("power", r.options().power());
            power.put("mde_mean_ms", p.detectable().meanMs().result().map(Json::finite).orElse(null));
            power.put("mde_error_rate_increase", p.detectable().errorRateIncrease().result().map(Json::finite).orElse(null));
            m.put("power", power);
            AttributeDifferences.Result a = attributes.get(pair);
            m.put("attribute_spans", fields("baseline", a.baselineN(), "candidate", a.candidateN()));
            comparisons.add(m);
        }
        doc.put("comparisons", comparisons);
        List<Map<String, Object>> ranked = new ArrayList<>();
        for (AttributeDifferences.Result a : attributes) {
            int rank = 0;
            for (AttributeDifferences.AttributeDifference d : a.attributes()) {
                ranked.add(attribute(a, d, ++rank));
            }
        }
        doc.put("attributes", ranked);
        return doc;
    }

    /** One ranked attribute difference; {@code rank} counts from 1 within its pair. */
    private static Map<String, Object> attribute(AttributeDifferences.Result a, AttributeDifferences.AttributeDifference d,
                                                 int rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseline", a.baseline());
        m.put("candidate", a.candidate());
        m.put("rank", rank);
        m.put("field", d.field());
        m.put("source", d.source().name().toLowerCase(Locale.ROOT));
        m.put("key", d.key());
        m.put("tautological", d.tautological());
        m.put("tautology", d.tautological() ? d.tautology().code() : null);
        m.put("summary", d.summary());
        m.put("chi_square", outcome(d.test(), t -> fields("statistic", t.chiSquare(), "df", t.df(), "p", t.chiSquareP(),
                "g", t.g(), "g_p", t.gP(), "n", t.n())));
        m.put("p", d.test().result().map(t -> Json.finite(t.chiSquareP())).orElse(null));
        m.put("p_adjusted", Json.finite(d.pAdjusted()));
        m.put("cramers_v", d.test().result().map(t -> Json.finite(t.cramersV())).orElse(null));
        m.put("distinct_values", d.distinctValues());
        m.put("high_cardinality", d.highCardinality());
        List<Map<String, Object>> values = new ArrayList<>();
        for (AttributeDifferences.ValueShare v : d.values()) {
            values.add(fields("value", v.value(), "type", v.type(), "label", v.label(), "baseline_count", v.baseline(),
                    "candidate_count", v.candidate(), "baseline_share", v.baselineShare(), "candidate_share",
                    v.candidateShare(), "share_diff", v.difference()));
        }
        m.put("values", values);
        return m;
    }

    private static List<Map<String, Object>> quantiles(QuantileBootstrap.BootstrapResult b, String method) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QuantileBootstrap.QuantileDifference q : b.quantiles()) {
            out.add(fields("q", q.q(), "diff_ms", q.diff(), "ci_low", q.ciLow(), "ci_high", q.ciHigh(), "method", method));
        }
        return out;
    }

    private static List<Map<String, Object>> asymptotic(List<Outcome<QuantileBootstrap.QuantileDifference>> intervals) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Outcome<QuantileBootstrap.QuantileDifference> o : intervals) {
            o.result().ifPresent(q -> out.add(fields("q", q.q(), "diff_ms", q.diff(), "ci_low", q.ciLow(), "ci_high",
                    q.ciHigh(), "method", "asymptotic")));
        }
        return out;
    }

    /** A result's fields, or {@code {"problem": KIND, "detail": ...}} when there is none. */
    static <T> Map<String, Object> outcome(Outcome<T> o, Function<T, Map<String, Object>> fields) {
        if (o instanceof Outcome.Problem<T> p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", p.kind().name());
            m.put("detail", p.detail());
            return m;
        }
        return fields.apply(o.value());
    }

    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Double d ? Json.finite(d) : v);
        }
        return m;
    }

    private static void print(PrintWriter out, ComparisonService.Result r, List<AttributeDifferences.Result> attributes) {
        Metric metric = r.options().metric();
        String u = metric.onAttribute() ? "" : " ms";
        String values = metric.onAttribute() ? "span attribute " + metric.attribute() : "latency (ms)";
        out.println("unit: " + r.unit().code() + ", metric: " + metric.code() + " (value tests on " + values
                + "; errors and throughput beside), confidence " + r.options().confidence());
        TextTable t = new TextTable(List.of("cohort", "n", "mean" + u, "sd" + u, "p50" + u, "p95" + u, "p99" + u, "errors",
                "error %", "per s", "rate ci low", "rate ci high"));
        for (ComparisonService.CohortFigures c : r.cohorts()) {
            Descriptives d = c.latency().result().orElse(null);
            var rate = c.throughput().rate().result().orElse(null);
            t.add(List.of(c.name(), c.n(), d == null ? Double.NaN : d.mean(), d == null ? Double.NaN : d.sd(),
                    d == null ? Double.NaN : d.p50(), d == null ? Double.NaN : d.p95(), d == null ? Double.NaN : d.p99(),
                    c.errors(), 100 * c.errorRate(), rate == null ? Double.NaN : rate.rate(),
                    rate == null ? Double.NaN : rate.ciLow(), rate == null ? Double.NaN : rate.ciHigh()));
        }
        t.print(out);
        if (r.weighted()) {
            out.println("weighted by adjusted count (1/sampling probability); the tests below compare the kept spans "
                    + "unweighted:");
            TextTable w = new TextTable(List.of("cohort", "sampled", "adjusted n", "mean" + u, "sd" + u, "p50" + u,
                    "p95" + u, "p99" + u, "error %"));
            for (ComparisonService.CohortFigures c : r.cohorts()) {
                var d = c.weighted().result().orElse(null);
                w.add(List.of(c.name(), c.sampling().describe(), c.sampling().adjusted(), d == null ? Double.NaN : d.mean(),
                        d == null ? Double.NaN : d.sd(), d == null ? Double.NaN : d.p50(), d == null ? Double.NaN : d.p95(),
                        d == null ? Double.NaN : d.p99(), 100 * c.weightedErrorRate()));
            }
            w.print(out);
        }
        for (int pair = 0; pair < r.comparisons().size(); pair++) {
            ComparisonService.PairComparison p = r.comparisons().get(pair);
            out.println();
            out.println(p.candidate() + " vs " + p.baseline() + ":");
            TextTable s = new TextTable(List.of("test", "estimate", "ci low", "ci high", "p", "p holm", "p bh"));
            p.welch().result().ifPresent(w -> s.add(List.of("welch: mean diff" + u, w.diff(), w.ciLow(), w.ciHigh(), w.p(),
                    p.holm().getOrDefault("welch", Double.NaN), p.benjaminiHochberg().getOrDefault("welch", Double.NaN))));
            p.mannWhitney().result().ifPresent(w -> s.add(List.of("mann-whitney: shift" + u, w.hodgesLehmann(), w.ciLow(),
                    w.ciHigh(), w.p(), p.holm().getOrDefault("mann_whitney", Double.NaN),
                    p.benjaminiHochberg().getOrDefault("mann_whitney", Double.NaN))));
            p.errors().twoProportion().result().ifPresent(z -> s.add(List.of(p.errors().smallCounts()
                            ? "error rate diff (fisher p)" : "error rate diff", z.diff(), z.ciLow(), z.ciHigh(),
                    p.errors().decidingP(), p.holm().getOrDefault("two_proportion", Double.NaN),
                    p.benjaminiHochberg().getOrDefault("two_proportion", Double.NaN))));
            p.ks().result().ifPresent(k -> s.add(List.of("ks: distance", k.d(), Double.NaN, Double.NaN, k.p(),
                    p.holm().getOrDefault("ks", Double.NaN), p.benjaminiHochberg().getOrDefault("ks", Double.NaN))));
            p.spread().result().ifPresent(b -> s.add(List.of("brown-forsythe: spread ratio", p.spreadRatio().result()
                            .map(ComparisonService.SpreadRatio::ratio).orElse(Double.NaN),
                    p.spreadRatio().result().map(x -> 1 + x.relativeCiLow()).orElse(Double.NaN),
                    p.spreadRatio().result().map(x -> 1 + x.relativeCiHigh()).orElse(Double.NaN), b.p(),
                    p.holm().getOrDefault("spread", Double.NaN),
                    p.benjaminiHochberg().getOrDefault("spread", Double.NaN))));
            p.rate().result().ifPresent(x -> s.add(List.of("throughput diff per s" + (Double.isNaN(x.exactP()) ? "" : " (exact p)"),
                    x.diff(), x.ciLow(), x.ciHigh(), x.decidingP(), p.holm().getOrDefault(ComparisonService.RATE, Double.NaN),
                    p.benjaminiHochberg().getOrDefault(ComparisonService.RATE, Double.NaN))));
            if (p.quantiles().isOk()) {
                p.quantiles().value().quantiles().forEach(q -> s.add(List.of(String.format(Locale.ROOT,
                        "p%.0f diff%s (bootstrap)", 100 * q.q(), u), q.diff(), q.ciLow(), q.ciHigh(), Double.NaN,
                        Double.NaN, Double.NaN)));
            } else {
                p.quantileIntervals().forEach(o -> o.result().ifPresent(q -> s.add(List.of(String.format(Locale.ROOT,
                        "p%.0f diff%s (asymptotic)", 100 * q.q(), u), q.diff(), q.ciLow(), q.ciHigh(), Double.NaN,
                        Double.NaN, Double.NaN))));
            }
            s.print(out);
            p.detectable().meanMs().result().ifPresent(mde -> out.println(String.format(Locale.ROOT,
                    "smallest mean difference these samples detect (alpha %.2f, power %.2f): %.3f ms",
                    r.options().alpha(), r.options().power(), mde)));
            printAttributes(out, attributes.get(pair));
        }
        out.flush();
    }

    /** The ten attributes that differ most, then the tautological ones (at most ten) on their own. */
    private static void printAttributes(PrintWriter out, AttributeDifferences.Result a) {
        List<AttributeDifferences.AttributeDifference> plain = a.attributes().stream()
                .filter(d -> !d.tautological() && d.test().isOk()).toList();
        long untested = a.attributes().stream().filter(d -> !d.tautological() && !d.test().isOk()).count();
        List<AttributeDifferences.AttributeDifference> tautological = a.attributes().stream()
                .filter(AttributeDifferences.AttributeDifference::tautological).toList();
        out.println();
        out.println(String.format(Locale.ROOT, "what differs (%s spans: %d vs %d; chi-square on %d attributes, "
                        + "p bh = Benjamini-Hochberg over them; shares are baseline vs candidate):", a.unit() == Unit.TRACE
                        ? "scoped spans of the cohorts' traces" : "scoped", a.baselineN(), a.candidateN(), plain.size()));
        TextTable t = new TextTable(List.of("#", "attribute", "biggest difference", "cramer's v", "p", "p bh"));
        for (int i = 0; i < Math.min(10, plain.size()); i++) {
            AttributeDifferences.AttributeDifference d = plain.get(i);
            ContingencyTest.ContingencyResult c = d.test().value();
            t.add(List.of(i + 1, d.field(), d.biggestDifference(), c.cramersV(), c.chiSquareP(), d.pAdjusted()));
        }
        t.print(out);
        if (!tautological.isEmpty()) {
            out.println("tautological (differ by how the cohorts are defined):");
            for (int i = 0; i < Math.min(10, tautological.size()); i++) {
                AttributeDifferences.AttributeDifference d = tautological.get(i);
                out.println("  " + d.summary() + "  [" + d.tautology().code().replace('_', ' ') + "]");
            }
            if (tautological.size() > 10) {
                out.println("  ... and " + (tautological.size() - 10) + " more (--json lists all)");
            }
        }
        if (untested > 0) {
            out.println(untested + " more attributes cannot be tested (one value in both cohorts, or an empty cohort); "
                    + "--json lists them.");
        }
    }
}
