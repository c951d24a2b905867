package io.prodlab.ui.compare;

import io.prodlab.compare.AttributeDifferences;
import io.prodlab.compare.ComparisonService;
import io.prodlab.stats.ContingencyTest;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.Power;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a comparison's results into the rows of the Compare screen's tables: one row per cohort, one
 * per test or quantile of each candidate against the baseline (every figure with its interval, raw
 * and adjusted p, a low-power note, the problem that kept a figure from existing), and one per
 * attribute difference. Toolkit-free; the figures are those of {@link ComparisonService} unchanged,
 * except that error-rate differences are in percentage points.
 */
public final class CompareRows {
    /** One cohort's figures; latencies in ms, {@code errorRate} a fraction; nulls where there is no figure. */
    public record CohortRow(String name, boolean baseline, long n, Double meanMs, Double sdMs, Double p50Ms,
                            Double p95Ms, Double p99Ms, long errors, Double errorRate, String note) {
    }

    /**
     * One figure of a candidate against the baseline.
     *
     * @param test     the test's key in {@link ComparisonService#TESTS} ("welch"), or "p50" for a
     *                 bootstrap quantile; stable, for tests and copies
     * @param measure  what the figure is, short ("Mean (Welch t)"); {@code description} says it in full
     * @param unit     "ms", "pp" (percentage points) or the statistic's symbol
     * @param estimate null when a problem kept it from existing ({@code note} says which)
     * @param lowPower the difference is not significant and smaller than these samples could detect
     */
    public record ResultRow(String candidate, String test, String measure, String description, String unit, Double estimate,
                            Double ciLow, Double ciHigh, Double p, Double pHolm, Double pBh, boolean lowPower,
                            boolean problem, String note) {
        /** "65.1 ms", "1.92 pp", "1.26×", "D 0.910"; null when there is no estimate. */
        public String estimateText() {
            if (estimate == null) {
                return null;
            }
            String v = Formats.decimal(estimate, "ms".equals(unit) ? 1 : "pp".equals(unit) || "\u00d7".equals(unit) ? 2 : 3);
            return "ms".equals(unit) || "pp".equals(unit) ? v + " " + unit : "\u00d7".equals(unit) ? v + unit
                    : unit + " " + v;
        }

        /** Whether the note needs a look (low power, a problem, few errors), not just information. */
        public boolean flagged() {
            return lowPower || problem || "two_proportion".equals(test) && !note.isEmpty();
        }

        /** "[12.3, 45.6]" (ms to 0.1, pp to 0.01), or "" when there is no interval. */
        public String interval() {
            if (ciLow == null || ciHigh == null) {
                return "";
            }
            int digits = "ms".equals(unit) ? 1 : "pp".equals(unit) || "\u00d7".equals(unit) ? 2 : 3;
            return "[" + Formats.decimal(ciLow, digits) + ", " + Formats.decimal(ciHigh, digits) + "]";
        }
    }

    /** One attribute of a candidate against the baseline. */
    public record AttributeRow(String candidate, int rank, String field, String biggestDifference, Double cramersV,
                               Double p, Double pBh, long distinctValues, String flag) {
    }

    private final Messages m;

    public CompareRows(Messages messages) {
        this.m = messages;
    }

    public List<CohortRow> cohorts(ComparisonService.Result r) {
        List<CohortRow> out = new ArrayList<>();
        for (int i = 0; i < r.cohorts().size(); i++) {
            ComparisonService.CohortFigures c = r.cohorts().get(i);
            Descriptives d = c.latency().result().orElse(null);
            out.add(new CohortRow(c.name(), i == 0, c.n(), d == null ? null : finite(d.mean()),
                    d == null ? null : finite(d.sd()), d == null ? null : d.p50(), d == null ? null : d.p95(),
                    d == null ? null : d.p99(), c.errors(), finite(c.errorRate()), problem(c.latency())));
        }
        return out;
    }

