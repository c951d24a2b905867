package io.prodlab.compare;

import io.prodlab.model.SpanRecord;
import io.prodlab.store.ImportWriter;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canary judge on planted canaries: slower, noisier, faster, too small, empty. */
class CanaryJudgeTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    private static final Cohort BASELINE = new Cohort("baseline", "service.version = \"1\"");
    private static final Cohort CANARY = new Cohort("canary", "service.version = \"2\"");

    /** {@code n} spans of a version, latency 100 + 10·N(0,1) ms transformed by {@code f}, errors at {@code errorRate}. */
    private static List<SpanRecord> version(String v, int n, long seed, DoubleUnaryOperator f, double errorRate) {
        SplittableRandom r = new SplittableRandom(seed);
        List<SpanRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ms = f.applyAsDouble(100 + 10 * r.nextGaussian());
            var b = aSpan().traceId(String.format(Locale.ROOT, "%016x%016x", seed, i)).service("svc").version(v)
                    .startMs(i * 10L).durationMs(Math.max(0.001, ms));
            if (r.nextDouble() < errorRate) {
                b.error("boom");
            }
            out.add(b.build());
        }
        return out;
    }

    private ComparisonService.Result compare(List<SpanRecord> baseline, List<SpanRecord> canary) throws Exception {
        try (ImportWriter w = temp.workspace().beginImport("/test/judge", "sha", "otlp-json", 1)) {
            for (SpanRecord s : baseline) {
                w.addSpan(s);
            }
            for (SpanRecord s : canary) {
                w.addSpan(s);
            }
            w.commit("test spans");
        }
        return new ComparisonService(temp.workspace()).compare(List.of(BASELINE, CANARY), null, Unit.SPAN,
                ComparisonService.Options.defaults().withResamples(0));
    }

    private static CanaryJudge.Verdict judge(ComparisonService.Result r) {
        return CanaryJudge.judge(r, CanaryJudge.Config.defaults(Metric.LATENCY)).get(0);
    }

    private static CanaryJudge.MetricVerdict metric(CanaryJudge.Verdict v, String name) {
        return v.metrics().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + v));
    }

    @Test
    void aCanaryLikeItsBaselinePassesWithEveryMetricListed() throws Exception {
        CanaryJudge.Verdict v = judge(compare(version("1", 3000, 1, x -> x, 0.01), version("2", 3000, 2, x -> x, 0.01)));
        assertEquals(List.of("latency_mean", "latency_median_shift", "latency_p95", "latency_p99", "error_rate",
                "latency_spread"), v.metrics().stream().map(CanaryJudge.MetricVerdict::name).toList());
        for (CanaryJudge.MetricVerdict m : v.metrics()) {
            assertEquals(CanaryJudge.Classification.PASS, m.classification(), m.rule());
            assertTrue(Double.isFinite(m.estimate()) && Double.isFinite(m.ciLow()) && Double.isFinite(m.pAdjusted()),
                    m.toString());
            assertTrue(m.rule().startsWith("pass (increase_bad): Holm-adjusted p "), m.rule());
        }
        assertEquals(100.0, v.score());
        assertEquals(CanaryJudge.Decision.PASS, v.decision());
    }

    @Test
    void aCanaryWhoseVarianceDoubledDoesNotPassAlthoughItsMeanAndMedianDidNotMove() throws Exception {
        ComparisonService.Result r = compare(version("1", 3000, 3, x -> x, 0.01),
                version("2", 3000, 4, x -> 100 + Math.sqrt(2) * (x - 100), 0.01));
        CanaryJudge.Verdict v = judge(r);
        assertEquals(CanaryJudge.Classification.PASS, metric(v, "latency_median_shift").classification(),
                "a Mann–Whitney judge alone would pass it: " + metric(v, "latency_median_shift").rule());
        assertEquals(CanaryJudge.Classification.PASS, metric(v, "latency_mean").classification());
        CanaryJudge.MetricVerdict spread = metric(v, "latency_spread");
        assertEquals(CanaryJudge.Classification.HIGH, spread.classification(), spread.rule());
        assertTrue(spread.bad());
        assertEquals(Math.sqrt(2) - 1, spread.relativeEstimate(), 0.08, "sd ×√2 is variance ×2");
        assertTrue(spread.rule().contains("beyond the tolerance 25.00% of the baseline's"), spread.rule());
        assertNotEquals(CanaryJudge.Decision.PASS, v.decision(), v.reason());
    }

    @Test
    void aSlowerCanaryFailsOnLatencyWithTheFiguresThatSaySo() throws Exception {
        CanaryJudge.Verdict v = judge(compare(version("1", 2000, 5, x -> x, 0.01), version("2", 2000, 6, x -> x + 30,
                0.01)));
        CanaryJudge.MetricVerdict mean = metric(v, "latency_mean");
        assertEquals(CanaryJudge.Classification.HIGH, mean.classification());
        assertEquals(30, mean.estimate(), 1.5);
        assertEquals(mean.baseline() * 0.10, mean.toleranceAbsolute(), 1e-9);
        assertTrue(mean.rule().contains(String.format(Locale.ROOT, "%.4g ms", mean.estimate())), mean.rule());
        assertEquals(CanaryJudge.Decision.FAIL, v.decision());
        assertTrue(v.score() < 75, "4 of 7 weights are latency: " + v.score());
    }

    @Test
    void aFasterCanaryIsLowButNotBadWhenIncreasesAreBadAndBadWhenDecreasesAre() throws Exception {
        ComparisonService.Result r = compare(version("1", 2000, 7, x -> x, 0.01), version("2", 2000, 8, x -> x - 30,
                0.01));
        CanaryJudge.MetricVerdict mean = metric(judge(r), "latency_mean");
        assertEquals(CanaryJudge.Classification.LOW, mean.classification());
        assertFalse(mean.bad());
        CanaryJudge.Config decreaseBad = new CanaryJudge.Config(List.of(new CanaryJudge.Rule(CanaryJudge.Check.MEAN,
                CanaryJudge.Direction.DECREASE_BAD, 0.1, true, 1, true)), 0.05, 95, 75);
        CanaryJudge.Verdict v = CanaryJudge.judge(r, decreaseBad).get(0);
        assertTrue(v.metrics().get(0).bad());
        assertEquals(CanaryJudge.Decision.FAIL, v.decision());
        assertEquals("critical metric latency_mean is low", v.reason());
    }

    @Test
    void aTinyCanaryIsLowPowerNotAPass() throws Exception {
        CanaryJudge.Verdict v = judge(compare(version("1", 2000, 9, x -> x, 0.01), version("2", 8, 10, x -> x, 0.01)));
        CanaryJudge.MetricVerdict errors = metric(v, "error_rate");
        assertEquals(CanaryJudge.Classification.LOW_POWER, errors.classification(), errors.rule());
        assertTrue(errors.bad());
        assertTrue(errors.rule().contains("a change that matters cannot be ruled out"), errors.rule());
        assertNotEquals(CanaryJudge.Decision.PASS, v.decision());
    }

    @Test
    void aCanaryWithOneSpanHasNoDataForTheTestsThatNeedTwoAndTheyLeaveTheScore() throws Exception {
        CanaryJudge.Verdict v = judge(compare(version("1", 500, 11, x -> x, 0.0), version("2", 1, 12, x -> x, 0.0)));
        CanaryJudge.MetricVerdict mean = metric(v, "latency_mean");
        assertEquals(CanaryJudge.Classification.NO_DATA, mean.classification());
        assertFalse(mean.bad());
        assertTrue(mean.rule().startsWith("no data: too_few_observations"), mean.rule());
        long withData = v.metrics().stream().filter(m -> m.classification() != CanaryJudge.Classification.NO_DATA).count();
        assertTrue(withData < v.metrics().size());
    }
}
