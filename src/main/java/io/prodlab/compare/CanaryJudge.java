package io.prodlab.compare;

import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.QuantileDifferenceInterval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A canary judge in the spirit of Kayenta's, but open about its numbers: each judged metric of each
 * candidate against the baseline is classified, every classification names the figures and the
 * rule that decided it, and the verdict is a weighted score over them.
 *
 * <p>Per metric the comparison gives an estimate (candidate minus baseline), its confidence
 * interval and a p-value; the p-values of one candidate's judged metrics are Holm-adjusted together.
 * The tolerance is absolute (in the metric's unit) or relative (a fraction of the baseline's value).
 * With "significant" meaning the adjusted p is below alpha:
 * <ol>
 *   <li>{@code no_data}: the statistic could not be computed (too few observations, no variance);</li>
 *   <li>{@code high}: significant, the interval lies above 0 and the estimate exceeds the tolerance;</li>
 *   <li>{@code low}: significant, the interval lies below 0 and the estimate is below −tolerance;</li>
 *   <li>{@code low_power}: not significant, but the interval reaches beyond the tolerance on the bad
 *       side — the data cannot rule out a change that matters, so this is no pass;</li>
 *   <li>{@code pass}: otherwise (no change, or one within the tolerance).</li>
 * </ol>
 * The direction says which classifications are bad: {@code increase_bad} (latency, errors, spread)
 * fails on high, {@code decrease_bad} on low, {@code either} on both; low power is always bad.
 * Score = 100 · Σ weight of the metrics with data that are not bad / Σ weight of the metrics with
 * data ({@code no_data} is left out, as in Kayenta). The verdict fails when a critical metric is bad,
 * else passes at a score ≥ {@link Config#passScore()}, is marginal at ≥ {@link Config#marginalScore()}
 * and fails below.
 *
 * <p>Spread is judged (Brown–Forsythe: the mean absolute deviation from the median, candidate over
 * baseline) so that a canary whose variance doubled does not pass on an unchanged mean and median.
 *
 * <p>The error rate's interval is Newcombe's score interval (it keeps its width when a small canary
 * has no errors), its p the two-proportion test's (Fisher's for small counts).
 *
 * <p>Quantile metrics take the bootstrap's interval when the comparison has one, else the asymptotic
 * one; their p-value is read from the interval by the normal approximation (SE = width / 2z).
 */
