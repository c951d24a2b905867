package io.prodlab.experiment;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The teaching datasets: small trace recordings with a planted truth, each showing one trap of
 * experiment design and how the checks catch it, with the plan that studies it and a sidecar file
 * that says what the workbench must conclude. Seeded: the same code writes the same bytes.
 */
public final class Lessons {
    static final long DAY0 = Instant.parse("2025-11-24T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long HOUR = 3_600_000_000_000L;
    private static final int PER_ARM = 2000;

    /**
     * One lesson.
     *
     * @param name its folder under sample-data/lessons
     * @param trap what it teaches, in a sentence
     * @param verdicts the verdicts the workbench may reach (one, or two for an A/A: either is right)
     * @param failing the checks that must fail (and no other may)
     */
    public record Lesson(String name, String title, String trap, String plan, List<String> verdicts,
                         List<String> failing) {
        /** The files of its folder to import: the traces, and the exposure log when it has one. */
        public List<Path> dataFiles(Path folder) {
            return hasExposureLog(name) ? List.of(folder.resolve(TRACES), folder.resolve(EXPOSURES))
                    : List.of(folder.resolve(TRACES));
        }
    }

    /** The recording's file in a lesson's folder. */
    public static final String TRACES = "traces.otlp.jsonl.gz";
    /** The exposure log's file in the folder of a lesson that has one. */
    public static final String EXPOSURES = "exposures.jsonl.gz";
    private static final String LOST_TELEMETRY = "exposure-lost-telemetry";

    static boolean hasExposureLog(String lesson) {
        return lesson.equals(LOST_TELEMETRY);
    }

    private Lessons() {
    }

    /** Every lesson, in teaching order. */
    public static List<Lesson> all() {
        return List.of(
                new Lesson("clean-ab", "A clean A/B test with a real effect",
                        "Search v2 really is 8% slower. Randomised, balanced, one unit per trace: every check "
                                + "passes and the effect is found with the power the plan asked for.",
                        flagPlan("clean-ab", "increase", ""), List.of("supported"), List.of()),
                new Lesson("aa", "An A/A test: no effect at all",
                        "Both cohorts get the same search. A workbench that finds an effect here finds effects "
                                + "that are not there; it must say there is none (or that it cannot tell).",
                        flagPlan("aa", "increase", ""), List.of("not_supported", "inconclusive"), List.of()),
                new Lesson("srm-redirect", "Sample ratio mismatch from a redirect",
                        "Search v2 redirects most slow searches to a page that is not traced: those traces are "
                                + "lost, so v2 looks faster. The 50/50 split arrives as 2000 against ~1700 traces: "
                                + "the sample ratio check fails and the result is invalid.",
                        flagPlan("srm-redirect", "increase", ""), List.of("invalid"), List.of("srm")),
                new Lesson("simpsons", "Simpson's paradox across regions",
                        "v2 is 10% slower in every region, but most of its traffic came from the fast region: "
                                + "pooled, it looks faster. Covariate balance and the Simpson's check both fail.",
                        flagPlan("simpsons", "increase", ""), List.of("invalid"),
                        List.of("covariate_balance", "simpsons")),
                new Lesson("canary-extra-spans", "A canary that emits extra spans",
                        "The canary adds three internal spans to every search. Summed over the service's spans, "
                                + "it looks 15 ms slower although no request is: instrumentation parity fails.",
                        canaryPlan(), List.of("invalid"), List.of("instrumentation_parity")),
                new Lesson("before-after-time-of-day", "A before/after confounded by time of day",
                        "Version 1.1 was deployed at noon and the afternoon is always busier: it looks slower "
                                + "although it changed nothing. The cohorts cover different hours; time overlap "
                                + "fails.",
                        beforeAfterPlan(), List.of("invalid"), List.of("time_overlap")),
                new Lesson("fault-injection", "A fault-injection study with a steady-state hypothesis",
                        "40 ms of latency injected into search for an hour, against the same hour a day earlier. "
                                + "The steady-state hypothesis (gateway latency no more than 20% worse) does not "
                                + "hold: the fault raised it by about 40%.",
                        faultPlan(), List.of("not_supported"), List.of()),
                new Lesson(LOST_TELEMETRY, "Lost telemetry behind a fair split",
                        "The exposure log shows search-v2 split 4000 users evenly, but v2's exporter drops about "
                                + "15% of its traces. The assignment stage passes and the trace stage fails: the "
                                + "sample ratio check says the units were lost after assignment, in telemetry, "
                                + "and the result is invalid whatever it shows.",
                        flagPlan(LOST_TELEMETRY, "increase", "randomization_unit: enduser.id\nexposure_flag: search-v2\n"),
                        List.of("invalid"), List.of("srm")));
    }

    /** Writes every lesson's folder under {@code dir}: traces, plan and truth. */
    public static void writeAll(Path dir) throws IOException {
        for (Lesson l : all()) {
            write(l, dir);
        }
    }

    /** Writes one lesson's folder under {@code dir}; returns it. */
    public static Path write(Lesson l, Path dir) throws IOException {
        Path d = dir.resolve(l.name());
        Files.createDirectories(d);
        AtomicFile.write(d.resolve(TRACES), out -> traces(l.name(), out));
        if (hasExposureLog(l.name())) {
            AtomicFile.write(d.resolve(EXPOSURES), out -> exposures(l.name(), out));
        }
        AtomicFile.writeString(d.resolve("plan.yaml"), l.plan());
        AtomicFile.writeString(d.resolve("truth.json"), truth(l));
        return d;
    }

    static String truth(Lesson l) {
        return "{\n  \"lesson\": \"" + l.name() + "\",\n  \"trap\": \"" + l.trap().replace("\"", "\\\"") + "\",\n"
                + "  \"verdicts\": " + list(l.verdicts()) + ",\n  \"failing_checks\": " + list(l.failing()) + "\n}\n";
    }

    private static String list(List<String> v) {
        return v.stream().map(s -> "\"" + s + "\"").toList().toString();
    }

    // --- plans ------------------------------------------------------------------------------

    private static String flagPlan(String name, String hypothesis, String extra) {
        return """
                # Lesson %s: see truth.json for what the workbench must conclude.
                name: %s
                question: Does search v2 slow down GET /search?
                change: search v2 behind the flag search-v2
                template: feature_flag
                unit: trace
                cohorts:
                  - {name: control,   where: 'feature_flag.result.variant = "control"',   expected_share: 0.5}
                  - {name: treatment, where: 'feature_flag.result.variant = "treatment"', expected_share: 0.5}
                scope: 'service.name = "gateway" and name = "GET /search"'
                primary_metric: {metric: latency, statistic: mean, hypothesis: %s, minimum_effect: 5%%}
                guardrails: [{metric: error_rate, max_increase: 1pp}]
                covariates: [app.region]
                alpha: 0.05
                power: 0.8
                %s""".formatted(name, name, hypothesis, extra);
    }

    private static String canaryPlan() {
        return """
                # Lesson canary-extra-spans: see truth.json for what the workbench must conclude.
                name: canary-extra-spans
                question: Is search 2.4.0 no slower than 2.3.0?
                change: search-service 2.4.0 as a canary beside 2.3.0
                template: canary
                unit: trace
                cohorts:
                  - {name: baseline, where: 'service.name = "search" and service.version = "2.3.0"', expected_share: 0.5}
                  - {name: canary,   where: 'service.name = "search" and service.version = "2.4.0"', expected_share: 0.5}
                scope: 'service.name = "search"'
                primary_metric: {metric: latency, statistic: mean, hypothesis: no_worse_than, minimum_effect: 5%, worse: higher}
                guardrails: [{metric: error_rate, max_increase: 1pp}]
                alpha: 0.05
                power: 0.8
                """;
    }

    private static String beforeAfterPlan() {
        return """
                # Lesson before-after-time-of-day: see truth.json for what the workbench must conclude.
                name: before-after-time-of-day
                question: Did the cache settings of search 1.1 make GET /search faster?
                change: search 1.1 (new cache settings), deployed at noon
                template: config_change
                unit: trace
                cohorts:
                  - {name: before, where: 'service.version = "1.0"'}
                  - {name: after,  where: 'service.version = "1.1"'}
                scope: 'service.name = "gateway" and name = "GET /search"'
                primary_metric: {metric: latency, statistic: mean, hypothesis: decrease, minimum_effect: 5%}
                alpha: 0.05
                power: 0.8
                """;
    }

    private static String faultPlan() {
        return """
                # Lesson fault-injection: see truth.json for what the workbench must conclude.
                name: fault-injection
                question: Does the gateway stay within 20% of its steady-state latency when search slows by 40 ms?
                change: 40 ms of latency injected into search from 14:00 to 15:00 on 2025-11-25
                template: fault_injection
                unit: trace
                cohorts:
                  - {name: steady-state, where: 'service.name = "gateway"', window: {from: 2025-11-24T14:00:00Z, to: 2025-11-24T15:00:00Z}}
                  - {name: fault,        where: 'service.name = "gateway"', window: {from: 2025-11-25T14:00:00Z, to: 2025-11-25T15:00:00Z}}
                scope: 'service.name = "gateway" and name = "GET /search"'
                primary_metric: {metric: latency, statistic: mean, hypothesis: no_worse_than, minimum_effect: 20%, worse: higher}
                guardrails: [{metric: error_rate, max_increase: 1pp}]
                alpha: 0.05
                power: 0.8
                """;
    }

    // --- traces -----------------------------------------------------------------------------

    /**
     * One request as the lessons model it: a gateway server span with a search child (and extras).
     *
     * @param user the end user (null: one per trace, numbered as the traces are written)
     * @param lost true when its trace never reached the recording (its exposure did)
     */
    private record Request(long startNs, double gatewayMs, double searchMs, boolean failed, String variant,
                           String region, String gatewayVersion, String searchVersion, int extraSpans, String user,
                           boolean lost) {
        Request(long startNs, double gatewayMs, double searchMs, boolean failed, String variant, String region,
                String gatewayVersion, String searchVersion, int extraSpans) {
            this(startNs, gatewayMs, searchMs, failed, variant, region, gatewayVersion, searchVersion, extraSpans, null,
                    false);
        }
    }

    static void traces(String lesson, OutputStream raw) throws IOException {
        SplittableRandom rnd = new SplittableRandom(lesson.hashCode() * 31L + 7);
        List<Request> requests = requests(lesson, rnd);
        try (GZIPOutputStream gz = new GZIPOutputStream(raw);
             JsonGenerator g = new JsonFactory().createGenerator(gz, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            long n = 0;
            for (Request r : requests) {
                if (r.lost()) {
                    continue;
                }
                n++;
                writeTrace(g, r, n, rnd);
                g.flush();
                gz.write('\n');
            }
        }
    }

    /**
     * The exposure log of a lesson that has one: each user's assignment to a variant of search-v2,
     * as gzipped JSON lines (user_id, flag_key, variant, reason, timestamp in ms), a second before the request.
     */
    static void exposures(String lesson, OutputStream out) throws IOException {
        SplittableRandom rnd = new SplittableRandom(lesson.hashCode() * 31L + 7);
        try (GZIPOutputStream gz = new GZIPOutputStream(out);
             JsonGenerator g = new JsonFactory().createGenerator(gz, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (Request r : requests(lesson, rnd)) {
                g.writeStartObject();
                g.writeStringField("user_id", r.user());
                g.writeStringField("flag_key", "search-v2");
                g.writeStringField("variant", r.variant());
                g.writeStringField("reason", "split");
                g.writeNumberField("timestamp", r.startNs() / 1_000_000 - 1000);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private static List<Request> requests(String lesson, SplittableRandom rnd) {
        return switch (lesson) {
            case "clean-ab" -> flag(rnd, 1.08, false, false);
            case "aa" -> flag(rnd, 1.0, false, false);
            case "srm-redirect" -> flag(rnd, 1.0, true, false);
            case "simpsons" -> flag(rnd, 1.10, false, true);
            case "canary-extra-spans" -> canary(rnd);
            case "before-after-time-of-day" -> beforeAfter(rnd);
            case "fault-injection" -> fault(rnd);
            case LOST_TELEMETRY -> lostTelemetry(rnd);
            default -> throw new IllegalArgumentException("no lesson " + lesson);
        };
    }

    /** An even split of users, logged; v2's exporter loses 15% of its traces at random. */
    private static List<Request> lostTelemetry(SplittableRandom rnd) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < 2 * PER_ARM; i++) {
            boolean treatment = rnd.nextBoolean();
            String region = rnd.nextBoolean() ? "apac" : "eu";
            double ms = lognormal(rnd, 100, 0.3);
            long start = DAY0 + (long) (rnd.nextDouble() * 24 * HOUR);
            boolean failed = rnd.nextDouble() < 0.01;
            boolean lost = treatment && rnd.nextDouble() < 0.15;
            out.add(new Request(start, ms, ms * 0.7, failed, treatment ? "treatment" : "control", region, "3.1.0",
                    "2.4.0", 0, "user-" + (i + 1), lost));
        }
        return sorted(out);
    }

    private static List<Request> flag(SplittableRandom rnd, double treatmentFactor, boolean dropSlowTreatment,
                                      boolean regionConfounded) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < 2 * PER_ARM; i++) {
            boolean treatment = rnd.nextBoolean();
            String region;
            if (regionConfounded) {
                boolean apac = rnd.nextDouble() < (treatment ? 0.2 : 0.8);
                region = apac ? "apac" : "eu";
            } else {
                region = rnd.nextBoolean() ? "apac" : "eu";
            }
            double base = regionConfounded ? (region.equals("apac") ? 150 : 50) : 100;
            double ms = lognormal(rnd, base * (treatment ? treatmentFactor : 1), 0.3);
            if (dropSlowTreatment && treatment && ms > 1.3 * base && rnd.nextDouble() < 0.8) {
                continue;
            }
            long start = DAY0 + (long) (rnd.nextDouble() * 24 * HOUR);
            boolean failed = rnd.nextDouble() < 0.01;
            out.add(new Request(start, ms, ms * 0.7, failed, treatment ? "treatment" : "control", region, "3.1.0",
                    "2.4.0", 0));
        }
        return sorted(out);
    }

    private static List<Request> canary(SplittableRandom rnd) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < 2 * PER_ARM; i++) {
            boolean canary = rnd.nextBoolean();
            double search = lognormal(rnd, 60, 0.3);
            long start = DAY0 + (long) (rnd.nextDouble() * 24 * HOUR);
            out.add(new Request(start, search / 0.7, search, rnd.nextDouble() < 0.01, null,
                    rnd.nextBoolean() ? "apac" : "eu", "3.1.0", canary ? "2.4.0" : "2.3.0", canary ? 3 : 0));
        }
        return sorted(out);
    }

