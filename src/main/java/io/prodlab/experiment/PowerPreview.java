package io.prodlab.experiment;

import io.prodlab.stats.Quantiles;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Before any result is shown: can the data at hand detect the plan's minimum effect at its alpha
 * and power? Uses only the cohorts' sizes and the spread of the metric (pooled over cohorts, so
 * that no difference between them is computed or shown).
 */
public final class PowerPreview {
    /**
     * @param minimumDetectable the smallest true effect detected with the plan's power, in the metric's unit
     * @param planned the plan's minimum effect in the metric's unit (a relative effect taken against the
     *     pooled value)
     */
    public record Candidate(String name, long baselineN, long candidateN, double minimumDetectable, double planned) {
        public boolean detectable() {
            return minimumDetectable <= planned;
        }
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private PowerPreview() {
    }

    static List<Candidate> of(ExperimentPlan plan, List<Estimator.Sample> samples, List<String> names) {
        List<Candidate> out = new ArrayList<>();
        int k = samples.size() - 1;
        double zs = NORMAL.inverseCumulativeProbability(1 - plan.alpha() / k / 2)
                + NORMAL.inverseCumulativeProbability(plan.power());
        for (int i = 1; i < samples.size(); i++) {
            Estimator.Sample b = samples.get(0);
            Estimator.Sample c = samples.get(i);
            double[] pooled = concat(b.latencyMs(), c.latencyMs());
            double se;
            double level;
            String metric = plan.primary().metric();
            if (b.n() < 2 || c.n() < 2) {
                out.add(new Candidate(names.get(i), b.n(), c.n(), Double.NaN, Double.NaN));
                continue;
            }
            switch (metric) {
                case "error_rate" -> {
                    double p = (b.failures() + c.failures()) / (double) (b.n() + c.n());
                    se = Math.sqrt(p * (1 - p) * (1.0 / b.n() + 1.0 / c.n()));
                    level = p;
                }
                case "throughput" -> {
                    double t = Math.max(b.windowSeconds(), c.windowSeconds());
                    se = Math.sqrt(b.n() + c.n()) / (t > 0 ? t : Double.NaN);
                    level = (b.n() + c.n()) / 2.0 / t;
                }
                default -> {
                    String st = plan.primary().statistic();
                    if (st.equals("mean")) {
                        double m = mean(pooled);
                        double var = 0;
                        for (double x : pooled) {
                            var += (x - m) * (x - m);
                        }
                        var /= pooled.length - 1;
                        se = Math.sqrt(var * (1.0 / b.n() + 1.0 / c.n()));
                        level = m;
                    } else {
                        double q = Integer.parseInt(st.substring(1)) / 100.0;
                        double sd = bootstrapSd(pooled, q, Math.max(b.n(), 2));
                        se = sd * Math.sqrt(1 + (double) b.n() / c.n());
                        level = Quantiles.of(pooled, q);
                    }
                }
            }
            out.add(new Candidate(names.get(i), b.n(), c.n(), zs * se, plan.primary().minimumEffect().absolute(level)));
        }
        return out;
    }

    /** The spread of the q-quantile of n values drawn from {@code v}: 200 seeded resamples. */
    private static double bootstrapSd(double[] v, double q, int n) {
        SplittableRandom rnd = new SplittableRandom(17);
        double[] est = new double[200];
        double[] draw = new double[n];
        for (int r = 0; r < est.length; r++) {
            for (int i = 0; i < n; i++) {
                draw[i] = v[rnd.nextInt(v.length)];
            }
            est[r] = Quantiles.of(draw, q);
        }
        double m = mean(est);
        double s = 0;
        for (double x : est) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (est.length - 1));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
