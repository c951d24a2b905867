package io.prodlab.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The effects named in ground-truth.json are in the data at the stated sizes, measured from the file
 * alone. Tolerances come from the sample sizes: proportions within 4 standard errors
 * (sqrt(p(1-p)/n)); median shifts within the sum of the two groups' distribution-free 99.9% intervals
 * for the median (order statistics n/2 ± 3.29·sqrt(n)/2), which is conservative for a difference.
 * The seed is fixed, so the outcome is too; the tolerances say why it is not luck.
 */
class PlantedEffectsTest {

    private static final double Z = 3.29;
    private static final double SE_BOUND = 4.0;

    @TempDir
    static Path dir;
    static ParsedDataset data;
    static JsonNode effects;

    @BeforeAll
    static void generate() throws IOException {
        DemoGenerator.Result result = new DemoGenerator().generate(dir, new DemoGenerator.Options(200_000, 7, 1000));
        data = ParsedDataset.read(result);
        effects = data.groundTruth.path("effects");
    }

    private static List<ParsedDataset.Span> spans(Predicate<ParsedDataset.Span> p) {
        return data.spans.stream().filter(p).toList();
    }

    private static List<Double> durations(List<ParsedDataset.Span> spans) {
        List<Double> out = new ArrayList<>();
        for (ParsedDataset.Span s : spans) {
            out.add(s.durationMs());
        }
        return out;
    }

    private static void assertShare(double expected, long hits, long n, String what) {
        double se = Math.sqrt(expected * (1 - expected) / n);
        double observed = (double) hits / n;
        assertTrue(Math.abs(observed - expected) <= SE_BOUND * se,
                String.format("%s: observed %.4f (%d/%d), planted %.4f, allowed ±%.4f", what, observed, hits, n,
                        expected, SE_BOUND * se));
    }

    private static void assertMedianShift(double expectedMs, List<Double> candidate, List<Double> baseline,
                                          String what) {
        ParsedDataset.Median c = ParsedDataset.median(candidate, Z);
        ParsedDataset.Median b = ParsedDataset.median(baseline, Z);
        double shift = c.value() - b.value();
        double allowed = c.halfWidth() + b.halfWidth();
        assertTrue(Math.abs(shift - expectedMs) <= allowed,
                String.format("%s: median shift %.2f ms (candidate %.2f n=%d, baseline %.2f n=%d), planted %.2f,"
                        + " allowed ±%.2f", what, shift, c.value(), c.n(), b.value(), b.n(), expectedMs, allowed));
        // The check must be able to fail: the interval has to be narrower than the effect.
        assertTrue(allowed < Math.max(expectedMs, 10) / 2, what + ": sample too small to tell, ±" + allowed);
    }

    // ---- canary --------------------------------------------------------------------------------------

    private static List<ParsedDataset.Span> placeOrders() {
        return spans(s -> s.kind() == 2 && s.service().equals("checkout")
                && s.name().equals("oteldemo.CheckoutService/PlaceOrder"));
    }

    @Test
    void canaryTakesItsShareOfCheckoutCalls() {
        JsonNode canary = effects.path("canary");
        List<ParsedDataset.Span> all = placeOrders();
        long onCanary = all.stream().filter(s -> s.version().equals(canary.path("canary_version").asText())).count();
        long onBaseline = all.stream().filter(s -> s.version().equals(canary.path("baseline_version").asText())).count();
        assertEquals(all.size(), onCanary + onBaseline, "only the two versions serve PlaceOrder");
        assertShare(canary.path("traffic_share").asDouble(), onCanary, all.size(), "canary share");
        assertEquals(canary.path("realized").path("canary_spans").asLong(), onCanary);
        assertEquals(canary.path("realized").path("baseline_spans").asLong(), onBaseline);
    }

    @Test
    void canaryIsSlowerByThePlantedAmount() {
        JsonNode canary = effects.path("canary");
        String canaryVersion = canary.path("canary_version").asText();
        // Failed orders stop early; compare the ones that ran to the end, as the plant is in own work.
        List<ParsedDataset.Span> ok = placeOrders().stream().filter(s -> !s.error()).toList();
        assertMedianShift(canary.path("latency").path("added_ms").asDouble(),
                durations(ok.stream().filter(s -> s.version().equals(canaryVersion)).toList()),
                durations(ok.stream().filter(s -> !s.version().equals(canaryVersion)).toList()),
                "canary latency");
    }

