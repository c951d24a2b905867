package io.prodlab.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The traces file is spec-conformant OTLP/JSON with the structure real instrumentation produces. */
class OtlpOutputTest {

    private static final long SPANS = 30_000;
    private static final int PER_LINE = 1000;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    private static final Set<String> SPAN_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "flags", "name",
            "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes", "events", "links", "status");

    @TempDir
    static Path dir;
    static DemoGenerator.Result result;
    static ParsedDataset data;
    static final List<String> lineProblems = new ArrayList<>();
    static final Set<String> valueTypesSeen = new TreeSet<>();

    @BeforeAll
    static void generate() throws IOException {
        result = new DemoGenerator().generate(dir, new DemoGenerator.Options(SPANS, 11, PER_LINE));
        data = ParsedDataset.read(result, OtlpOutputTest::checkLine);
    }

    /** Shape checks on the raw JSON of one line; problems are collected and asserted empty below. */
    private static void checkLine(JsonNode line) {
        if (line.size() != 1 || !line.path("resourceSpans").isArray()) {
            lineProblems.add("line is not {\"resourceSpans\":[...]}: " + line.fieldNames().next());
            return;
        }
        Set<String> resourcesInLine = new HashSet<>();
        for (JsonNode rs : line.get("resourceSpans")) {
            Map<String, String> resource = ParsedDataset.attributes(rs.path("resource").path("attributes"));
            for (String key : List.of("service.name", "service.version", "service.namespace", "deployment.environment",
                    "host.name", "k8s.pod.name", "telemetry.sdk.language")) {
                if (resource.get(key) == null) {
                    lineProblems.add("resource without " + key);
                }
            }
            if (!resourcesInLine.add(resource.get("k8s.pod.name"))) {
                lineProblems.add("two ResourceSpans for one resource in a line: " + resource.get("k8s.pod.name"));
            }
            checkAttributes(rs.path("resource").path("attributes"));
            for (JsonNode ss : rs.path("scopeSpans")) {
                if (!ss.path("scope").path("name").isTextual() || !ss.path("scope").path("version").isTextual()) {
                    lineProblems.add("scope without name and version");
                }
                for (JsonNode s : ss.path("spans")) {
                    checkSpan(s);
                }
            }
        }
    }

    private static void checkSpan(JsonNode s) {
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SPAN_FIELDS.contains(f)) {
                lineProblems.add("unexpected span field " + f);
            }
        }
        if (!TRACE_ID.matcher(s.path("traceId").asText()).matches()
                || s.path("traceId").asText().equals("0".repeat(32))) {
            lineProblems.add("bad traceId " + s.path("traceId"));
        }
        if (!SPAN_ID.matcher(s.path("spanId").asText()).matches() || s.path("spanId").asText().equals("0".repeat(16))) {
            lineProblems.add("bad spanId " + s.path("spanId"));
        }
        String parent = s.path("parentSpanId").asText(null);
        if (parent == null || !(parent.isEmpty() || SPAN_ID.matcher(parent).matches())) {
            lineProblems.add("bad parentSpanId " + s.path("parentSpanId"));
        }
        if (!s.path("kind").isInt() || s.path("kind").asInt() < 1 || s.path("kind").asInt() > 5) {
            lineProblems.add("kind is not an integer 1..5: " + s.path("kind"));
        }
        for (String f : List.of("startTimeUnixNano", "endTimeUnixNano")) {
            if (!s.path(f).isTextual() || !DECIMAL.matcher(s.path(f).asText()).matches()) {
                lineProblems.add(f + " is not a decimal string: " + s.path(f));
            }
        }
        JsonNode status = s.path("status");
        if (!status.isObject()) {
            lineProblems.add("status is not an object");
        } else if (!status.isEmpty()
                && !(status.size() == 2 && status.path("code").asInt() == 2 && status.path("message").isTextual())) {
            lineProblems.add("status is neither {} nor an error with a message: " + status);
        }
        checkAttributes(s.path("attributes"));
        for (JsonNode e : s.path("events")) {
            if (!DECIMAL.matcher(e.path("timeUnixNano").asText()).matches() || !e.path("timeUnixNano").isTextual()
                    || !e.path("name").isTextual()) {
                lineProblems.add("bad event " + e);
            }
            checkAttributes(e.path("attributes"));
        }
        for (JsonNode l : s.path("links")) {
            if (!TRACE_ID.matcher(l.path("traceId").asText()).matches()
                    || !SPAN_ID.matcher(l.path("spanId").asText()).matches()) {
                lineProblems.add("bad link " + l);
            }
        }
    }

    private static void checkAttributes(JsonNode attributes) {
        if (!attributes.isArray()) {
            lineProblems.add("attributes is not an array");
            return;
        }
        for (JsonNode kv : attributes) {
            JsonNode v = kv.path("value");
            if (!kv.path("key").isTextual() || v.size() != 1) {
                lineProblems.add("attribute is not {key, value:{oneType}}: " + kv);
                continue;
            }
            String type = v.fieldNames().next();
            valueTypesSeen.add(type);
            JsonNode x = v.get(type);
            boolean ok = switch (type) {
                case "stringValue" -> x.isTextual();
                case "intValue" -> x.isTextual() && DECIMAL.matcher(x.asText()).matches();
                case "doubleValue" -> x.isNumber();
                case "boolValue" -> x.isBoolean();
                default -> false;
            };
            if (!ok) {
                lineProblems.add("bad attribute value " + kv);
            }
        }
    }

    @Test
    void everyLineIsAnExportRequestOfTheRightShape() {
        assertEquals(List.of(), lineProblems.subList(0, Math.min(20, lineProblems.size())));
    }

    @Test
    void attributesUseEveryScalarValueType() {
        assertEquals(Set.of("boolValue", "doubleValue", "intValue", "stringValue"), valueTypesSeen);
    }

    @Test
    void linesHoldTheConfiguredNumberOfSpans() {
        List<Integer> perLine = data.spansPerLine;
        for (int i = 0; i < perLine.size() - 1; i++) {
            assertEquals(PER_LINE, perLine.get(i), "line " + (i + 1));
        }
        int last = perLine.get(perLine.size() - 1);
        assertTrue(last >= 1 && last <= PER_LINE, "last line holds " + last);
        assertEquals(data.groundTruth.path("counts").path("lines").asLong(), perLine.size());
    }

    @Test
    void spanCountIsTheRequestedOneWithinOneTrace() {
        int largestTrace = data.byTrace().values().stream().mapToInt(List::size).max().orElseThrow();
        // The last request may bring its e-mail trace (2 spans) along.
        assertTrue(result.spans() >= SPANS && result.spans() < SPANS + largestTrace + 2,
                result.spans() + " spans for " + SPANS + " requested, largest trace " + largestTrace);
        assertEquals(result.spans(), data.spans.size());
        assertEquals(result.spans(), data.groundTruth.path("counts").path("spans").asLong());
        assertEquals(result.traces(), data.byTrace().size());
        assertEquals(result.traces(), data.groundTruth.path("counts").path("traces").asLong());
    }

    @Test
    void spanIdsAreUniqueAndParentsExistInTheSameTrace() {
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        assertEquals(data.spans.size(), index.size(), "duplicate span ids");
        for (List<ParsedDataset.Span> trace : data.byTrace().values()) {
            long roots = trace.stream().filter(s -> s.parentSpanId().isEmpty()).count();
            assertEquals(1, roots, "roots in trace " + trace.get(0).traceId());
        }
        for (ParsedDataset.Span s : data.spans) {
            if (!s.parentSpanId().isEmpty()) {
                assertNotNull(data.parentOf(index, s), "parent of " + s.spanId() + " not in trace " + s.traceId());
            }
        }
    }

    @Test
    void childrenLieWithinTheirParentsAndParentsCoverTheirChildrensTime() {
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        Map<String, Long> childTime = new java.util.HashMap<>();
        for (ParsedDataset.Span s : data.spans) {
            assertTrue(s.endNs() >= s.startNs(), "negative duration: " + s);
            for (ParsedDataset.Event e : s.events()) {
                assertTrue(e.timeNs() >= s.startNs() && e.timeNs() <= s.endNs(), "event outside its span: " + s);
            }
            if (s.parentSpanId().isEmpty()) {
                continue;
            }
            ParsedDataset.Span p = data.parentOf(index, s);
            assertTrue(s.startNs() >= p.startNs() && s.endNs() <= p.endNs(),
                    () -> "child " + s.name() + " outside parent " + p.name() + " in trace " + s.traceId());
            childTime.merge(p.traceId() + "/" + p.spanId(), s.endNs() - s.startNs(), Long::sum);
        }
        // Calls are sequential, so a parent's duration is its children's plus its own work.
        childTime.forEach((id, sum) -> assertTrue(sum <= index.get(id).endNs() - index.get(id).startNs(),
                "children outlast parent " + id));
    }

    @Test
    void requestTracesStartAtTheFrontendWithUserAndSession() {
        for (ParsedDataset.Span s : data.spans) {
            if (!s.parentSpanId().isEmpty()) {
                continue;
            }
            if (s.kind() == 2) {
                assertEquals("frontend", s.service());
                assertNotNull(s.attr("user.id"));
                assertNotNull(s.attr("session.id"));
                assertNotNull(s.attr("http.route"));
                assertNotNull(s.attr("http.response.status_code"));
            } else {
                assertEquals(5, s.kind(), "a root is a frontend SERVER span or an email CONSUMER span");
                assertEquals("email", s.service());
            }
        }
    }

    @Test
    void serverSpansAreChildrenOfClientSpansInTheCaller() {
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        for (ParsedDataset.Span s : data.spans) {
            if (s.kind() != 2 || s.parentSpanId().isEmpty()) {
                continue;
            }
            ParsedDataset.Span p = data.parentOf(index, s);
            assertEquals(3, p.kind(), "parent of a server span is a client span");
            assertFalse(p.service().equals(s.service()), "a call crosses services");
            assertEquals(s.service(), p.attr("server.address"), "client names its callee");
            assertEquals(p.error(), s.error(), "the client sees the server's failure");
        }
    }

    @Test
    void dependencyEdgesDerivedFromTheDataAreTheGroundTruthEdges() {
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        Set<String> derived = new TreeSet<>();
        for (ParsedDataset.Span s : data.spans) {
            if (s.kind() == 2 && !s.parentSpanId().isEmpty()) {
                derived.add(data.parentOf(index, s).service() + "->" + s.service());
            } else if (s.kind() == 3 && s.attr("db.system") != null) {
                derived.add(s.service() + "->" + s.attr("db.system"));
            } else if (s.kind() == 4) {
                derived.add(s.service() + "->" + s.attr("messaging.system"));
            } else if (s.kind() == 5) {
                derived.add(s.attr("messaging.system") + "->" + s.service());
            }
        }
        Set<String> truth = new TreeSet<>();
        for (JsonNode e : data.groundTruth.path("edges")) {
            truth.add(e.path("source").asText() + "->" + e.path("target").asText());
        }
        assertEquals(truth, derived);
    }

    @Test
    void databaseCacheAndProducerSpansAreLeavesWithTheirSemanticAttributes() {
        Set<String> parents = new HashSet<>();
        for (ParsedDataset.Span s : data.spans) {
            parents.add(s.traceId() + "/" + s.parentSpanId());
        }
        int postgres = 0;
        int redis = 0;
        for (ParsedDataset.Span s : data.spans) {
            String db = s.attr("db.system");
            if (db != null) {
                assertEquals(3, s.kind());
                assertFalse(parents.contains(s.traceId() + "/" + s.spanId()), "a database emits no server span");
                assertNotNull(s.attr("db.statement"));
                if (db.equals("postgresql")) {
                    postgres++;
                    assertNotNull(s.attr("db.name"));
                } else {
                    assertEquals("redis", db);
                    redis++;
                }
            }
            if (s.kind() == 4) {
                assertEquals("kafka", s.attr("messaging.system"));
                assertEquals("orders", s.attr("messaging.destination.name"));
            }
        }
        assertTrue(postgres > 0 && redis > 0);
    }

    @Test
    void consumerSpansLinkToTheirProducerInAnotherTrace() {
        Map<String, ParsedDataset.Span> index = data.bySpanId();
        int consumers = 0;
        for (ParsedDataset.Span s : data.spans) {
            if (s.kind() != 5) {
                continue;
            }
            consumers++;
            assertEquals(1, s.links().size());
            ParsedDataset.Span producer = index.get(s.links().get(0)[0] + "/" + s.links().get(0)[1]);
            assertNotNull(producer, "linked producer is in the file");
            assertEquals(4, producer.kind());
            assertFalse(producer.traceId().equals(s.traceId()));
            assertTrue(s.startNs() >= producer.endNs(), "consumed after it was sent");
        }
        assertTrue(consumers > 0);
    }

    @Test
    void grpcSpansCarryRpcAttributes() {
        int grpc = 0;
        for (ParsedDataset.Span s : data.spans) {
            if ("grpc".equals(s.attr("rpc.system"))) {
                grpc++;
                assertEquals(s.attr("rpc.service") + "/" + s.attr("rpc.method"), s.name());
            }
        }
        assertTrue(grpc > data.spans.size() / 4);
    }

    @Test
    void flagEvaluationsAreEventsAndAttributesOfTheEvaluatingSpan() {
        int evaluations = 0;
        for (ParsedDataset.Span s : data.spans) {
            List<ParsedDataset.Event> flagEvents = s.events().stream()
                    .filter(e -> e.name().equals("feature_flag.evaluation")).toList();
            if (s.attr("feature_flag.key") == null) {
                assertTrue(flagEvents.isEmpty());
                continue;
            }
            evaluations++;
            assertEquals(1, flagEvents.size());
            Map<String, String> a = flagEvents.get(0).attributes();
            assertEquals(s.attr("feature_flag.key"), a.get("feature_flag.key"));
            assertEquals(s.attr("feature_flag.result.variant"), a.get("feature_flag.result.variant"));
            assertEquals("flagd", a.get("feature_flag.provider.name"));
        }
        assertTrue(evaluations > 0);
    }

    @Test
    void theRunCoversAboutHalfAnHourFromTheFixedStart() {
        long start = data.spans.stream().mapToLong(ParsedDataset.Span::startNs).min().orElseThrow();
        long end = data.spans.stream().mapToLong(ParsedDataset.Span::endNs).max().orElseThrow();
        assertEquals(java.time.Instant.parse("2026-11-01T12:00:00Z").getEpochSecond() * 1_000_000_000L, start);
        double minutes = (end - start) / 60e9;
        assertTrue(minutes > 25 && minutes < 35, minutes + " minutes");
        assertEquals(start, data.groundTruth.path("time").path("first_span_start_ns").asLong());
        assertEquals(end, data.groundTruth.path("time").path("last_span_end_ns").asLong());
    }

    @Test
    void errorsCarryAMessageAndHttpRootsReport500() {
        long errors = 0;
        for (ParsedDataset.Span s : data.spans) {
            if (s.error()) {
                errors++;
                assertFalse(s.statusMessage().isBlank());
            }
            if (s.parentSpanId().isEmpty() && s.kind() == 2) {
                assertEquals(s.error() ? "500" : "200", s.attr("http.response.status_code"));
            }
        }
        assertEquals(data.groundTruth.path("counts").path("error_spans").asLong(), errors);
        if (errors == 0) {
            fail("no errors in " + data.spans.size() + " spans");
        }
    }
}
