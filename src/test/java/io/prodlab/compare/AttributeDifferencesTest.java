package io.prodlab.compare;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.query.FilterParser;
import io.prodlab.stats.ContingencyTest;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.StatProblem;
import io.prodlab.store.AttributeValueCountsQuery;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attribute-difference ranking on a generated workspace with planted differences: the slow
 * version's requests are 80% region=apac against the old version's 20% (the confounder), each
 * version runs on its own pods (values that never overlap), the cohorts are defined on
 * {@code service.version} (named in the filter), and a route and a cache flag differ not at all and
 * a little.
 */
class AttributeDifferencesTest {
    @TempDir
    static Path dir;
    private static Workspace ws;

    private static final Cohort OLD = new Cohort("old", "service.version = \"1.0\"");
    private static final Cohort NEW = new Cohort("new", "service.version = \"2.0\"");
    private static final int N = 200;

    @BeforeAll
    static void plantedWorkspace() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("planted.prodlab"));
        List<SpanRecord> spans = new ArrayList<>();
        for (int v = 1; v <= 2; v++) {
            for (int i = 0; i < N; i++) {
                boolean apac = v == 1 ? i % 5 == 0 : i % 5 != 0;           // 20% vs 80%
                boolean hit = v == 1 ? i % 2 == 0 : i % 5 < 3;              // 50% vs 60%
                String trace = String.format(Locale.ROOT, "%016x%016x", v, i);
                SpanRecord server = aSpan().traceId(trace).service("api").version(v + ".0").name("GET /x")
                        .kind(SpanKind.SERVER).startMs(i).durationMs(apac ? 90 : 30)
                        .attributes(String.format(Locale.ROOT, "{\"region\":\"%s\",\"http.route\":\"%s\","
                                        + "\"cache.hit\":%s,\"user.id\":\"u-%d-%d\",\"bucket\":\"v%02d\","
                                        + "\"rare\":\"%s\",\"weird\\\"key;--\":\"x'y\",\"code\":%d}",
                                apac ? "apac" : "eu", i % 2 == 0 ? "/a" : "/b", hit, v, i, (i + v) % 25,
                                i < 2 && v == 1 ? "r" + i : "common", i % 2 == 0 ? 200 : 500))
                        .resource(String.format(Locale.ROOT, "{\"service.name\":\"api\",\"service.version\":\"%d.0\","
                                + "\"k8s.pod.name\":\"api-%d-%s\"}", v, v, i % 2 == 0 ? "a" : "b"))
                        .build();
                spans.add(server);
                // outside the scope (kind = server): a client span per trace that leans the other way
                spans.add(aSpan().childOf(server).service("api").version(v + ".0").name("SELECT")
                        .kind(SpanKind.CLIENT).startMs(i).durationMs(2)
                        .attributes("{\"region\":\"" + (v == 1 ? "apac" : "eu") + "\",\"db.system\":\"postgresql\"}")
                        .resource("{\"service.name\":\"db-client\"}").build());
            }
        }
        try (ImportWriter w = ws.beginImport("/test/planted.json", "sha", "otlp-json", 1)) {
            for (SpanRecord s : spans) {
                w.addSpan(s);
            }
            w.commit("planted spans");
        }
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static AttributeDifferences.Result servers() throws Exception {
        return new AttributeDifferences(ws).compare(OLD, NEW, "kind = server", Unit.SPAN);
    }

    private static AttributeDifferences.AttributeDifference field(AttributeDifferences.Result r, String field) {
        return r.attributes().stream().filter(a -> a.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " in " + r.attributes()));
    }

    @Test
    void plantedConfounderRanksFirstAmongTheNonTautological() throws Exception {
        AttributeDifferences.Result r = servers();
        assertEquals(N, r.baselineN());
        assertEquals(N, r.candidateN());
        AttributeDifferences.AttributeDifference first = r.attributes().get(0);
        assertEquals("span.region", first.field());
        assertFalse(first.tautological());
        assertEquals("span.region=apac: 20.0% vs 80.0%", first.summary());
        ContingencyTest.ContingencyResult t = first.test().value();
        // [[40, 160], [160, 40]]: chi2 = 400 * 0.6^2, V = 0.6
        assertEquals(144.0, t.chiSquare(), 1e-9);
        assertEquals(0.6, t.cramersV(), 1e-12);
        assertEquals(1, t.df());
        assertEquals(40, first.values().stream().filter(v -> "apac".equals(v.value())).findFirst().orElseThrow().baseline());
        assertTrue(first.pAdjusted() < 1e-20, "p " + first.pAdjusted());
        AttributeDifferences.AttributeDifference cache = field(r, "span.cache.hit");
        assertTrue(r.attributes().indexOf(cache) > 0);
        assertTrue(cache.test().value().cramersV() < 0.2, cache.toString());
        assertEquals(1.0, field(r, "span.http.route").test().value().chiSquareP(), 1e-12);
    }

    @Test
    void fieldsTheFilterNamesAndFieldsThatNeverOverlapAreFlaggedAndRankedApart() throws Exception {
        AttributeDifferences.Result r = servers();
        AttributeDifferences.AttributeDifference version = field(r, "resource.service.version");
        assertEquals(AttributeDifferences.Tautology.NAMED_IN_FILTER, version.tautology());
        AttributeDifferences.AttributeDifference pod = field(r, "resource.k8s.pod.name");
        assertEquals(AttributeDifferences.Tautology.VALUES_NEVER_OVERLAP, pod.tautology());
        assertEquals(1.0, pod.test().value().cramersV(), 1e-12, "the pod tells the version exactly");
        assertEquals(AttributeDifferences.Tautology.NONE, field(r, "span.region").tautology());
        assertEquals(AttributeDifferences.Tautology.NONE, field(r, "resource.service.name").tautology());
        int lastPlain = -1;
        int firstTautological = Integer.MAX_VALUE;
        for (int i = 0; i < r.attributes().size(); i++) {
            if (r.attributes().get(i).tautological()) {
                firstTautological = Math.min(firstTautological, i);
                assertTrue(Double.isNaN(r.attributes().get(i).pAdjusted()), "outside the BH family");
            } else {
                lastPlain = i;
            }
        }
        assertTrue(lastPlain < firstTautological, "tautological attributes come after all others");
    }

    @Test
    void adjustedPIsBenjaminiHochbergOverTheNonTautologicalAttributesWithAP() throws Exception {
        AttributeDifferences.Result r = servers();
        List<AttributeDifferences.AttributeDifference> family = r.attributes().stream()
                .filter(a -> !a.tautological() && a.test().isOk()).toList();
        assertTrue(family.size() >= 5, family.toString());
        double[] p = family.stream().mapToDouble(a -> a.test().value().chiSquareP()).toArray();
        double[] bh = MultipleComparisons.benjaminiHochberg(p);
        for (int i = 0; i < family.size(); i++) {
            assertEquals(bh[i], family.get(i).pAdjusted(), 0.0, family.get(i).field());
            if (i > 0) {
                assertTrue(family.get(i - 1).pAdjusted() <= family.get(i).pAdjusted(), "ranked by adjusted p");
            }
        }
    }

    @Test
    void rareAndSurplusValuesGoToOtherAndTheAbsentKeyToMissing() throws Exception {
        AttributeDifferences.Result r = servers();
        AttributeDifferences.AttributeDifference bucket = field(r, "span.bucket");
        assertEquals(25, bucket.distinctValues());
        assertTrue(bucket.highCardinality());
        assertEquals(AttributeValueCountsQuery.MAX_VALUES + 1, bucket.values().size(), "20 values and (other)");
        AttributeDifferences.ValueShare other = label(bucket, "(other)");
        assertEquals(2 * N - 20 * 16, other.baseline() + other.candidate());
        AttributeDifferences.AttributeDifference rare = field(r, "span.rare");
        assertEquals(List.of("(other)", "common"), rare.values().stream().map(AttributeDifferences.ValueShare::label)
                .sorted().toList(), "values seen fewer than 5 times are (other)");
        assertEquals(2, label(rare, "(other)").baseline());
        AttributeDifferences.AttributeDifference user = field(r, "span.user.id");
        assertTrue(user.highCardinality());
        assertEquals(Optional.of(StatProblem.SINGLE_CATEGORY), user.test().problem(), "every id is (other)");
        AttributeDifferences.AttributeDifference weird = field(r, "span.weird\"key;--");
        assertEquals("x'y", weird.values().get(0).value());
        AttributeDifferences.AttributeDifference code = field(r, "span.code");
        assertEquals("number", code.values().get(0).type());
        assertEquals(Set.of("200", "500"), new HashSet<>(code.values().stream().map(AttributeDifferences.ValueShare::value)
                .toList()));
    }

    @Test
    void aKeyOnlyOneCohortCarriesIsComparedOnItsPresence() throws Exception {
        // no scope: the client spans (db.system, no http.route) count too
        AttributeDifferences.Result r = new AttributeDifferences(ws).compare(OLD, NEW, null, Unit.SPAN);
        assertEquals(2 * N, r.baselineN());
        AttributeDifferences.AttributeDifference route = field(r, "span.http.route");
        assertEquals(N, label(route, "(missing)").baseline());
        AttributeDifferences.AttributeDifference region = field(r, "span.region");
        assertEquals(N + N / 5, label(region, "apac").baseline(), "the client spans are in");
    }

    @Test
    void byTraceTheScopedSpansOfTheCohortsTracesAreCounted() throws Exception {
        AttributeDifferences.Result bySpan = new AttributeDifferences(ws).compare(OLD, NEW, "kind = client", Unit.SPAN);
        AttributeDifferences.Result byTrace = new AttributeDifferences(ws).compare(OLD,
                new Cohort("new", "span.region = \"apac\" and service.version = \"2.0\""), "kind = client", Unit.TRACE);
        assertEquals(N, bySpan.baselineN(), "the client spans carry the version too");
        assertEquals(N, byTrace.baselineN());
        assertEquals(N * 4 / 5, byTrace.candidateN(), "the client spans of the 160 apac traces");
        assertEquals(N * 4 / 5, label(field(byTrace, "span.region"), "eu").candidate(),
                "their own region, not the server span's");
    }

    @Test
    void anEmptyCohortGivesProblemsNotFailures() throws Exception {
        AttributeDifferences.Result r = new AttributeDifferences(ws).compare(OLD,
                new Cohort("none", "span.region = \"x'; drop table spans; --\""), "kind = server", Unit.SPAN);
        assertEquals(0, r.candidateN());
        assertFalse(r.attributes().isEmpty());
        for (AttributeDifferences.AttributeDifference a : r.attributes()) {
            assertEquals(Optional.of(StatProblem.EMPTY_CATEGORY), a.test().problem(), a.field());
        }
        assertEquals(N, servers().baselineN(), "the spans are still there");
    }

    @Test
    void theFieldsAFilterNamesAreFoundAnywhereInItsTree() throws Exception {
        Set<String> named = new HashSet<>();
        AttributeDifferences.namedFields(FilterParser.parse(
                "not (span.a = 1 or resource.b exists) and (c in (\"x\", \"y\") or Service.Version != \"2\")"), named);
        assertEquals(Set.of("span:a", "resource:b", "span:c", "resource:c", "span:Service.Version",
                "resource:Service.Version", "span:service.version", "resource:service.version"), named);
    }

    private static AttributeDifferences.ValueShare label(AttributeDifferences.AttributeDifference a, String label) {
        return a.values().stream().filter(v -> v.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + a));
    }
}
