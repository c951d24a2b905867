package io.prodlab.stats;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics: Hyndman and Fan's type 7,
 * numpy's default ({@code np.quantile(a, q)}, method "linear"), R's default.
 *
 * <p>With the sorted sample x<sub>0</sub> ≤ … ≤ x<sub>n-1</sub>, h = (n−1)q, j = ⌊h⌋, g = h − j:
 * Q(q) = x<sub>j</sub> + g(x<sub>j+1</sub> − x<sub>j</sub>), evaluated as numpy does (from the
 * upper neighbour when g ≥ 0.5) so the two agree to the last bit.
 *
 * <p>Reference: Hyndman, R. J. and Fan, Y. (1996), "Sample quantiles in statistical packages",
 * The American Statistician 50(4), 361–365.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /** Type-7 quantile of an already sorted, non-empty sample. */
    public static double ofSorted(double[] sorted, double q) {
        return ofSorted(sorted, sorted.length, q);
    }

    /** Type-7 quantile of the first {@code n} values of a sorted array. */
    static double ofSorted(double[] sorted, int n, double q) {
        checkQ(q);
        if (n == 0) {
            throw new IllegalArgumentException("quantile of an empty sample");
        }
        double h = (n - 1) * q;
        int j = (int) Math.floor(h);
        if (j >= n - 1) {
            return sorted[n - 1];
        }
        return interpolate(sorted[j], sorted[j + 1], h - j);
    }

    /** Type-7 quantile of an unsorted sample (copied, not modified). */
    public static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    /** numpy's {@code _lerp}: a + (b−a)g, or b − (b−a)(1−g) when g ≥ 0.5. */
    static double interpolate(double a, double b, double g) {
        double diff = b - a;
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }

    static void checkQ(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile level must lie in [0, 1]: " + q);
        }
    }
}
