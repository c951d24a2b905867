package io.prodlab.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for a family of tests (every metric × cohort pair of one comparison), shown next
 * to the raw p-values. Both return the adjusted values in the input's order.
 */
public final class MultipleComparisons {
    private MultipleComparisons() {
    }

    /**
     * Holm's step-down adjustment (controls the family-wise error rate): with p<sub>(1)</sub> ≤ … ≤
     * p<sub>(m)</sub>, p̃<sub>(i)</sub> = max<sub>j≤i</sub> min(1, (m−j+1)·p<sub>(j)</sub>).
     * Reference: Holm, S. (1979), "A simple sequentially rejective multiple test procedure",
     * Scand. J. Statist. 6(2), 65–70.
     */
    public static double[] holm(double[] p) {
        check(p);
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * Benjamini–Hochberg adjustment (controls the false discovery rate under independence or positive
     * dependence), as scipy {@code false_discovery_control(p, method="bh")}:
     * p̃<sub>(i)</sub> = min<sub>j≥i</sub> min(1, p<sub>(j)</sub>·m/j).
     * Reference: Benjamini, Y. and Hochberg, Y. (1995), JRSS B 57(1), 289–300.
     */
    public static double[] benjaminiHochberg(double[] p) {
        check(p);
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = Double.POSITIVE_INFINITY;
        for (int rank = m - 1; rank >= 0; rank--) {
            int i = order[rank];
            running = Math.min(running, p[i] * ((double) m / (rank + 1)));
            adjusted[i] = Math.min(1.0, running);
        }
        return adjusted;
    }

    private static Integer[] ascending(double[] p) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }

    private static void check(double[] p) {
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a p-value must lie in [0, 1]: " + v);
            }
        }
    }
}
