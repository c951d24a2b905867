package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.prodlab.stats.Reference.assertAgrees;
import static io.prodlab.stats.Reference.assertProblem;
import static io.prodlab.stats.Reference.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Pearson's chi-square and the G-test on contingency tables, and Cramér's V, against scipy. */
class ContingencyScipyTest {

    static Stream<JsonNode> tables() {
        return Reference.array("contingency");
    }

    private static long[][] table(JsonNode t) {
        long[][] out = new long[t.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new long[t.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get(i).get(j).asLong();
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void chiSquareGTestAndCramersVMatchScipyWithoutYates(JsonNode c) {
        ContingencyTest.ContingencyResult r = ok(ContingencyTest.test(table(c.get("table"))), c.toString());
        assertAgrees(c, "chi_square", r.chiSquare(), "pearson");
        assertAgrees(c, "chi_square_p", r.chiSquareP(), "pearson");
        assertAgrees(c, "g", r.g(), "g-test");
        assertAgrees(c, "g_p", r.gP(), "g-test");
        assertAgrees(c, "cramers_v", r.cramersV(), "cramer");
        assertEquals(c.get("df").asInt(), r.df());
    }

    @Test
    void proportionalRowsAreIndependent() {
        ContingencyTest.ContingencyResult r = ok(ContingencyTest.test(new long[][] {{10, 20, 30}, {20, 40, 60}}), "x2");
        assertEquals(0.0, r.chiSquare(), 1e-12);
        assertEquals(0.0, r.g(), 1e-12);
        assertEquals(1.0, r.chiSquareP(), 1e-12);
        assertEquals(0.0, r.cramersV(), 1e-7);
        assertEquals(180, r.n());
    }

    @Test
    void rowsInDisjointColumnsHaveCramersVOfOne() {
        ContingencyTest.ContingencyResult r = ok(ContingencyTest.test(new long[][] {{7, 0, 0}, {0, 3, 9}}), "apart");
        assertEquals(1.0, r.cramersV(), 1e-12);
    }

    @Test
    void degenerateTablesAreTypedProblems() {
        assertProblem(ContingencyTest.test(new long[0][]), StatProblem.TOO_FEW_OBSERVATIONS, "no rows");
        assertProblem(ContingencyTest.test(new long[][] {{0, 0}, {0, 0}}), StatProblem.TOO_FEW_OBSERVATIONS, "zeros");
        assertProblem(ContingencyTest.test(new long[][] {{5}, {7}}), StatProblem.SINGLE_CATEGORY, "one column");
        assertProblem(ContingencyTest.test(new long[][] {{5, 2, 1}}), StatProblem.SINGLE_CATEGORY, "one row");
        assertProblem(ContingencyTest.test(new long[][] {{0, 0}, {3, 4}}), StatProblem.EMPTY_CATEGORY, "empty row");
        assertProblem(ContingencyTest.test(new long[][] {{3, 0}, {4, 0}}), StatProblem.EMPTY_CATEGORY, "empty column");
        assertProblem(ContingencyTest.test(new long[][] {{1, 0}, {0, 0}}), StatProblem.EMPTY_CATEGORY, "n=1");
        assertProblem(ContingencyTest.test(new long[][] {{6}, {0}}), StatProblem.EMPTY_CATEGORY, "an empty row first");
    }

    @Test
    void raggedOrNegativeTablesAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> ContingencyTest.test(new long[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> ContingencyTest.test(new long[][] {{1, -2}, {3, 4}}));
    }
}
