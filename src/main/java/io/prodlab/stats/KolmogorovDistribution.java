package io.prodlab.stats;

/**
 * The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D<sub>n</sub>,
 * P(D<sub>n</sub> ≥ d): a Java port of scipy's {@code scipy.stats.kstwo.sf(d, n)}, i.e.
 * {@code scipy/stats/_ksstats.py::_kolmogn(n, x, cdf=False)} (scipy 1.17), which follows the
 * algorithm selection of Simard and L'Ecuyer (2011), with the one-sided Smirnov probability of
 * {@code scipy/special/cephes/kolmogorov.c::_smirnov3} (van Mulbregt 2018).
 *
 * <p>Branches, as in scipy: Ruben–Gambino closed forms for nd ≤ 1 and nd ≥ n−1; 2·smirnov(n, d)
 * for d ≥ ½; for n ≤ 140 the Durbin matrix (Marsaglia–Tsang–Wang) when nd² ≤ 0.754693,
 * Pomeranz's recursion when nd² ≤ 4, else 2·smirnov; for n &gt; 140 zero when nd² ≥ 370,
 * 2·smirnov when nd² ≥ 2.2, else 1 − CDF with the CDF from Durbin (n ≤ 100000 and
 * n·d<sup>1.5</sup> ≤ 1.4), Pelz–Good, or 1 when nd² ≥ 18.
 *
 * <p>Deviation from scipy: the Smirnov sum uses doubles in log space where scipy uses
 * double-double arithmetic; agreement is to about 1e-12 relative, well inside the tests' 1e-9.
 * For n &gt; 1,000,000 scipy's smirnov switches to an approximation e^{−(6nd+1)²/(18n)}; so does this.
 *
 * <p>References: Simard, R. and L'Ecuyer, P. (2011), "Computing the Two-Sided Kolmogorov–Smirnov
 * Distribution", J. Stat. Softw. 39(11); Marsaglia, G., Tsang, W. W. and Wang, J. (2003),
 * J. Stat. Softw. 8(18); Pomeranz, J. (1974), CACM 17(12), 703–704; Pelz, W. and Good, I. J.
 * (1976), JRSS B 38(2), 152–156; Birnbaum, Z. W. and Tingey, F. H. (1951), Ann. Math. Statist. 22.
 */
final class KolmogorovDistribution {
    private static final double EP128 = Math.scalb(1.0, 128);
    private static final double EM128 = Math.scalb(1.0, -128);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
    private static final double MIN_LOG = -708;
    private static final double CEPHES_MINLOG = -7.451332191019412076235E2;
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** P(D<sub>n</sub> ≥ x), scipy {@code kstwo.sf(x, n)}. */
    static double sf(int n, double x) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double prob;
            if (n <= 140) {
                prob = 1.0;
                for (int i = 1; i <= n; i++) {
                    prob *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                prob = Math.exp(logNFactorialOverNPowN(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - prob);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnovSf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1.0 - durbin(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1.0 - pomeranz(n, x));
            }
            return clip(2 * smirnovSf(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSf(n, x));
        }
        double cdf;
        if (nxSquared >= 18.0) {
            cdf = 1.0;
        } else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbin(n, x);
        } else {
            cdf = pelzGood(n, x);
        }
        return clip(1.0 - clip(cdf));
    }

    private static double clip(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }

