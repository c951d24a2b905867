package io.prodlab.compare;

import io.prodlab.model.SpanRecord;
import io.prodlab.stats.Descriptives;
import io.prodlab.stats.PoissonRateTest;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics other than latency (throughput, a numeric attribute) and sampling weights, on small
 * workspaces whose every figure is known by construction.
 */
class ComparisonMetricsTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    private static final ComparisonService.Options NO_BOOTSTRAP = ComparisonService.Options.defaults().withResamples(0);
    private static final long SECOND = 1_000_000_000L;

    private static String trace(int i) {
        return String.format(Locale.ROOT, "%032x", 0x1000L + i);
    }

    /** {@code n} root spans of service {@code service}, one every {@code stepMs}, durations 1..n ms. */
    private static List<SpanRecord> spans(String service, int n, long stepMs, String traceState, String attributes,
                                          int firstTrace, int errorsEvery) {
        List<SpanRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var b = aSpan().traceId(trace(firstTrace + i)).service(service).startMs(1_000_000 + i * stepMs)
                    .durationMs(1 + i).traceState(traceState).attributes(attributes.replace("$i", Integer.toString(i)));
            if (errorsEvery > 0 && i % errorsEvery == 0) {
                b.error("boom");
            }
            out.add(b.build());
        }
        return out;
    }

    private void write(String format, List<SpanRecord> spans) throws Exception {
        try (ImportWriter w = temp.workspace().beginImport("/test/" + format + spans.size(), "sha" + spans.size(), format, 1)) {
            for (SpanRecord s : spans) {
                w.addSpan(s);
            }
            w.commit("test spans");
        }
    }

    private static final Cohort A = new Cohort("a", "service.name = \"a\"");
    private static final Cohort B = new Cohort("b", "service.name = \"b\"");

    private ComparisonService.Result compare(Metric metric, Cohort... cohorts) throws Exception {
        return new ComparisonService(temp.workspace()).compare(List.of(cohorts), null, Unit.SPAN,
                NO_BOOTSTRAP.withMetric(metric));
    }

    @Test
    void throughputIsPerSecondOverTheCohortsTimeWithAnExactRateComparison() throws Exception {
        // a: 100 spans, one every 100 ms: first start 0, last end 9.9 s + 100 ms = 10.0 s
        write("otlp-json", spans("a", 100, 100, "", "{}", 0, 0));
        // b: 30 spans, one every 200 ms: from 0 to 5.8 s + 30 ms
        write("otlp-json", spans("b", 30, 200, "", "{}", 1000, 0));
        ComparisonService.Result r = compare(Metric.THROUGHPUT, A, B);
        assertEquals("throughput", r.metric());
        ComparisonService.Throughput a = r.cohorts().get(0).throughput();
        assertEquals(10.0, a.seconds(), 1e-12);
        assertFalse(a.windowGiven());
        assertEquals(10.0, a.rate().value().rate(), 1e-12);
        ComparisonService.Throughput b = r.cohorts().get(1).throughput();
        assertEquals(5.83, b.seconds(), 1e-12);
        PoissonRateTest.RateComparison expected = PoissonRateTest.compare(PoissonRateTest.Exposure.unweighted(100, 10.0),
                PoissonRateTest.Exposure.unweighted(30, 5.83), 0.95).value();
        assertEquals(expected, r.comparisons().get(0).rate().value());
        assertTrue(r.comparisons().get(0).holm().containsKey(ComparisonService.RATE), "in the family under --metric throughput");
        assertFalse(compare(Metric.LATENCY, A, B)
                .comparisons().get(0).holm().containsKey(ComparisonService.RATE));
    }

    @Test
    void aCohortWithAWindowCountsOverItsWindow() throws Exception {
        write("otlp-json", spans("a", 100, 100, "", "{}", 0, 0));
        long start = 1_000_000L * 1_000_000L;
        Cohort first = new Cohort("first", "", new TimeWindow(start, start + 2 * SECOND));
        Cohort later = new Cohort("later", "", new TimeWindow(start + 2 * SECOND, start + 10 * SECOND));
        ComparisonService.Result r = compare(Metric.THROUGHPUT, first, later);
        assertEquals(20, r.cohorts().get(0).n(), "spans that start in [0 s, 2 s)");
        assertEquals(80, r.cohorts().get(1).n());
        assertEquals(2.0, r.cohorts().get(0).throughput().seconds());
        assertTrue(r.cohorts().get(0).throughput().windowGiven());
        assertEquals(10.0, r.cohorts().get(0).throughput().rate().value().rate(), 1e-12);
        assertEquals(10.0, r.cohorts().get(1).throughput().rate().value().rate(), 1e-12);
        assertEquals(1.0, r.comparisons().get(0).rate().value().exactP(), 1e-12, "equal rates");
    }

    @Test
    void anAttributeMetricComparesTheAttributesNumbersAndLeavesOutSpansWithoutOne() throws Exception {
        List<SpanRecord> all = new ArrayList<>(spans("a", 40, 10, "", "{\"bytes\":$i}", 0, 0));
        all.addAll(spans("b", 30, 10, "", "{\"bytes\":$i.5}", 1000, 0));
        all.addAll(spans("b", 5, 10, "", "{\"bytes\":\"many\"}", 2000, 0)); // a string is no number
        all.addAll(spans("b", 3, 10, "", "{}", 3000, 0));
        write("otlp-json", all);
        ComparisonService.Result r = compare(Metric.parse("span.bytes"), A, B);
        assertEquals("bytes", r.metric());
        assertEquals(40, r.cohorts().get(0).n());
        assertEquals(30, r.cohorts().get(1).n());
        assertEquals(8, r.cohorts().get(1).withoutValue());
        Descriptives a = r.cohorts().get(0).latency().value();
        assertEquals(19.5, a.mean(), 1e-12, "0..39");
        assertEquals(15.0, r.cohorts().get(1).latency().value().mean(), 1e-12, "0.5..29.5");
        assertEquals(15.0 - 19.5, r.comparisons().get(0).welch().value().diff(), 1e-9);
        assertTrue(r.warnings().contains("cohort b: 8 spans in scope have no numeric span attribute bytes and are left out"),
                r.warnings().toString());
    }

    @Test
    void otelThresholdsWeighByAdjustedCountAndDifferentRatesAreWarnedOf() throws Exception {
        write("otlp-json", spans("a", 100, 10, "", "{}", 0, 10));
        // th:c -> rejection threshold 0xc/16 = 75%: p = 0.25, each span stands for 4
        write("otlp-json", spans("b", 25, 40, "ot=rv:0123456789abcd;th:c,vendor=x", "{}", 1000, 5));
        ComparisonService.Result r = compare(Metric.LATENCY, A, B);
        ComparisonService.CohortFigures b = r.cohorts().get(1);
        assertTrue(r.weighted());
        assertFalse(r.cohorts().get(0).sampling().weighted());
        assertEquals(4.0, b.sampling().minWeight(), 1e-12);
        assertEquals(4.0, b.sampling().maxWeight(), 1e-12);
        assertEquals(100.0, b.sampling().adjusted(), 1e-9);
        assertEquals(100.0, b.throughput().exposure().adjusted(), 1e-9);
        assertEquals(400.0, b.throughput().exposure().variance(), 1e-9, "Σw²");
        assertTrue(Double.isNaN(r.comparisons().get(0).rate().value().exactP()), "no exact test on weighted counts");
        // one weight for every span: weighted figures are the unweighted ones
        assertEquals(b.latency().value().mean(), b.weighted().value().mean(), 1e-12);
        assertEquals(b.latency().value().p50(), b.weighted().value().p50(), 1e-12);
        assertEquals(b.errorRate(), b.weightedErrorRate(), 1e-12);
        assertTrue(r.comparisons().get(0).samplingDiffers());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).startsWith("cohorts a and b are sampled at different rates (a: 1 in 1, b: 1 in 4)"),
                r.warnings().get(0));
    }

    @Test
    void aCohortOfMixedRatesIsWeightedPerSpanAndWarnedOf() throws Exception {
        List<SpanRecord> mixed = new ArrayList<>(spans("a", 10, 10, "", "{}", 0, 0));       // 1..10 ms, weight 1
        mixed.addAll(spans("b", 10, 10, "ot=th:8", "{}", 100, 0)); // 1..10 ms, th:8 -> p = 0.5, weight 2
        write("otlp-json", mixed);
        ComparisonService.Result r = compare(Metric.LATENCY, new Cohort("all", ""), A);
        ComparisonService.CohortFigures all = r.cohorts().get(0);
        assertEquals(30.0, all.sampling().adjusted(), 1e-9);
        assertTrue(all.sampling().mixed());
        assertEquals("1 in 1–2", all.sampling().describe());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("cohort all mixes sampling rates (1 in 1–2 spans kept)")),
                r.warnings().toString());
        assertEquals(5.5, all.weighted().value().mean(), 1e-12, "each duration once at weight 1 and once at weight 2");
        assertEquals(30.0, all.weighted().value().weight(), 1e-12);
    }

    @Test
    void jaegerProbabilisticSamplerTagsOnTheRootWeighTheWholeTrace() throws Exception {
        SpanRecord root = aSpan().traceId(trace(1)).service("a").startMs(1000).durationMs(10)
                .attributes("{\"sampler.type\":\"probabilistic\",\"sampler.param\":0.1}").build();
        SpanRecord child = aSpan().childOf(root).service("a").name("child").startMs(1001).durationMs(5).build();
        SpanRecord other = aSpan().traceId(trace(2)).service("a").startMs(1002).durationMs(7)
                .attributes("{\"sampler.type\":\"const\",\"sampler.param\":1}").build();
        write("jaeger-json", List.of(root, child, other));
        write("otlp-json", spans("z", 5, 10, "", "{}", 10, 0));
        ComparisonService.Result r = compare(Metric.LATENCY, new Cohort("z", "service.name = \"z\""), A);
        ComparisonService.CohortFigures a = r.cohorts().get(1);
        assertEquals(21.0, a.sampling().adjusted(), 1e-9, "root and child stand for 10 each, the const-sampled one for 1");
        assertEquals(10.0, a.sampling().maxWeight(), 1e-9);
        ComparisonService.Result byTrace = new ComparisonService(temp.workspace()).compare(List.of(
                new Cohort("z", "service.name = \"z\""), A), null, Unit.TRACE,
                NO_BOOTSTRAP);
        assertEquals(11.0, byTrace.cohorts().get(1).sampling().adjusted(), 1e-9, "two traces: 10 + 1");
        assertEquals(15.0, byTrace.cohorts().get(1).latency().value().max(), 1e-9, "the trace's scoped spans summed");
    }

    @Test
    void anUnknownMetricTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metric.parse("span."));
        assertEquals(Metric.ERROR_RATE, Metric.parse("error_rate"));
        assertEquals(Metric.attribute("http.response.body.size"), Metric.parse("http.response.body.size"));
    }
}