public final class CanaryJudge {
    public enum Direction {
        INCREASE_BAD, DECREASE_BAD, EITHER;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Classification {
        PASS, HIGH, LOW, NO_DATA, LOW_POWER;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Decision {
        PASS, MARGINAL, FAIL, NO_DATA;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a metric rule judges. */
    public enum Check {
        MEAN("mean"), MEDIAN_SHIFT("median_shift"), P95("p95"), P99("p99"), ERROR_RATE("error_rate"),
        SPREAD("spread"), THROUGHPUT("throughput");

        private final String code;

        Check(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Check parse(String s) {
            for (Check c : values()) {
                if (c.code.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no check '" + s + "': expected mean, median_shift, p95, p99, "
                    + "error_rate, spread or throughput");
        }
    }

    /**
     * One judged metric.
     *
     * @param tolerance the change that still passes: a fraction of the baseline's value when
     *                  {@code relative}, else in the metric's unit (ms for latency, a fraction for the
     *                  error rate, per second for throughput)
     * @param critical  a bad classification fails the verdict whatever the score
     */
    public record Rule(Check check, Direction direction, double tolerance, boolean relative, double weight,
                       boolean critical) {
        public Rule {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(direction, "direction");
            if (!(tolerance >= 0) || !(weight >= 0)) {
                throw new IllegalArgumentException("tolerance and weight are 0 or more");
            }
            if (check == Check.SPREAD && !relative) {
                throw new IllegalArgumentException("the spread's tolerance is relative (a ratio of spreads)");
            }
        }
    }

    /**
     * @param alpha         significance level of the Holm-adjusted p-values
     * @param passScore     the lowest score that passes (Kayenta's default 95)
     * @param marginalScore the lowest score that is marginal rather than failed (75)
     */
    public record Config(List<Rule> rules, double alpha, double passScore, double marginalScore) {
        public Config {
            rules = List.copyOf(rules);
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("a judge needs at least one metric rule");
            }
            if (!(alpha > 0 && alpha < 1) || !(marginalScore <= passScore)) {
                throw new IllegalArgumentException("alpha in (0, 1) and marginal score ≤ pass score");
            }
        }

        /**
         * Latency (mean, median shift, p95, p99: increase bad, 10% of the baseline), error rate
         * (increase bad, 1 percentage point, weight 2), spread (increase bad, 25%); with the
         * throughput metric also throughput (either way, 10%). An attribute metric's value checks
         * count either way.
         */
        public static Config defaults(Metric metric) {
            Direction values = metric.onAttribute() ? Direction.EITHER : Direction.INCREASE_BAD;
            List<Rule> rules = new ArrayList<>(List.of(
                    new Rule(Check.MEAN, values, 0.10, true, 1, false),
                    new Rule(Check.MEDIAN_SHIFT, values, 0.10, true, 1, false),
                    new Rule(Check.P95, values, 0.10, true, 1, false),
                    new Rule(Check.P99, values, 0.10, true, 1, false),
                    new Rule(Check.ERROR_RATE, Direction.INCREASE_BAD, 0.01, false, 2, false),
                    new Rule(Check.SPREAD, values, 0.25, true, 1, false)));
            if (metric.kind() == Metric.Kind.THROUGHPUT) {
                rules.add(new Rule(Check.THROUGHPUT, Direction.EITHER, 0.10, true, 1, false));
            }
            return new Config(rules, 0.05, 95, 75);
        }
    }

    /**
     * One metric's classification with the figures behind it.
     *
     * @param name       {@code latency_p99}, {@code error_rate}, {@code latency_spread}, ...
     * @param unit       of baseline, candidate, estimate and interval: ms, fraction, per_s, ratio or
     *                   the attribute's (empty)
     * @param estimate   candidate minus baseline (for spread: the difference of the mean absolute
     *                   deviations)
     * @param toleranceAbsolute the tolerance in the metric's unit
     * @param bad        the classification counts against the canary
     * @param rule       the sentence that says why
     */
    public record MetricVerdict(String name, Rule rulePolicy, Classification classification, boolean bad,
                                String unit, double baseline, double candidate, double estimate, double ciLow,
                                double ciHigh, double relativeEstimate, double toleranceAbsolute, double p,
                                double pAdjusted, String rule) {
    }

    /** One candidate's verdict. */
    public record Verdict(String baseline, String candidate, double score, Decision decision, String reason,
                          List<MetricVerdict> metrics) {
    }

    private CanaryJudge() {
    }

    /** A verdict for each candidate of the comparison, in its order. */
    public static List<Verdict> judge(ComparisonService.Result r, Config config) {
        List<Verdict> out = new ArrayList<>();
        ComparisonService.CohortFigures base = r.cohorts().get(0);
        for (int i = 0; i < r.comparisons().size(); i++) {
            out.add(judge(r, base, r.cohorts().get(i + 1), r.comparisons().get(i), config));
        }
        return out;
    }

    /** A figure read off the comparison: estimate, interval, p, and the baseline's and candidate's values. */
    private record Figure(double baseline, double candidate, double estimate, double ciLow, double ciHigh, double p,
                          String unit, String problem) {
        static Figure none(String problem) {
            return new Figure(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", problem);
        }
    }

    private static Verdict judge(ComparisonService.Result r, ComparisonService.CohortFigures base,
                                 ComparisonService.CohortFigures cand, ComparisonService.PairComparison pair,
                                 Config config) {
        String valueUnit = r.options().metric().valueUnit();
        String prefix = r.options().metric().onAttribute() ? r.options().metric().attribute() + "_" : "latency_";
        List<Figure> figures = new ArrayList<>();
        for (Rule rule : config.rules()) {
            figures.add(figure(rule.check(), base, cand, pair, r.options().confidence(), valueUnit));
        }
        // Holm over this candidate's judged p-values
        List<Integer> withP = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            if (figures.get(i).problem() == null && Double.isFinite(figures.get(i).p())) {
                withP.add(i);
            }
        }
        double[] adjusted = new double[figures.size()];
        java.util.Arrays.fill(adjusted, Double.NaN);
        if (!withP.isEmpty()) {
            double[] h = MultipleComparisons.holm(withP.stream().mapToDouble(i -> figures.get(i).p()).toArray());
            for (int j = 0; j < withP.size(); j++) {
                adjusted[withP.get(j)] = h[j];
            }
        }
        List<MetricVerdict> metrics = new ArrayList<>();
        double total = 0;
        double good = 0;
        MetricVerdict criticalBad = null;
        for (int i = 0; i < figures.size(); i++) {
            Rule rule = config.rules().get(i);
            Figure f = figures.get(i);
            String name = switch (rule.check()) {
                case ERROR_RATE, THROUGHPUT -> rule.check().code();
                default -> prefix + rule.check().code();
            };
            MetricVerdict v = classify(name, rule, f, adjusted[i], config.alpha());
            metrics.add(v);
            if (v.classification() != Classification.NO_DATA) {
                total += rule.weight();
                good += v.bad() ? 0 : rule.weight();
                if (v.bad() && rule.critical() && criticalBad == null) {
                    criticalBad = v;
                }
            }
        }
        double score = total > 0 ? 100 * good / total : Double.NaN;
        Decision d;
        String reason;
        if (total == 0) {
            d = Decision.NO_DATA;
            reason = "no judged metric has data";
        } else if (criticalBad != null) {
            d = Decision.FAIL;
            reason = "critical metric " + criticalBad.name() + " is " + criticalBad.classification().code();
        } else if (score >= config.passScore()) {
            d = Decision.PASS;
            reason = String.format(Locale.ROOT, "score %.1f ≥ pass score %.0f", score, config.passScore());
        } else if (score >= config.marginalScore()) {
            d = Decision.MARGINAL;
            reason = String.format(Locale.ROOT, "score %.1f: ≥ marginal score %.0f, < pass score %.0f", score,
                    config.marginalScore(), config.passScore());
        } else {
            d = Decision.FAIL;
            reason = String.format(Locale.ROOT, "score %.1f < marginal score %.0f", score, config.marginalScore());
        }
        return new Verdict(pair.baseline(), pair.candidate(), score, d, reason, List.copyOf(metrics));
    }

    private static Figure figure(Check check, ComparisonService.CohortFigures base, ComparisonService.CohortFigures cand,
                                 ComparisonService.PairComparison pair, double confidence, String valueUnit) {
        switch (check) {
            case MEAN -> {
                if (!pair.welch().isOk() || !base.latency().isOk() || !cand.latency().isOk()) {
                    return Figure.none(problem(pair.welch()));
                }
                var w = pair.welch().value();
                return new Figure(base.latency().value().mean(), cand.latency().value().mean(), w.diff(), w.ciLow(),
                        w.ciHigh(), w.p(), valueUnit, null);
            }
            case MEDIAN_SHIFT -> {
                if (!pair.mannWhitney().isOk() || !base.latency().isOk() || !cand.latency().isOk()) {
                    return Figure.none(problem(pair.mannWhitney()));
                }
                var m = pair.mannWhitney().value();
                if (Double.isNaN(m.ciLow())) {
                    return Figure.none("too few observations for the shift's interval");
                }
                return new Figure(base.latency().value().p50(), cand.latency().value().p50(), m.hodgesLehmann(),
                        m.ciLow(), m.ciHigh(), m.p(), valueUnit, null);
            }
            case P95, P99 -> {
                double level = check == Check.P95 ? 0.95 : 0.99;
                QuantileBootstrap.QuantileDifference q = quantile(pair, level);
                if (q == null || !base.latency().isOk() || !cand.latency().isOk() || !Double.isFinite(q.ciLow())) {
                    return Figure.none("no interval for the difference of p" + Math.round(100 * level));
                }
                double p = QuantileDifferenceInterval.pValue(q, confidence);
                double b = level == 0.95 ? base.latency().value().p95() : base.latency().value().p99();
                double c = level == 0.95 ? cand.latency().value().p95() : cand.latency().value().p99();
                return new Figure(b, c, q.diff(), q.ciLow(), q.ciHigh(), p, valueUnit, null);
            }
            case ERROR_RATE -> {
                // Newcombe's score interval: the Wald interval collapses when a small canary has no errors
                if (!pair.errorRateScoreInterval().isOk() || !Double.isFinite(pair.errors().decidingP())) {
                    return Figure.none(problem(pair.errorRateScoreInterval().isOk() ? pair.errors().twoProportion()
                            : pair.errorRateScoreInterval()));
                }
                var i = pair.errorRateScoreInterval().value();
                return new Figure(base.errorRate(), cand.errorRate(), i.diff(), i.ciLow(), i.ciHigh(),
                        pair.errors().decidingP(), "fraction", null);
            }
            case SPREAD -> {
                if (!pair.spreadRatio().isOk() || !pair.spread().isOk()) {
                    return Figure.none(problem(pair.spreadRatio().isOk() ? pair.spread() : pair.spreadRatio()));
                }
                var s = pair.spreadRatio().value();
                return new Figure(s.baselineMad(), s.candidateMad(), s.candidateMad() - s.baselineMad(),
                        s.relativeCiLow() * s.baselineMad(), s.relativeCiHigh() * s.baselineMad(),
                        pair.spread().value().p(), valueUnit, null);
            }
            case THROUGHPUT -> {
                if (!pair.rate().isOk() || !base.throughput().rate().isOk() || !cand.throughput().rate().isOk()) {
                    return Figure.none(problem(pair.rate()));
                }
                var rate = pair.rate().value();
                return new Figure(base.throughput().rate().value().rate(), cand.throughput().rate().value().rate(),
                        rate.diff(), rate.ciLow(), rate.ciHigh(), rate.decidingP(), "per_s", null);
            }
            default -> throw new IllegalStateException("check " + check);
        }
    }

    private static QuantileBootstrap.QuantileDifference quantile(ComparisonService.PairComparison pair, double level) {
        if (pair.quantiles().isOk()) {
            for (QuantileBootstrap.QuantileDifference q : pair.quantiles().value().quantiles()) {
                if (q.q() == level) {
                    return q;
                }
            }
        }
        for (Outcome<QuantileBootstrap.QuantileDifference> o : pair.quantileIntervals()) {
            if (o.isOk() && o.value().q() == level) {
                return o.value();
            }
        }
        return null;
    }

    private static String problem(Outcome<?> o) {
        return o instanceof Outcome.Problem<?> p ? p.kind().name().toLowerCase(Locale.ROOT) + ": " + p.detail()
                : "no figure";
    }

    static MetricVerdict classify(String name, Rule rule, Figure f, double pAdjusted, double alpha) {
        if (f.problem() != null) {
            return new MetricVerdict(name, rule, Classification.NO_DATA, false, f.unit(), f.baseline(), f.candidate(),
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "no data: " + f.problem());
        }
        double tol = rule.relative() ? rule.tolerance() * Math.abs(f.baseline()) : rule.tolerance();
        double relative = f.baseline() != 0 ? f.estimate() / Math.abs(f.baseline()) : Double.NaN;
        boolean significant = pAdjusted < alpha;
        String tolText = rule.relative()
                ? String.format(Locale.ROOT, "%s of the baseline's %s = %s", pct(rule.tolerance()), num(f.baseline(), f.unit()),
                num(tol, f.unit()))
                : num(tol, f.unit());
        String interval = "[" + num(f.ciLow(), f.unit()) + ", " + num(f.ciHigh(), f.unit()) + "]";
        String pText = String.format(Locale.ROOT, "Holm-adjusted p %s %s alpha %s", g(pAdjusted), significant ? "<" : "≥",
                g(alpha));
        Classification c;
        String why;
        if (significant && f.ciLow() > 0 && f.estimate() > tol) {
            c = Classification.HIGH;
            why = pText + ", interval " + interval + " above 0, estimate +" + num(f.estimate(), f.unit())
                    + " beyond the tolerance " + tolText;
        } else if (significant && f.ciHigh() < 0 && f.estimate() < -tol) {
            c = Classification.LOW;
            why = pText + ", interval " + interval + " below 0, estimate " + num(f.estimate(), f.unit())
                    + " beyond the tolerance −" + tolText;
        } else {
            boolean upOpen = rule.direction() != Direction.DECREASE_BAD && f.ciHigh() > tol;
            boolean downOpen = rule.direction() != Direction.INCREASE_BAD && f.ciLow() < -tol;
            if (!significant && (upOpen || downOpen)) {
                c = Classification.LOW_POWER;
                why = pText + ", but the interval " + interval + " reaches beyond the tolerance " + (upOpen ? "+" : "−")
                        + tolText + ": a change that matters cannot be ruled out";
            } else {
                c = Classification.PASS;
                String side = switch (rule.direction()) {
                    case INCREASE_BAD -> "+" + tolText;
                    case DECREASE_BAD -> "−" + tolText;
                    case EITHER -> "±" + tolText;
                };
                why = significant
                        ? pText + ", but the estimate " + num(f.estimate(), f.unit()) + " is within the tolerance ±" + tolText
                        : pText + " and the interval " + interval + " does not reach beyond the tolerance " + side;
            }
        }
        boolean bad = c == Classification.LOW_POWER
                || c == Classification.HIGH && rule.direction() != Direction.DECREASE_BAD
                || c == Classification.LOW && rule.direction() != Direction.INCREASE_BAD;
        String rulePrefix = c.code() + " (" + rule.direction().code() + (bad ? ", bad" : c == Classification.PASS ? ""
                : ", not bad") + "): ";
        return new MetricVerdict(name, rule, c, bad, f.unit(), f.baseline(), f.candidate(), f.estimate(), f.ciLow(),
                f.ciHigh(), relative, tol, f.p(), pAdjusted, rulePrefix + why);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.4g%%", 100 * fraction);
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String num(double v, String unit) {
        String n = String.format(Locale.ROOT, "%.4g", v);
        return switch (unit) {
            case "ms" -> n + " ms";
            case "per_s" -> n + "/s";
            case "fraction" -> String.format(Locale.ROOT, "%.4g pp", 100 * v);
            default -> n;
        };
    }
}