    @Test
    void canaryFailsMoreOftenWithItsOwnError() {
        JsonNode canary = effects.path("canary");
        String canaryVersion = canary.path("canary_version").asText();
        String message = canary.path("error_rate").path("status_message").asText();
        double[] rate = new double[2];
        long[] n = new long[2];
        for (boolean isCanary : new boolean[] {true, false}) {
            List<ParsedDataset.Span> group = placeOrders().stream()
                    .filter(s -> s.version().equals(canaryVersion) == isCanary).toList();
            long own = group.stream().filter(s -> s.error() && s.statusMessage().equals(message)).count();
            // Own errors are drawn only for orders whose calls all succeeded.
            long eligible = group.stream().filter(s -> !s.error() || s.statusMessage().equals(message)).count();
            double planted = canary.path("error_rate").path(isCanary ? "canary" : "baseline").asDouble();
            assertShare(planted, own, eligible, isCanary ? "canary own error rate" : "baseline own error rate");
            rate[isCanary ? 0 : 1] = (double) own / eligible;
            n[isCanary ? 0 : 1] = eligible;
            assertEquals(canary.path("realized").path(isCanary ? "canary_own_errors" : "baseline_own_errors").asLong(),
                    own);
        }
        // The increase itself is clear: more than 3 standard errors of the difference.
        double se = Math.sqrt(rate[0] * (1 - rate[0]) / n[0] + rate[1] * (1 - rate[1]) / n[1]);
        assertTrue(rate[0] - rate[1] > 3 * se, "canary error increase " + (rate[0] - rate[1]) + " vs SE " + se);
    }

    // ---- flags ---------------------------------------------------------------------------------------

    private static JsonNode flag(String key) {
        for (JsonNode f : effects.path("flags")) {
            if (f.path("key").asText().equals(key)) {
                return f;
            }
        }
        throw new AssertionError("no flag " + key + " in ground truth");
    }

    @Test
    void flagVariantsAreAssignedPerUserInThePlannedShares() {
        JsonNode flag = flag("new-recommendations");
        Map<String, String> variantOfUser = new java.util.HashMap<>();
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        Map<String, ParsedDataset.Span> rootOfTrace = new java.util.HashMap<>();
        for (ParsedDataset.Span s : data.spans) {
            if (s.parentSpanId().isEmpty()) {
                rootOfTrace.put(s.traceId(), s);
            }
        }
        long treatmentEvaluations = 0;
        long evaluations = 0;
        for (ParsedDataset.Span s : data.spans) {
            if (!"new-recommendations".equals(s.attr("feature_flag.key"))) {
                continue;
            }
            evaluations++;
            String variant = s.attr("feature_flag.result.variant");
            treatmentEvaluations += variant.equals("treatment") ? 1 : 0;
            String user = rootOfTrace.get(s.traceId()).attr("user.id");
            String before = variantOfUser.put(user, variant);
            assertTrue(before == null || before.equals(variant), "user " + user + " switched variant");
        }
        long treatmentUsers = variantOfUser.values().stream().filter("treatment"::equals).count();
        assertShare(flag.path("planned_shares").path("treatment").asDouble(), treatmentUsers, variantOfUser.size(),
                "treatment share of users");
        assertEquals(flag.path("realized").path("evaluations").path("treatment").asLong(), treatmentEvaluations);
        assertEquals(flag.path("realized").path("evaluations").path("control").asLong(),
                evaluations - treatmentEvaluations);
        assertEquals(flag.path("realized").path("users").path("treatment").asLong(), treatmentUsers);
        assertTrue(index.size() > 0);
    }

    @Test
    void treatmentSlowsTheEvaluatingSpanByThePlantedAmount() {
        JsonNode flag = flag("new-recommendations");
        List<ParsedDataset.Span> evaluated = spans(s -> "new-recommendations".equals(s.attr("feature_flag.key"))
                && !s.error());
        assertTrue(evaluated.stream().allMatch(s -> s.service().equals("recommendation") && s.kind() == 2));
        assertMedianShift(flag.path("effect").path("added_ms").asDouble(),
                durations(evaluated.stream().filter(s -> s.attr("feature_flag.result.variant").equals("treatment"))
                        .toList()),
                durations(evaluated.stream().filter(s -> s.attr("feature_flag.result.variant").equals("control"))
                        .toList()),
                "new-recommendations treatment");
    }

