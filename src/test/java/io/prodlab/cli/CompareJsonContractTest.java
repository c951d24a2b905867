package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prodlab compare --json}'s contract (issue 6 and DESIGN.md): every field name of the issue's
 * shape, for every {@code --metric}, with and without the judge, plus the fields the project added
 * (throughput, rate, sampling, warnings, judge).
 */
class CompareJsonContractTest {
    @TempDir
    static Path dir;
    private static Path ws;
    private static final String BASELINE = CompareCommandTest.BASELINE;
    private static final String CANARY = CompareCommandTest.CANARY;

    @BeforeAll
    static void demoShop() {
        ws = CliRun.demoShop(dir);
    }

    private static JsonNode compare(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--resamples", "200"));
        args.addAll(List.of(extra));
        return CompareCommandTest.compareJson(ws, args.toArray(String[]::new));
    }

    private static void has(JsonNode node, String where, String... fields) {
        for (String f : fields) {
            assertTrue(node != null && node.has(f), where + " has no \"" + f + "\": " + node);
        }
    }

    @ParameterizedTest(name = "--metric {0}")
    @ValueSource(strings = {"latency", "error_rate", "throughput", "app.order.amount"})
    void everyFieldOfTheIssuesShapeIsThereForEveryMetric(String metric) throws Exception {
        JsonNode doc = compare("--metric", metric, "--judge");
        has(doc, "the document", "unit", "metric", "cohorts", "comparisons", "attributes", "metric_unit", "confidence",
                "weighted", "warnings", "judge");
        assertEquals(metric, doc.get("metric").asText());
        assertEquals(2, doc.get("cohorts").size());
        for (JsonNode c : doc.get("cohorts")) {
            has(c, "a cohort", "name", "n", "mean_ms", "sd_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "errors", "error_rate",
                    "throughput", "sampling", "weighted", "window");
            has(c.get("throughput"), "throughput", "seconds", "window_given", "count", "adjusted_count", "rate_per_s",
                    "ci_low", "ci_high");
            has(c.get("sampling"), "sampling", "weighted", "min_weight", "max_weight", "adjusted_count");
        }
        JsonNode cmp = doc.get("comparisons").get(0);
        has(cmp, "a comparison", "baseline", "candidate", "welch", "mann_whitney", "two_proportion", "ks", "spread",
                "quantiles", "p_adjusted", "power", "rate", "spread_ratio", "sampling_differs", "quantiles_asymptotic");
        has(cmp.get("welch"), "welch", "t", "df", "p", "diff_ms", "ci_low", "ci_high");
        has(cmp.get("mann_whitney"), "mann_whitney", "u", "z", "p", "hodges_lehmann_ms", "ci_low", "ci_high");
        has(cmp.get("two_proportion"), "two_proportion", "z", "p", "diff", "ci_low", "ci_high", "score_ci_low",
                "score_ci_high");
        has(cmp.get("ks"), "ks", "d", "p");
        has(cmp.get("spread"), "spread", "statistic", "p");
        assertEquals(3, cmp.get("quantiles").size());
        for (JsonNode q : cmp.get("quantiles")) {
            has(q, "a quantile", "q", "diff_ms", "ci_low", "ci_high", "method");
            assertEquals("bootstrap", q.get("method").asText());
        }
        has(cmp.get("p_adjusted"), "p_adjusted", "holm", "bh");
        has(cmp.get("p_adjusted").get("holm"), "holm", "welch", "mann_whitney", "two_proportion", "ks", "spread");
        assertEquals(metric.equals("throughput"), cmp.get("p_adjusted").get("holm").has("rate"),
                "the rate joins the family under --metric throughput only");
        has(cmp.get("power"), "power", "alpha", "power", "mde_mean_ms", "mde_error_rate_increase");
        has(cmp.get("rate"), "rate", "diff_per_s", "ci_low", "ci_high", "z", "p", "exact_p", "ratio", "ratio_ci_low",
                "ratio_ci_high");
        JsonNode a = doc.get("attributes").get(0);
        has(a, "an attribute", "baseline", "candidate", "rank", "field", "tautological", "summary", "p", "p_adjusted",
                "cramers_v", "values");
        JsonNode judge = doc.get("judge");
        has(judge, "judge", "alpha", "pass_score", "marginal_score", "verdicts");
        JsonNode v = judge.get("verdicts").get(0);
        has(v, "a verdict", "baseline", "candidate", "score", "decision", "reason", "metrics");
        assertEquals(metric.equals("throughput") ? 7 : 6, v.get("metrics").size());
        for (JsonNode m : v.get("metrics")) {
            has(m, "a judged metric", "name", "check", "classification", "bad", "direction", "tolerance",
                    "tolerance_relative", "tolerance_absolute", "weight", "critical", "unit", "baseline", "candidate",
                    "estimate", "ci_low", "ci_high", "relative_estimate", "p", "p_adjusted", "rule");
            assertTrue(List.of("pass", "high", "low", "no_data", "low_power").contains(m.get("classification").asText()));
        }
    }

