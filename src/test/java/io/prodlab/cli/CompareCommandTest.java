package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab compare} on the demo shop's planted checkout canary (+80 ms on its requests). */
class CompareCommandTest {
    @TempDir
    static Path dir;
    private static Path ws;
    static final String BASELINE = "baseline=service.name = \"checkout\" and service.version = \"1.4.0\"";
    static final String CANARY = "canary=service.name = \"checkout\" and service.version = \"1.5.0-canary\"";

    @BeforeAll
    static void demoShop() {
        ws = CliRun.demoShop(dir);
    }

    private static JsonNode compare(String... extra) throws Exception {
        return compareJson(ws, extra);
    }

    /** {@code compare --json} of the canary against its baseline on the server spans, plus {@code extra}. */
    static JsonNode compareJson(Path ws, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("compare", "-w", ws.toString(), "--cohort", BASELINE,
                "--cohort", CANARY, "--where", "kind = server", "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void printsTheContractAndFindsThePlantedShift() throws Exception {
        JsonNode doc = compare();
        assertEquals("span", doc.get("unit").asText());
        assertEquals("latency", doc.get("metric").asText());
        for (JsonNode c : doc.get("cohorts")) {
            for (String f : new String[] {"name", "n", "mean_ms", "sd_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms",
                    "errors", "error_rate"}) {
                assertTrue(c.has(f), "cohort field " + f);
            }
        }
        JsonNode cmp = doc.get("comparisons").get(0);
        assertEquals("baseline", cmp.get("baseline").asText());
        assertEquals("canary", cmp.get("candidate").asText());
        for (String[] f : new String[][] {{"welch", "t", "df", "p", "diff_ms", "ci_low", "ci_high"},
                {"mann_whitney", "u", "z", "p", "hodges_lehmann_ms", "ci_low", "ci_high"},
                {"two_proportion", "z", "p", "diff", "ci_low", "ci_high"}, {"ks", "d", "p"}, {"spread", "statistic", "p"}}) {
            for (int i = 1; i < f.length; i++) {
                assertTrue(cmp.get(f[0]).has(f[i]), f[0] + "." + f[i]);
            }
        }
        assertTrue(cmp.get("p_adjusted").has("holm") && cmp.get("p_adjusted").has("bh"));
        assertTrue(cmp.has("power"));
        // The canary was planted at +80 ms on checkout's server spans.
        JsonNode p50 = cmp.get("quantiles").get(0);
        assertEquals(0.5, p50.get("q").asDouble());
        assertTrue(p50.get("ci_low").asDouble() < 80 && 80 < p50.get("ci_high").asDouble(), p50.toString());
        assertTrue(cmp.get("mann_whitney").get("p").asDouble() < 1e-6);
    }

    @Test
    void attributesRankWhatDiffersAndFlagWhatTheCanaryIsDefinedBy() throws Exception {
        JsonNode doc = compare("--resamples", "0");
        JsonNode attributes = doc.get("attributes");
        assertTrue(attributes.isArray() && attributes.size() >= 20, "every span and resource attribute: " + attributes.size());
        boolean tautologicalSeen = false;
        int rank = 0;
        for (JsonNode a : attributes) {
            for (String f : new String[] {"baseline", "candidate", "rank", "field", "source", "key", "tautological",
                    "tautology", "summary", "chi_square", "p", "p_adjusted", "cramers_v", "distinct_values",
                    "high_cardinality", "values"}) {
                assertTrue(a.has(f), "attribute field " + f + " in " + a);
            }
            assertEquals("baseline", a.get("baseline").asText());
            assertEquals("canary", a.get("candidate").asText());
            assertEquals(++rank, a.get("rank").asInt());
            boolean tautological = a.get("tautological").asBoolean();
            assertTrue(tautological || !tautologicalSeen, "tautological attributes are ranked apart, last: " + a);
            tautologicalSeen |= tautological;
            if (!tautological && !a.get("p").isNull()) {
                assertTrue(a.get("p_adjusted").asDouble() >= a.get("p").asDouble(), a.toString());
                assertTrue(a.get("chi_square").has("statistic") && a.get("chi_square").has("df"), a.toString());
            }
            double baselineShares = 0;
            for (JsonNode v : a.get("values")) {
                baselineShares += v.get("baseline_share").asDouble();
            }
            assertEquals(1.0, baselineShares, 1e-9, "the columns, (missing) included, hold every span: " + a);
        }
        JsonNode version = attribute(attributes, "resource.service.version");
        assertEquals("named_in_filter", version.get("tautology").asText());
        // the canary runs on its own pod: its name tells the cohort exactly
        assertEquals("values_never_overlap", attribute(attributes, "resource.k8s.pod.name").get("tautology").asText());
        // the counts are those plain SQL finds
        try (Workspace w = Workspace.openReadOnly(ws)) {
            var rows = new SqlConsole(w).query("""
                    select resource->>'k8s.pod.name', count(*) filter (where service_version = '1.4.0'),
                           count(*) filter (where service_version = '1.5.0-canary')
                    from spans where service_name = 'checkout' and kind = 'server' group by 1""", 100).rows();
            JsonNode values = attribute(attributes, "resource.k8s.pod.name").get("values");
            assertEquals(rows.size(), values.size());
            for (var row : rows) {
                JsonNode v = null;
                for (JsonNode x : values) {
                    if (x.get("value").asText().equals(row.get(0))) {
                        v = x;
                    }
                }
                assertEquals(((Number) row.get(1)).longValue(), v.get("baseline_count").asLong(), row.toString());
                assertEquals(((Number) row.get(2)).longValue(), v.get("candidate_count").asLong(), row.toString());
            }
        }
        assertEquals(doc.get("cohorts").get(1).get("n").asLong(),
                doc.get("comparisons").get(0).get("attribute_spans").get("candidate").asLong(), "span unit: the same spans");
    }

    @Test
    void withSeveralCandidatesEachPairHasItsOwnRanking() throws Exception {
        JsonNode doc = compare("--resamples", "0", "--cohort", "payment=service.name = \"payment\"");
        List<String> candidates = new java.util.ArrayList<>();
        for (JsonNode a : doc.get("attributes")) {
            String c = a.get("candidate").asText();
            if (!candidates.contains(c)) {
                candidates.add(c);
                assertEquals(1, a.get("rank").asInt(), "each pair ranks from 1");
            }
            assertEquals("baseline", a.get("baseline").asText());
        }
        assertEquals(List.of("canary", "payment"), candidates);
        JsonNode serviceName = null;
        for (JsonNode a : doc.get("attributes")) {
            if (a.get("candidate").asText().equals("payment") && a.get("field").asText().equals("resource.service.name")) {
                serviceName = a;
            }
        }
        assertEquals("named_in_filter", serviceName.get("tautology").asText());
    }

    @Test
    void theTextOutputListsWhatDiffers() {
        CliRun r = CliRun.of("compare", "-w", ws.toString(), "--cohort", BASELINE, "--cohort", CANARY, "--where",
                "kind = server", "--resamples", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("what differs (scoped spans: "), r.out());
        assertTrue(r.out().contains("resource.service.version=1.4.0: 100.0% vs 0.0%  [named in filter]"), r.out());
    }

    private static JsonNode attribute(JsonNode attributes, String field) {
        for (JsonNode a : attributes) {
            if (a.get("field").asText().equals(field)) {
                return a;
            }
        }
        throw new AssertionError("no " + field + " in " + attributes);
    }

    @Test
    void theFiguresAreThoseOfTheSpansPlainSqlSelects() throws Exception {
        JsonNode doc = compare("--resamples", "0");
        try (Workspace w = Workspace.openReadOnly(ws)) {
            var row = new SqlConsole(w).query("""
                    select count(*), avg(duration_ns / 1e6), stddev_samp(duration_ns / 1e6),
                           count(*) filter (where status = 'error')
                    from spans where service_name = 'checkout' and service_version = '1.5.0-canary'
                      and kind = 'server'""", 1).rows().get(0);
            JsonNode canary = doc.get("cohorts").get(1);
            assertEquals(((Number) row.get(0)).longValue(), canary.get("n").asLong());
            assertEquals(((Number) row.get(1)).doubleValue(), canary.get("mean_ms").asDouble(), 1e-9);
            assertEquals(((Number) row.get(2)).doubleValue(), canary.get("sd_ms").asDouble(), 1e-9);
            assertEquals(((Number) row.get(3)).longValue(), canary.get("errors").asLong());
        }
        JsonNode cmp = doc.get("comparisons").get(0);
        double diff = doc.get("cohorts").get(1).get("mean_ms").asDouble() - doc.get("cohorts").get(0).get("mean_ms").asDouble();
        assertEquals(diff, cmp.get("welch").get("diff_ms").asDouble(), 1e-9, "candidate minus baseline");
        assertEquals(3, cmp.get("quantiles").size(), "p50, p95, p99");
        for (JsonNode q : cmp.get("quantiles")) {
            assertEquals("asymptotic", q.get("method").asText(), "--resamples 0 leaves the bootstrap out: " + q);
        }
        assertEquals(cmp.get("quantiles"), cmp.get("quantiles_asymptotic"));
    }

    @Test
    void theSameSeedGivesTheSameIntervals() throws Exception {
        assertEquals(compare("--seed", "7").toString(), compare("--seed", "7").toString());
    }

    @Test
    void byTraceEachTraceWithACohortSpanIsOneObservation() throws Exception {
        JsonNode doc = compare("--unit", "trace");
        assertEquals("trace", doc.get("unit").asText());
        try (Workspace w = Workspace.openReadOnly(ws)) {
            long traces = ((Number) new SqlConsole(w).query("select count(distinct trace_id) from spans where "
                    + "service_name = 'checkout' and service_version = '1.5.0-canary'", 1).rows().get(0).get(0)).longValue();
            assertEquals(traces, doc.get("cohorts").get(1).get("n").asLong());
        }
    }

    @Test
    void badCohortsAreBadInput() {
        CliRun one = CliRun.of("compare", "-w", ws.toString(), "--cohort", BASELINE);
        assertEquals(ExitCode.BAD_INPUT, one.exit());
        assertTrue(one.err().contains("2 to 8 cohorts"), one.err());
        CliRun noName = CliRun.of("compare", "-w", ws.toString(), "--cohort", "kind = server", "--cohort", CANARY);
        assertEquals(ExitCode.BAD_INPUT, noName.exit());
        CliRun badFilter = CliRun.of("compare", "-w", ws.toString(), "--cohort", "a=kind = sever", "--cohort", CANARY);
        assertEquals(ExitCode.BAD_INPUT, badFilter.exit());
        assertTrue(badFilter.err().contains("cohort a: at column 8"), badFilter.err());
        CliRun unit = CliRun.of("compare", "-w", ws.toString(), "--cohort", BASELINE, "--cohort", CANARY, "--unit", "user");
        assertEquals(ExitCode.BAD_INPUT, unit.exit());
    }
}