    @Test
    void theAaFlagShowsNoEffect() {
        List<ParsedDataset.Span> evaluated = spans(s -> "product-page-layout".equals(s.attr("feature_flag.key"))
                && !s.error());
        assertTrue(flag("product-page-layout").path("effect").isNull());
        assertMedianShift(0.0,
                durations(evaluated.stream().filter(s -> s.attr("feature_flag.result.variant").equals("list"))
                        .toList()),
                durations(evaluated.stream().filter(s -> s.attr("feature_flag.result.variant").equals("grid"))
                        .toList()),
                "product-page-layout A/A");
    }

    // ---- fault window --------------------------------------------------------------------------------

    @Test
    void faultWindowSlowsAndFailsPaymentDatabaseCalls() {
        JsonNode fault = effects.path("fault_window");
        long start = fault.path("start_ns").asLong();
        long end = fault.path("end_ns").asLong();
        List<ParsedDataset.Span> calls = spans(s -> s.service().equals(fault.path("edge").path("source").asText())
                && s.kind() == 3 && fault.path("edge").path("target").asText().equals(s.attr("db.system")));
        List<ParsedDataset.Span> in = calls.stream().filter(s -> s.startNs() >= start && s.startNs() < end).toList();
        List<ParsedDataset.Span> out = calls.stream().filter(s -> s.startNs() < start || s.startNs() >= end).toList();
        long inErrors = in.stream().filter(ParsedDataset.Span::error).count();
        long outErrors = out.stream().filter(ParsedDataset.Span::error).count();
        double background = data.groundTruth.path("effects").path("background_error_rates").path("database_call")
                .asDouble();
        double rate = fault.path("error_rate").asDouble();
        assertShare(rate + (1 - rate) * background, inErrors, in.size(), "error rate in the fault window");
        assertTrue(outErrors <= Math.max(3, 4 * background * out.size()), outErrors + " errors outside the window");
        assertTrue(in.stream().filter(ParsedDataset.Span::error)
                .allMatch(s -> s.statusMessage().equals(fault.path("status_message").asText())
                        || s.statusMessage().contains("deadlock")));
        assertMedianShift(fault.path("added_latency_ms").asDouble(), durations(in), durations(out),
                "fault window latency");
        assertEquals(fault.path("realized").path("calls_in_window").asLong(), in.size());
        assertEquals(fault.path("realized").path("errors_in_window").asLong(), inErrors);
    }

    @Test
    void faultErrorsPropagateUpToTheUser() {
        JsonNode fault = effects.path("fault_window");
        String message = fault.path("status_message").asText();
        Set<String> failedTraces = new HashSet<>();
        for (ParsedDataset.Span s : data.spans) {
            if (s.error() && s.statusMessage().equals(message)) {
                failedTraces.add(s.traceId());
            }
        }
        assertTrue(failedTraces.size() > 10);
        for (ParsedDataset.Span s : data.spans) {
            if (s.parentSpanId().isEmpty() && failedTraces.contains(s.traceId())) {
                assertTrue(s.error() && s.statusMessage().endsWith(message), s.statusMessage());
                assertEquals("500", s.attr("http.response.status_code"));
            }
        }
    }

    @Test
    void groundTruthNamesEveryNodeWithItsKind() {
        Map<String, String> kinds = new java.util.TreeMap<>();
        for (JsonNode s : data.groundTruth.path("services")) {
            kinds.put(s.path("name").asText(), s.path("kind").asText());
        }
        assertEquals(Map.ofEntries(Map.entry("frontend", "service"), Map.entry("cart", "service"),
                Map.entry("checkout", "service"), Map.entry("payment", "service"), Map.entry("shipping", "service"),
                Map.entry("currency", "service"), Map.entry("product-catalog", "service"),
                Map.entry("recommendation", "service"), Map.entry("email", "service"),
                Map.entry("postgresql", "database"), Map.entry("redis", "cache"), Map.entry("kafka", "messaging")),
                kinds);
        Set<String> emitting = new java.util.TreeSet<>();
        data.spans.forEach(s -> emitting.add(s.service()));
        Set<String> expected = new java.util.TreeSet<>();
        kinds.forEach((name, kind) -> {
            if (kind.equals("service")) {
                expected.add(name);
            }
        });
        assertEquals(expected, emitting, "every service and only services emit spans");
    }
}
