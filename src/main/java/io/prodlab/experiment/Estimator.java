package io.prodlab.experiment;

import io.prodlab.stats.Outcome;
import io.prodlab.stats.ProportionTest;
import io.prodlab.stats.QuantileBootstrap;
import io.prodlab.stats.Quantiles;
import io.prodlab.stats.RelativeEffect;
import io.prodlab.stats.WelchTest;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Estimates the difference a plan's metric shows between two samples, with its interval: the
 * mean by Welch's t (and its delta-method relative change), a percentile by the seeded
 * percentile bootstrap, an error rate by the two-proportion z interval, throughput as a Poisson
 * rate over the observed window.
 */
final class Estimator {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final int resamples;
    private final long seed;

    Estimator(int resamples, long seed) {
        this.resamples = resamples;
        this.seed = seed;
    }

    /** One cohort's sample: the observed units' latencies and failures, and the window's length. */
    record Sample(double[] latencyMs, boolean[] failed, double windowSeconds) {
        long failures() {
            long f = 0;
            for (boolean b : failed) {
                f += b ? 1 : 0;
            }
            return f;
        }

        int n() {
            return latencyMs.length;
        }
    }

    Estimate estimate(String metric, String statistic, Sample b, Sample c, double confidence) {
        return switch (metric) {
            case "latency" -> statistic.equals("mean") ? mean(b, c, confidence) : quantile(statistic, b, c, confidence);
            case "error_rate" -> errorRate(b, c, confidence);
            case "throughput" -> throughput(b, c, confidence);
            default -> Estimate.none(metric, statistic, b.n(), c.n(), "Prodlab estimates latency, error_rate and "
                    + "throughput in experiments; " + metric + " is not one of them");
        };
    }

    private Estimate mean(Sample b, Sample c, double confidence) {
        Outcome<WelchTest.WelchResult> w = WelchTest.test(b.latencyMs(), c.latencyMs(), confidence);
        if (!w.isOk()) {
            return Estimate.none("latency", "mean", b.n(), c.n(), problem(w));
        }
        WelchTest.WelchResult r = w.value();
        double mb = mean(b.latencyMs());
        double mc = mean(c.latencyMs());
        Outcome<RelativeEffect.RelativeResult> rel = RelativeEffect.ofMeans(b.latencyMs(), c.latencyMs(), confidence);
        return new Estimate("latency", "mean", b.n(), c.n(), mb, mc, r.diff(), r.ciLow(), r.ciHigh(), confidence,
                r.standardError(), r.p(), rel.result().map(RelativeEffect.RelativeResult::lift).orElse(Double.NaN),
                rel.result().map(RelativeEffect.RelativeResult::ciLow).orElse(Double.NaN),
                rel.result().map(RelativeEffect.RelativeResult::ciHigh).orElse(Double.NaN), "welch", null);
    }

    private Estimate quantile(String statistic, Sample b, Sample c, double confidence) {
        double q = Integer.parseInt(statistic.substring(1)) / 100.0;
        if (b.n() < 2 || c.n() < 2) {
            return Estimate.none("latency", statistic, b.n(), c.n(), "a percentile's interval needs at least 2 "
                    + "observations per cohort");
        }
        Outcome<QuantileBootstrap.BootstrapResult> boot = QuantileBootstrap.differenceOfQuantiles(b.latencyMs(),
                c.latencyMs(), new double[] {q}, resamples, confidence, seed);
        if (!boot.isOk()) {
            return Estimate.none("latency", statistic, b.n(), c.n(), problem(boot));
        }
        QuantileBootstrap.QuantileDifference d = boot.value().quantiles().get(0);
        double qb = Quantiles.of(b.latencyMs(), q);
        double qc = Quantiles.of(c.latencyMs(), q);
        double se = (d.ciHigh() - d.ciLow()) / (2 * z(confidence));
        // The relative interval treats the baseline's percentile as fixed: an approximation the report names.
        return new Estimate("latency", statistic, b.n(), c.n(), qb, qc, d.diff(), d.ciLow(), d.ciHigh(), confidence,
                se, Double.NaN, qb == 0 ? Double.NaN : d.diff() / qb, qb == 0 ? Double.NaN : d.ciLow() / qb,
                qb == 0 ? Double.NaN : d.ciHigh() / qb, "bootstrap", null);
    }

    private Estimate errorRate(Sample b, Sample c, double confidence) {
        long eb = b.failures();
        long ec = c.failures();
        Outcome<ProportionTest.TwoProportionResult> t = ProportionTest.twoProportion(eb, b.n(), ec, c.n(), confidence);
        if (!t.isOk()) {
            return Estimate.none("error_rate", "rate", b.n(), c.n(), problem(t));
        }
        ProportionTest.TwoProportionResult r = t.value();
        double pb = (double) eb / b.n();
        double pc = (double) ec / c.n();
        double se = (r.ciHigh() - r.ciLow()) / (2 * z(confidence));
        double rel = pb == 0 ? Double.NaN : r.diff() / pb;
        return new Estimate("error_rate", "rate", b.n(), c.n(), pb, pc, r.diff(), r.ciLow(), r.ciHigh(), confidence,
                se, r.p(), rel, pb == 0 ? Double.NaN : r.ciLow() / pb, pb == 0 ? Double.NaN : r.ciHigh() / pb,
                "two_proportion", null);
    }

    /** Counts over a window are Poisson: the rates' difference has variance c_b/T_b² + c_c/T_c². */
    private Estimate throughput(Sample b, Sample c, double confidence) {
        if (!(b.windowSeconds() > 0) || !(c.windowSeconds() > 0)) {
            return Estimate.none("throughput", "rate", b.n(), c.n(), "the cohorts' window has no length");
        }
        double rb = b.n() / b.windowSeconds();
        double rc = c.n() / c.windowSeconds();
        double se = Math.sqrt(b.n() / (b.windowSeconds() * b.windowSeconds())
                + c.n() / (c.windowSeconds() * c.windowSeconds()));
        if (!(se > 0)) {
            return Estimate.none("throughput", "rate", b.n(), c.n(), "no requests in either cohort");
        }
        double diff = rc - rb;
        double h = z(confidence) * se;
        double p = 2 * NORMAL.cumulativeProbability(-Math.abs(diff / se));
        double rel = rb == 0 ? Double.NaN : diff / rb;
        return new Estimate("throughput", "rate", b.n(), c.n(), rb, rc, diff, diff - h, diff + h, confidence, se, p,
                rel, rb == 0 ? Double.NaN : (diff - h) / rb, rb == 0 ? Double.NaN : (diff + h) / rb, "poisson", null);
    }

    static double z(double confidence) {
        return NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String problem(Outcome<?> o) {
        return o instanceof Outcome.Problem<?> p ? p.detail() : "no estimate";
    }
}