    private static List<Request> beforeAfter(SplittableRandom rnd) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < 2 * PER_ARM; i++) {
            long start = DAY0 + (long) (rnd.nextDouble() * 24 * HOUR);
            double hour = (start - DAY0) / (double) HOUR;
            // Load peaks mid-afternoon: latency follows it; the deployment at noon changes nothing.
            double load = 1 + 0.4 * Math.exp(-Math.pow((hour - 15) / 4, 2));
            double ms = lognormal(rnd, 80 * load, 0.3);
            String version = hour < 12 ? "1.0" : "1.1";
            out.add(new Request(start, ms, ms * 0.7, rnd.nextDouble() < 0.01, null,
                    rnd.nextBoolean() ? "apac" : "eu", "3.1.0", version, 0));
        }
        return sorted(out);
    }

    private static List<Request> fault(SplittableRandom rnd) {
        List<Request> out = new ArrayList<>();
        for (int day = 0; day < 2; day++) {
            for (int i = 0; i < 1500; i++) {
                long start = DAY0 + day * 24 * HOUR + 14 * HOUR + (long) (rnd.nextDouble() * HOUR);
                double search = lognormal(rnd, 70, 0.3) + (day == 1 ? 40 : 0);
                double gateway = search + lognormal(rnd, 30, 0.3);
                out.add(new Request(start, gateway, search, rnd.nextDouble() < 0.01, null,
                        rnd.nextBoolean() ? "apac" : "eu", "3.1.0", "2.4.0", 0));
            }
        }
        return sorted(out);
    }

    private static List<Request> sorted(List<Request> r) {
        List<Request> out = new ArrayList<>(r);
        out.sort(java.util.Comparator.comparingLong(Request::startNs));
        return out;
    }

    /** A log-normal value with the given median and log-scale sigma. */
    private static double lognormal(SplittableRandom rnd, double median, double sigma) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return median * Math.exp(sigma * z);
    }

    private static void writeTrace(JsonGenerator g, Request r, long n, SplittableRandom rnd) throws IOException {
        String traceId = hex(n, 32);
        String root = hex(n * 16 + 1, 16);
        String search = hex(n * 16 + 2, 16);
        long gatewayEnd = r.startNs() + (long) (r.gatewayMs() * 1e6);
        long searchStart = r.startNs() + (long) ((r.gatewayMs() - r.searchMs()) * 0.5e6);
        long searchEnd = searchStart + (long) (r.searchMs() * 1e6);
        g.writeStartObject();
        g.writeArrayFieldStart("resourceSpans");
        // gateway
        resourceStart(g, "gateway", r.gatewayVersion(), r.region());
        span(g, traceId, root, "", "GET /search", 2, r.startNs(), gatewayEnd, r.failed(), attrs -> {
            attr(attrs, "http.route", "/search");
            attr(attrs, "app.region", r.region());
            attr(attrs, "enduser.id", r.user() != null ? r.user() : "user-" + (n % 100_000));
            if (r.variant() != null) {
                attr(attrs, "feature_flag.key", "search-v2");
                attr(attrs, "feature_flag.result.variant", r.variant());
                attr(attrs, "feature_flag.result.reason", "split");
            }
        });
        resourceEnd(g);
        // search
        resourceStart(g, "search", r.searchVersion(), r.region());
        span(g, traceId, search, root, "search", 2, searchStart, searchEnd, r.failed(), attrs ->
                attr(attrs, "app.region", r.region()));
        for (int k = 0; k < r.extraSpans(); k++) {
            long s = searchStart + (long) (r.searchMs() * 1e6 * k / (r.extraSpans() + 1));
            long e = s + (long) (5e6 * (0.5 + rnd.nextDouble()));
            span(g, traceId, hex(n * 16 + 3 + k, 16), search, "cache lookup " + (k + 1), 1, s, e, false, attrs -> { });
        }
        resourceEnd(g);
        g.writeEndArray();
        g.writeEndObject();
    }

    private interface Attributes {
        void write(JsonGenerator g) throws IOException;
    }

    private static void resourceStart(JsonGenerator g, String service, String version, String region)
            throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("resource");
        g.writeArrayFieldStart("attributes");
        attr(g, "service.name", service);
        attr(g, "service.version", version);
        attr(g, "cloud.region", region);
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("scopeSpans");
        g.writeStartObject();
        g.writeObjectFieldStart("scope");
        g.writeStringField("name", "prodlab.lessons");
        g.writeEndObject();
        g.writeArrayFieldStart("spans");
    }

    private static void resourceEnd(JsonGenerator g) throws IOException {
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void span(JsonGenerator g, String traceId, String spanId, String parent, String name, int kind,
                             long start, long end, boolean failed, Attributes attributes) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceId", traceId);
        g.writeStringField("spanId", spanId);
        if (!parent.isEmpty()) {
            g.writeStringField("parentSpanId", parent);
        }
        g.writeStringField("name", name);
        g.writeNumberField("kind", kind);
        g.writeStringField("startTimeUnixNano", Long.toString(start));
        g.writeStringField("endTimeUnixNano", Long.toString(end));
        g.writeArrayFieldStart("attributes");
        attributes.write(g);
        g.writeEndArray();
        if (failed) {
            g.writeObjectFieldStart("status");
            g.writeNumberField("code", 2);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void attr(JsonGenerator g, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("value");
        g.writeStringField("stringValue", value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static String hex(long v, int digits) {
        return String.format(Locale.ROOT, "%0" + digits + "x", v);
    }
}
