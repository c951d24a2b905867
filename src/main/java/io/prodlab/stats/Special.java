package io.prodlab.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Distribution functions the tests need, accurate in the far tails (p-values of 1e-200 keep their
 * relative precision): survival functions are computed directly from the regularized incomplete
 * beta and gamma functions, never as {@code 1 - cdf}. Quantiles start from Commons Math and take
 * Newton steps, because Commons Math's inverse solvers stop at an absolute 1e-9.
 */
final class Special {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Special() {
    }

    /** P(Z &gt; z) for a standard normal Z. */
    static double normalSf(double z) {
        return 0.5 * Erf.erfc(z / SQRT2);
    }

    /** P(Z &le; z) for a standard normal Z. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    static double normalPdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** The standard normal quantile (scipy {@code norm.ppf}), for 0 &lt; p &lt; 1. */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must lie in (0, 1): " + p);
        }
        double x = SQRT2 * Erf.erfInv(2 * p - 1);
        for (int i = 0; i < 3; i++) {
            double residual = p < 0.5 ? normalCdf(x) - p : (1 - p) - normalSf(x);
            double step = residual / normalPdf(x);
            x -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(x)) {
                break;
            }
        }
        return x;
    }

    /** P(|T| &ge; |t|) for Student's t with {@code df} degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    static double studentTwoSided(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        double x = df / (df + t * t);
        return Math.min(1.0, Beta.regularizedBeta(x, df / 2, 0.5, 1e-15, Integer.MAX_VALUE));
    }

    /** P(T &gt; t) for Student's t. */
    static double studentSf(double t, double df) {
        double half = 0.5 * studentTwoSided(t, df);
        return t >= 0 ? half : 1 - half;
    }

    static double studentPdf(double t, double df) {
        double logPdf = -0.5 * (df + 1) * Math.log1p(t * t / df)
                - 0.5 * Math.log(df) - Beta.logBeta(0.5, df / 2);
        return Math.exp(logPdf);
    }

    /** Student's t quantile (scipy {@code t.ppf}), for 0.5 &lt; p &lt; 1. */
    static double studentQuantile(double p, double df) {
        if (!(p > 0.5 && p < 1)) {
            throw new IllegalArgumentException("probability must lie in (0.5, 1): " + p);
        }
        double x = new TDistribution(null, df, 1e-12).inverseCumulativeProbability(p);
        for (int i = 0; i < 4; i++) {
            double residual = (1 - p) - studentSf(x, df);
            double step = residual / studentPdf(x, df);
            x -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(x)) {
                break;
            }
        }
        return x;
    }

    /** P(F &gt; f) for Fisher's F(d1, d2): I_{d2/(d2+d1 f)}(d2/2, d1/2). */
    static double fSf(double f, double d1, double d2) {
        if (f <= 0) {
            return 1.0;
        }
        double x = d2 / (d2 + d1 * f);
        return Beta.regularizedBeta(x, d2 / 2, d1 / 2, 1e-15, Integer.MAX_VALUE);
    }

    /** P(X &gt; x) for chi-square with {@code df} degrees of freedom: Q(df/2, x/2). */
    static double chiSquareSf(double x, double df) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(df / 2, x / 2, 1e-15, Integer.MAX_VALUE);
    }
}
