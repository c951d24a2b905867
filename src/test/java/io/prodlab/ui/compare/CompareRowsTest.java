package io.prodlab.ui.compare;

import io.prodlab.compare.Cohort;
import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.Unit;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.Messages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Degenerate cases and power as the results table states them, on small real comparisons. */
class CompareRowsTest {
    @TempDir
    static Path dir;
    private static ComparisonService.Result oneSpan;
    private static ComparisonService.Result close;
    private static ComparisonService.Result apart;

    private final Messages messages = Messages.load();
    private final CompareRows rows = new CompareRows(messages);

    @BeforeAll
    static void comparisons() throws Exception {
        Path file = aWorkspace()
                .service("base", 10, 1, 10, 100)
                .service("lonely", 1, 0, 20, 20)
                .service("near", 10, 0, 12, 102)
                .service("far", 10, 0, 400, 490)
                .writeTo(dir.resolve("w.prodlab"));
        try (Workspace ws = Workspace.openReadOnly(file)) {
            ComparisonService s = new ComparisonService(ws);
            ComparisonService.Options o = ComparisonService.Options.defaults();
            oneSpan = s.compare(cohorts("lonely"), "kind = server", Unit.SPAN, o);
            close = s.compare(cohorts("near"), "kind = server", Unit.SPAN, o);
            apart = s.compare(cohorts("far"), "kind = server", Unit.SPAN, o);
        }
    }

    private static List<Cohort> cohorts(String candidate) {
        return List.of(new Cohort("base", "service.name = \"base\""),
                new Cohort(candidate, "service.name = \"" + candidate + "\""));
    }

    private CompareRows.ResultRow row(ComparisonService.Result r, String test) {
        return rows.results(r).stream().filter(x -> x.test().equals(test)).findFirst().orElseThrow();
    }

    @Test
    void aFigureThatCouldNotBeComputedSaysWhy() {
        CompareRows.ResultRow welch = row(oneSpan, "welch");
        assertTrue(welch.problem());
        assertNull(welch.estimate());
        assertNull(welch.estimateText());
        assertEquals("", welch.interval());
        String detail = ((io.prodlab.stats.Outcome.Problem<?>) oneSpan.comparisons().get(0).welch()).detail();
        assertEquals(messages.format("compare.problem", messages.get("compare.problem.TOO_FEW_OBSERVATIONS"), detail),
                welch.note());
        assertTrue(welch.flagged());
        CompareRows.ResultRow errors = row(oneSpan, "two_proportion");
        assertEquals(messages.get("compare.test.two_proportion.fisher"), errors.measure(), "few errors: Fisher decides");
        assertEquals(oneSpan.comparisons().get(0).errors().decidingP(), errors.p(), 0.0);
        assertTrue(errors.flagged());
    }

    @Test
    void aNonSignificantDifferenceSmallerThanTheDetectableOneIsLowPower() {
        CompareRows.ResultRow welch = row(close, "welch");
        var w = close.comparisons().get(0).welch().value();
        double mde = close.comparisons().get(0).detectable().meanMs().value();
        assertTrue(w.p() > 0.05 && mde > Math.abs(w.diff()), "the premise: p " + w.p() + ", mde " + mde);
        assertTrue(welch.lowPower());
        assertTrue(welch.flagged());
        assertEquals(messages.format("compare.power.mean", io.prodlab.ui.common.Formats.decimal(mde, 2)), welch.note());
        assertEquals(close.comparisons().get(0).holm().get("welch"), welch.pHolm());
        assertEquals(io.prodlab.ui.common.Formats.decimal(w.diff(), 1) + " ms", welch.estimateText());

        CompareRows.ResultRow detected = row(apart, "welch");
        assertTrue(detected.p() < 0.05);
        assertFalse(detected.lowPower(), "a significant difference was detected");
        assertEquals("", detected.note());
        assertFalse(detected.flagged());
    }

    @Test
    void everyTestAndQuantileHasARowAndTheCohortsTheirFigures() {
        List<String> tests = rows.results(apart).stream().map(CompareRows.ResultRow::test).toList();
        assertEquals(List.of("welch", "mann_whitney", "two_proportion", "ks", "spread", "p50", "p95", "p99"), tests);
        CompareRows.ResultRow ks = row(apart, "ks");
        assertTrue(ks.estimateText().startsWith("D "), ks.estimateText());
        assertNull(ks.ciLow(), "KS has no interval");
        CompareRows.ResultRow spread = row(apart, "spread");
        var ratio = apart.comparisons().get(0).spreadRatio().value();
        assertEquals(ratio.ratio(), spread.estimate(), 0.0);
        assertEquals(1 + ratio.relativeCiLow(), spread.ciLow(), 0.0);
        assertEquals(apart.comparisons().get(0).spread().value().p(), spread.p(), 0.0);
        assertTrue(spread.estimateText().endsWith("\u00d7"), spread.estimateText());
        List<CompareRows.CohortRow> c = rows.cohorts(apart);
        assertTrue(c.get(0).baseline());
        assertEquals(10, c.get(0).n());
        assertEquals(0.1, c.get(0).errorRate(), 1e-12);
    }
}