    public List<ResultRow> results(ComparisonService.Result r) {
        List<ResultRow> out = new ArrayList<>();
        double alpha = r.options().alpha();
        for (ComparisonService.PairComparison p : r.comparisons()) {
            String cand = p.candidate();
            Map<String, Double> holm = p.holm();
            Map<String, Double> bh = p.benjaminiHochberg();
            Double mdeMean = p.detectable().meanMs().result().orElse(null);
            out.add(row(cand, "welch", p.welch(), w -> new double[] {w.diff(), w.ciLow(), w.ciHigh(), w.p()},
                    holm, bh, mdeMean, alpha, m.format("compare.power.mean", num(mdeMean, 2))));
            out.add(row(cand, "mann_whitney", p.mannWhitney(),
                    w -> new double[] {w.hodgesLehmann(), w.ciLow(), w.ciHigh(), w.p()}, holm, bh, null, alpha, ""));
            Double mdeErr = p.detectable().errorRateIncrease().result().map(v -> 100 * v).orElse(null);
            String fisher = p.errors().smallCounts()
                    ? m.format("compare.note.fisher", Formats.small(p.errors().fisher().p(), 4)) : "";
            ResultRow err = row(cand, "two_proportion", p.errors().twoProportion(),
                    z -> new double[] {100 * z.diff(), 100 * z.ciLow(), 100 * z.ciHigh(), p.errors().decidingP()},
                    holm, bh, mdeErr, alpha, m.format("compare.power.errors", num(mdeErr, 2)));
            if (!fisher.isEmpty()) {
                err = new ResultRow(err.candidate(), err.test(), m.get("compare.test.two_proportion.fisher"),
                        err.description(), err.unit(),
                        err.estimate(), err.ciLow(), err.ciHigh(), err.p(), err.pHolm(), err.pBh(), err.lowPower(),
                        err.problem(), join(fisher, err.note()));
            }
            out.add(err);
            out.add(row(cand, "ks", p.ks(), k -> new double[] {k.d(), Double.NaN, Double.NaN, k.p()}, holm, bh, null,
                    alpha, ""));
            // the spread as the ratio of mean absolute deviations with its interval, p from Brown–Forsythe
            var ratio = p.spreadRatio().result();
            out.add(row(cand, "spread", p.spread(), s -> ratio.map(x -> new double[] {x.ratio(), 1 + x.relativeCiLow(),
                    1 + x.relativeCiHigh(), s.p()}).orElse(new double[] {Double.NaN, Double.NaN, Double.NaN, s.p()}),
                    holm, bh, null, alpha, ""));
            if (p.quantiles().isOk()) {
                for (var q : p.quantiles().value().quantiles()) {
                    String key = "p" + Math.round(100 * q.q());
                    out.add(new ResultRow(cand, key, m.format("compare.test.quantile", key),
                            m.get("compare.test.quantile.help"), "ms", q.diff(), q.ciLow(),
                            q.ciHigh(), null, null, null, false, false,
                            m.format("compare.note.bootstrap", p.quantiles().value().resamples())));
                }
            } else {
                out.add(new ResultRow(cand, "quantiles", m.get("compare.test.quantiles"),
                        m.get("compare.test.quantile.help"), "ms", null, null, null, null,
                        null, null, false, true, problem(p.quantiles())));
            }
        }
        return out;
    }

    private <T> ResultRow row(String candidate, String test, Outcome<T> o, java.util.function.Function<T, double[]> f,
                              Map<String, Double> holm, Map<String, Double> bh, Double mde, double alpha,
                              String powerNote) {
        String measure = m.get("compare.test." + test);
        String unit = m.get("compare.unit.test." + test);
        String description = m.get("compare.test." + test + ".help");
        if (!o.isOk()) {
            return new ResultRow(candidate, test, measure, description, unit, null, null, null, null, null, null, false, true,
                    problem(o));
        }
        double[] v = f.apply(o.value());
        Double p = finite(v[3]);
        boolean lowPower = mde != null && p != null && p >= alpha && Power.isLowPower(mde, v[0]);
        return new ResultRow(candidate, test, measure, description, unit, finite(v[0]), finite(v[1]), finite(v[2]), p,
                holm.get(test), bh.get(test), lowPower, false, lowPower ? powerNote : "");
    }

    /** The non-tautological attributes that could be tested, ranked, per candidate. */
    public List<AttributeRow> attributes(List<AttributeDifferences.Result> results) {
        List<AttributeRow> out = new ArrayList<>();
        for (AttributeDifferences.Result a : results) {
            int rank = 0;
            for (AttributeDifferences.AttributeDifference d : a.attributes()) {
                if (!d.tautological() && d.test().isOk()) {
                    out.add(attribute(a, d, ++rank, ""));
                }
            }
        }
        return out;
    }

    /** The attributes that differ by how the cohorts are defined, apart, with the reason. */
    public List<AttributeRow> tautological(List<AttributeDifferences.Result> results) {
        List<AttributeRow> out = new ArrayList<>();
        for (AttributeDifferences.Result a : results) {
            int rank = 0;
            for (AttributeDifferences.AttributeDifference d : a.attributes()) {
                if (d.tautological()) {
                    out.add(attribute(a, d, ++rank, m.get("compare.tautology." + d.tautology().code())));
                }
            }
        }
        return out;
    }

    private static AttributeRow attribute(AttributeDifferences.Result a, AttributeDifferences.AttributeDifference d,
                                          int rank, String flag) {
        ContingencyTest.ContingencyResult t = d.test().result().orElse(null);
        return new AttributeRow(a.candidate(), rank, d.field(), d.biggestDifference(),
                t == null ? null : finite(t.cramersV()), t == null ? null : finite(t.chiSquareP()),
                finite(d.pAdjusted()), d.distinctValues(), flag);
    }

    private String problem(Outcome<?> o) {
        if (o instanceof Outcome.Problem<?> p) {
            return m.format("compare.problem", m.get("compare.problem." + p.kind().name()), p.detail());
        }
        return "";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }

    private static String num(Double v, int digits) {
        return v == null ? Formats.NO_VALUE : Formats.decimal(v, digits);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