    @Test
    void theLatencyCanaryIsJudgedHighOnLatencyAndFails() throws Exception {
        JsonNode v = compare("--judge").get("judge").get("verdicts").get(0);
        assertEquals("fail", v.get("decision").asText(), v.toString());
        JsonNode median = v.get("metrics").get(1);
        assertEquals("latency_median_shift", median.get("name").asText());
        assertEquals("high", median.get("classification").asText());
        assertTrue(median.get("rule").asText().startsWith("high (increase_bad, bad): "), median.toString());
    }

    @Test
    void theUnsampledDemoIsUnweightedWithoutWarnings() throws Exception {
        JsonNode doc = compare();
        assertEquals(false, doc.get("weighted").asBoolean());
        assertEquals(0, doc.get("warnings").size(), doc.get("warnings").toString());
        for (JsonNode c : doc.get("cohorts")) {
            assertTrue(c.get("weighted").isNull());
            assertEquals(c.get("n").asDouble(), c.get("throughput").get("adjusted_count").asDouble());
        }
        assertTrue(!doc.has("judge"));
    }

    @Test
    void aWindowLimitsItsCohortAndItsThroughputIsOverTheWindow() throws Exception {
        CliRun r = CliRun.of("compare", "-w", ws.toString(), "--cohort", "steady=service.name = \"payment\"",
                "--cohort", "fault=service.name = \"payment\"", "--window", "steady=2026-11-01T12:13:00Z/2026-11-01T12:15:00Z",
                "--window", "fault=2026-11-01T12:15:00Z/2026-11-01T12:17:00Z", "--metric", "throughput", "--json",
                "--resamples", "0");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode fault = doc.get("cohorts").get(1);
        assertEquals("2026-11-01T12:15:00Z", fault.get("window").get("start").asText());
        assertEquals(120.0, fault.get("throughput").get("seconds").asDouble());
        assertEquals(fault.get("n").asDouble() / 120, fault.get("throughput").get("rate_per_s").asDouble(), 1e-12);
        // the fault window adds +300 ms to payment's database calls
        assertTrue(doc.get("comparisons").get(0).get("mann_whitney").get("hodges_lehmann_ms").asDouble() > 0);
    }

    @Test
    void aJudgeConfigFileSetsTheRulesAndLeavesTheRestAtTheirDefaults() throws Exception {
        Path rules = dir.resolve("judge.json");
        java.nio.file.Files.writeString(rules, """
                {"pass_score": 90, "metrics": [
                  {"check": "median_shift", "tolerance": 200, "relative": false},
                  {"check": "error_rate", "critical": true}]}""");
        JsonNode judge = compare("--judge-config", rules.toString()).get("judge");
        assertEquals(90.0, judge.get("pass_score").asDouble());
        assertEquals(75.0, judge.get("marginal_score").asDouble());
        JsonNode metrics = judge.get("verdicts").get(0).get("metrics");
        assertEquals(2, metrics.size());
        JsonNode median = metrics.get(0);
        assertEquals("pass", median.get("classification").asText(), "an 80 ms shift within a 200 ms tolerance: " + median);
        assertEquals(200.0, median.get("tolerance_absolute").asDouble());
        assertEquals("increase_bad", median.get("direction").asText(), "the default direction");
        assertEquals(true, metrics.get(1).get("critical").asBoolean());
        assertEquals(2.0, metrics.get(1).get("weight").asDouble(), "the default weight of the error rate");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"metrics\": [{\"check\": \"p42\"}]}", "{\"metrics\": [{\"check\": \"mean\", \"tolerence\": 1}]}",
            "{\"alpha\": \"low\"}", "{\"metrics\": []}", "[1, 2]", "{\"pass_score\": 50, \"marginal_score\": 80}", "{oops"})
    void aBadJudgeConfigIsBadInputThatSaysWhat(String text) throws Exception {
        Path rules = dir.resolve("bad-judge.json");
        java.nio.file.Files.writeString(rules, text);
        CliRun r = CliRun.of("compare", "-w", ws.toString(), "--cohort", BASELINE, "--cohort", CANARY, "--judge-config",
                rules.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--judge-config " + rules), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--metric=span.", "--window=canary=yesterday/today", "--window=nobody=2026-11-01T12:15:00Z/2026-11-01T12:17:00Z",
            "--window=canary=2026-11-01T12:17:00Z/2026-11-01T12:15:00Z"})
    void badMetricsAndWindowsAreBadInput(String option) {
        CliRun r = CliRun.of("compare", "-w", ws.toString(), "--cohort", BASELINE, "--cohort", CANARY, option);
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains(option.substring(0, option.indexOf('='))), r.err());
    }
}