    /** log(n!/n^n) by Stirling's series with n·log n removed up front (scipy's helper). */
    private static double logNFactorialOverNPowN(int n) {
        double rn = 1.0 / n;
        double poly = 0;
        double r = rn / n;
        for (double c : STIRLING) {
            poly = poly * r + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /** P(D<sub>n</sub> ≤ d) by Durbin's matrix, Marsaglia–Tsang–Wang's scaled powers. */
    static double durbin(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[][] hm = new double[m][m];
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            v[j - 1] = 1.0 - Math.pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - (i - 1)];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }
        double[][] power = identity(m);
        int nn = n;
        int expnt = 0;
        int hExpnt = 0;
        while (nn > 0) {
            if (nn % 2 == 1) {
                power = multiply(power, hm);
                expnt += hExpnt;
            }
            hm = multiply(hm, hm);
            hExpnt *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > EP128) {
                scale(hm, EM128);
                hExpnt += 128;
            }
            nn /= 2;
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < EM128) {
                p *= EP128;
                expnt -= 128;
            }
        }
        if (expnt != 0) {
            p = Math.scalb(p, expnt);
        }
        return clip(p);
    }

    private static double[][] identity(int m) {
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            a[i][i] = 1.0;
        }
        return a;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            for (int l = 0; l < m; l++) {
                double ail = a[i][l];
                if (ail == 0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < m; j++) {
                    ci[j] += ail * bl[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double f) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
    }

    private static int[] pomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int ip1div2 = (i + 1) / 2;
            int ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0) {
                if (ip1div2 == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /** P(D<sub>n</sub> ≤ x) by Pomeranz's recursion. */
    static double pomeranz(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        int expnt = 0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int[] jj = pomeranzJ1J2(0, n, ll, ceilf, roundf);
        int j1 = jj[0];
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j1;
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swaps = v0s;
            v0s = v1s;
            v1s = swaps;
            java.util.Arrays.fill(v1, 0.0);
            jj = pomeranzJ1J2(i, n, ll, ceilf, roundf);
            j1 = jj[0];
            int j2 = jj[1];
            double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                // full convolution of V0[k1-V0s : k1-V0s+ln2] with pwrs[:ln2], entries conv_start..
                int base = k1 - v0s;
                int aLen = Math.max(0, Math.min(ln2, npwrs - base));
                int bLen = Math.min(ln2, npwrs);
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                double max = 0;
                for (int c = 0; c < convLen; c++) {
                    int idx = convStart + c;
                    double s = 0;
                    int lo = Math.max(0, idx - (bLen - 1));
                    int hi = Math.min(idx, aLen - 1);
                    for (int a = lo; a <= hi; a++) {
                        s += v0[base + a] * pwrs[idx - a];
                    }
                    v1[c] = s;
                    max = Math.max(max, s);
                }
                if (max > 0 && max < EM128) {
                    for (int c = 0; c < v1.length; c++) {
                        v1[c] *= EP128;
                    }
                    expnt -= 128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > EP128) {
                ans *= EM128;
                expnt += 128;
            }
            ans *= m;
        }
        if (expnt != 0) {
            ans = Math.scalb(ans, expnt);
        }
        return clip(ans);
    }

    /** Pelz–Good approximation to P(D<sub>n</sub> ≤ x). */
    static double pelzGood(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < MIN_LOG) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);
        double[] k = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int kk = maxk; kk > 0; kk--) {
            double m = 2 * kk - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8 * kk);
            double[] coeffs = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                k3a + k3b * m2 + k3c * m4 + k3d * m6};
            for (int i = 0; i < 4; i++) {
                k[i] = k[i] * qpower + coeffs[i];
            }
        }
        double[] div = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            k[i] = k[i] * q * SQRT2PI / div[i];
        }
        double q2 = Math.exp(-PI2 / 2 / z2);
        double k2extra = 0;
        double k3extra = 0;
        double sqrt3z = Math.sqrt(3) * z;
        for (int kk = maxk; kk > 0; kk--) {
            double ks2 = (double) kk * kk;
            double qp = Math.pow(q2, ks2);
            double kspi = Math.PI * kk;
            k2extra += ks2 * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
        }
        k[2] += k2extra * PI2 * SQRT2PI / (-36 * z3);
        k[3] += k3extra * PI2 * SQRT2PI / (216 * z6);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += k[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }

    /**
     * The one-sided Smirnov survival function P(D<sub>n</sub><sup>+</sup> ≥ x) (scipy
     * {@code special.smirnov(n, x)}): the Birnbaum–Tingey sum
     * x·Σ<sub>v=0</sub><sup>⌊n(1−x)⌋</sup> C(n,v)(x+v/n)<sup>v−1</sup>(1−x−v/n)<sup>n−v</sup>.
     */
    static double smirnovSf(int n, double x) {
        if (n == 1) {
            return 1 - x;
        }
        if (x == 0.0) {
            return 1.0;
        }
        if (x == 1.0) {
            return 0.0;
        }
        // floor(n x) and its remainder alpha, exactly: n x = hi + lo
        double hi = n * x;
        double lo = Math.fma(n, x, -hi);
        long fl = (long) Math.floor(hi);
        double alpha = (hi - fl) + lo;
        if (alpha < 0) {
            fl -= 1;
            alpha += 1;
        }
        if (alpha >= 1) {
            fl += 1;
            alpha = 0;
        }
        int nxfl = (int) fl;
        if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
            return clip(1 - x * Math.pow(1 + x, n - 1));
        }
        if (-2 * n * x * x < CEPHES_MINLOG) {
            return 0.0;
        }
        if (nxfl >= n - 1) {
            return clip(Math.pow(1 - x, n));
        }
        if (n > 1_000_000) {
            return Math.exp(-Math.pow(6 * n * x + 1.0, 2) / 18.0 / n);
        }
        // terms v = 0 .. n - ceil(n x); for alpha == 0 the last one is zero
        int last = n - nxfl - (alpha == 0 ? 1 : 0);
        double logN = Math.log(n);
        double logC = 0;
        double sum = 0;
        for (int v = 0; v <= last; v++) {
            double upper = (n - nxfl - v) - alpha;   // n(1 − x − v/n)
            double lower = (nxfl + v) + alpha;       // n(x + v/n)
            if (upper > 0) {
                double logTerm = logC + (v - 1) * (Math.log(lower) - logN) + (n - v) * (Math.log(upper) - logN);
                sum += Math.exp(logTerm);
            }
            logC += Math.log((double) (n - v) / (v + 1));
        }
        return clip(x * sum);
    }
}
