package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mann–Whitney (with Hodges–Lehmann), Kolmogorov–Smirnov and Brown–Forsythe against scipy. */
class RankAndDistributionScipyTest {

    static Stream<Reference.Case> cases() {
        return Reference.cases();
    }

    static Stream<JsonNode> kstwoGrid() {
        return Reference.array("kstwo");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mannWhitneyMatchesScipyAsymptoticWithTieAndContinuityCorrection(Reference.Case c) {
        Outcome<MannWhitneyTest.MannWhitneyResult> outcome = MannWhitneyTest.test(c.baseline(), c.candidate(), 0.95);
        JsonNode e = c.get("mann_whitney");
        if (e.isNull()) {
            StatProblem expected = c.baseline().length == 0 || c.candidate().length == 0
                    ? StatProblem.TOO_FEW_OBSERVATIONS : StatProblem.ZERO_VARIANCE;
            assertProblem(outcome, expected, c.name());
            return;
        }
        MannWhitneyTest.MannWhitneyResult r = ok(outcome, c.name());
        assertAgrees(e, "u", r.u(), c.name());
        assertAgrees(e, "z", r.z(), c.name());
        assertAgrees(e, "p", r.p(), c.name());
        assertAgrees(e, "hodges_lehmann", r.hodgesLehmann(), c.name());
        assertAgrees(e, "ci_low", r.ciLow(), c.name());
        assertAgrees(e, "ci_high", r.ciHigh(), c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ksMatchesScipyKs2sampAsymp(Reference.Case c) {
        Outcome<KolmogorovSmirnovTest.KsResult> outcome = KolmogorovSmirnovTest.test(c.baseline(), c.candidate());
        JsonNode e = c.get("ks");
        if (e.isNull()) {
            // no observations, or one each (scipy's p is nan there)
            assertProblem(outcome, StatProblem.TOO_FEW_OBSERVATIONS, c.name());
            return;
        }
        KolmogorovSmirnovTest.KsResult r = ok(outcome, c.name());
        assertAgrees(e, "d", r.d(), c.name());
        assertAgrees(e, "p", r.p(), c.name());
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("kstwoGrid")
    void kolmogorovSurvivalMatchesScipyKstwoOnEveryBranch(JsonNode point) {
        int n = point.get("n").asInt();
        double d = point.get("d").asDouble();
        assertAgrees(point.get("sf"), KolmogorovDistribution.sf(n, d), "kstwo.sf(" + d + ", " + n + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brownForsytheMatchesScipyLeveneWithMedian(Reference.Case c) {
        Outcome<BrownForsytheTest.SpreadResult> outcome = BrownForsytheTest.test(c.baseline(), c.candidate());
        JsonNode e = c.get("brown_forsythe");
        if (e.isNull()) {
            StatProblem expected = c.baseline().length == 0 || c.candidate().length == 0
                    || c.baseline().length + c.candidate().length <= 2
                    ? StatProblem.TOO_FEW_OBSERVATIONS : StatProblem.ZERO_VARIANCE;
            assertProblem(outcome, expected, c.name());
            return;
        }
        BrownForsytheTest.SpreadResult r = ok(outcome, c.name());
        assertAgrees(e, "statistic", r.statistic(), c.name());
        assertAgrees(e, "p", r.p(), c.name());
    }

    @Test
    void hodgesLehmannSelectionEqualsSortingAllDifferences() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = random.doubles(1 + random.nextInt(40), -5, 50).map(Math::rint).sorted().toArray();
            double[] y = random.doubles(1 + random.nextInt(40), -5, 60).map(v -> Math.rint(v * 4) / 4).sorted().toArray();
            double[] all = sortedDifferences(x, y);
            for (int rank = 1; rank <= all.length; rank += 1 + all.length / 17) {
                assertEquals(all[rank - 1], MannWhitneyTest.kthDifference(x, y, rank), "rank " + rank);
            }
            assertEquals(all[all.length - 1], MannWhitneyTest.kthDifference(x, y, all.length));
        }
    }

    @Test
    void hodgesLehmannSearchIsExactWhenItNarrowsTheBracketManyTimes() {
        SplittableRandom random = new SplittableRandom(11);
        // continuous, heavily tied, and a lump of equal values: each with a small enumeration limit,
        // so that the interpolation and halving steps run before the final sort
        double[][][] samples = {
                {random.doubles(1500).map(v -> Math.exp(3 + 2 * v)).sorted().toArray(),
                        random.doubles(1300).map(v -> Math.exp(3.2 + 2 * v)).sorted().toArray()},
                {random.doubles(1400, 0, 30).map(Math::rint).sorted().toArray(),
                        random.doubles(1200, 0, 30).map(Math::rint).sorted().toArray()},
                {random.doubles(1000).map(v -> v < 0.7 ? 5.0 : 5 + v).sorted().toArray(),
                        random.doubles(900).map(v -> v < 0.6 ? 5.0 : 5 - v).sorted().toArray()}};
        for (double[][] xy : samples) {
            double[] x = xy[0];
            double[] y = xy[1];
            double[] all = sortedDifferences(x, y);
            for (long rank : new long[] {1, 2, 17, all.length / 3, all.length / 2, all.length / 2 + 1, all.length - 5,
                    all.length}) {
                assertEquals(all[(int) rank - 1], MannWhitneyTest.kthDifference(x, y, rank, 1000), "rank " + rank);
                assertEquals(all[(int) rank - 1], MannWhitneyTest.kthDifference(x, y, rank), "rank " + rank);
                if (rank < all.length) {
                    double[] pair = MannWhitneyTest.kthDifferences(x, y, rank, rank + 1, 1000);
                    assertEquals(all[(int) rank - 1], pair[0], "pair at " + rank);
                    assertEquals(all[(int) rank], pair[1], "pair at " + rank);
                }
            }
        }
    }

    /** Every y − x, sorted: what the selection must agree with. */
    private static double[] sortedDifferences(double[] x, double[] y) {
        double[] all = new double[x.length * y.length];
        int k = 0;
        for (double yj : y) {
            for (double xi : x) {
                all[k++] = yj - xi;
            }
        }
        Arrays.sort(all);
        return all;
    }

    @Test
    void mannWhitneyUIsTheBaselinesStatistic() {
        // every baseline value exceeds every candidate value: U = n_b * n_c, shift negative
        MannWhitneyTest.MannWhitneyResult r = MannWhitneyTest.test(
                new double[] {10, 11, 12}, new double[] {1, 2}, 0.95).value();
        assertEquals(6.0, r.u());
        assertTrue(r.z() > 0 && r.hodgesLehmann() < 0);
    }

    @Test
    void brownForsytheComparesMoreThanTwoGroups() {
        BrownForsytheTest.SpreadResult r = BrownForsytheTest.test(new double[][] {
            {1, 2, 3, 4}, {2, 4, 6, 8, 10}, {5, 5.5, 6}}).value();
        // scipy.stats.levene([1,2,3,4],[2,4,6,8,10],[5,5.5,6], center='median')
        assertAgrees(3.293126684636118, r.statistic(), "W");
        assertAgrees(0.08447992103619711, r.p(), "p");
        assertEquals(2.0, r.dfBetween());
        assertEquals(9.0, r.dfWithin());
    }
}
