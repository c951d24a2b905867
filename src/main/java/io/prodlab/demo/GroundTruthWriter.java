package io.prodlab.demo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes ground-truth.json: the simulated system, every planted effect with its exact parameters, and
 * what this run realized (counts). The format is described in docs/sample-data.md. Numbers are written
 * from fixed decimal text and line ends are always "\n", so the file is byte-identical on every platform.
 */
final class GroundTruthWriter {

    static final String FORMAT = "prodlab-demo-ground-truth";
    static final int FORMAT_VERSION = 1;

    private final ShopTopology shop;
    private final DemoGenerator.Options options;
    private final String tracesFile;
    private final Realized realized;
    private final int users;
    private final double meanGapNs;

    GroundTruthWriter(ShopTopology shop, DemoGenerator.Options options, String tracesFile, Realized realized,
                      int users, double meanGapNs) {
        this.shop = shop;
        this.options = options;
        this.tracesFile = tracesFile;
        this.realized = realized;
        this.users = users;
        this.meanGapNs = meanGapNs;
    }

    void write(OutputStream out) throws IOException {
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf));
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("format_version", FORMAT_VERSION);
            g.writeStringField("generator", DemoGenerator.class.getName());
            g.writeNumberField("simulator_version", Scenario.SIMULATOR_VERSION);
            boolean otlp = options.format() == DemoGenerator.Format.OTLP;
            g.writeStringField("regenerate", "app/prodlab demo generate --spans " + options.spans() + " --seed "
                    + options.seed() + (otlp ? "" : " --format " + options.format().name().toLowerCase(java.util.Locale.ROOT))
                    + " DIR");

            g.writeObjectFieldStart("options");
            g.writeNumberField("spans", options.spans());
            g.writeNumberField("seed", options.seed());
            g.writeNumberField("spans_per_line", options.spansPerLine());
            g.writeBooleanField("gzip", options.gzip());
            g.writeEndObject();

            g.writeObjectFieldStart("files");
            g.writeStringField("traces", tracesFile);
            g.writeStringField("traces_format", switch (options.format()) {
                case OTLP -> "otlp-json-lines";
                case JAEGER -> "jaeger-json";
                case ZIPKIN -> "zipkin-v2-json";
            });
            g.writeEndObject();

            g.writeObjectFieldStart("time");
            g.writeStringField("start", Scenario.START);
            g.writeNumberField("start_ns", Scenario.START_NS);
            g.writeNumberField("first_span_start_ns", realized.firstStartNs);
            g.writeNumberField("last_span_end_ns", realized.lastEndNs);
            g.writeStringField("arrivals", "poisson");
            number(g, "requests_per_second", 1e9 / meanGapNs, 4);
            g.writeEndObject();

            g.writeObjectFieldStart("counts");
            g.writeNumberField("traces", realized.traces());
            g.writeNumberField("request_traces", realized.requestTraces);
            g.writeNumberField("async_traces", realized.asyncTraces);
            g.writeNumberField("spans", realized.spans);
            if (otlp) {
                g.writeNumberField("lines", realized.lines);
            }
            g.writeNumberField("error_spans", realized.errorSpans);
            g.writeEndObject();

            g.writeObjectFieldStart("units");
            g.writeStringField("user_attribute", "user.id");
            g.writeStringField("session_attribute", "session.id");
            g.writeStringField("on", "the root SERVER span of each request trace (frontend)");
            g.writeNumberField("user_pool", users);
            g.writeEndObject();

            writeServices(g);
            writeEdges(g);

            g.writeObjectFieldStart("effects");
            writeCanary(g);
            writeFlags(g);
            writeFault(g);
            g.writeNullField("sample_ratio_mismatch");
            g.writeObjectFieldStart("background_error_rates");
            number(g, "service_own", TraceSimulator.SERVICE_ERROR_RATE, 6);
            number(g, "database_call", TraceSimulator.DB_ERROR_RATE, 6);
            number(g, "cache_call", TraceSimulator.CACHE_ERROR_RATE, 6);
            number(g, "kafka_send", TraceSimulator.CACHE_ERROR_RATE, 6);
            g.writeStringField("propagation", "a failed critical call fails its caller (status message wraps the"
                    + " callee's); recommendation, the cart lookup on browse pages, EmptyCart, the kafka send and"
                    + " cache reads (which fall back to postgresql) are not critical");
            g.writeEndObject();
            g.writeEndObject();

            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private void writeServices(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("services");
        for (Service s : shop.services()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("kind", s.kind().code());
            if (s.instrumented()) {
                g.writeStringField("language", s.language());
                if (s.rpcService() != null) {
                    g.writeStringField("rpc_service", s.rpcService());
                }
                List<String> versions = new ArrayList<>();
                for (Instance i : s.instances()) {
                    if (!versions.contains(i.version())) {
                        versions.add(i.version());
                    }
                }
                g.writeArrayFieldStart("versions");
                for (String v : versions) {
                    g.writeString(v);
                }
                g.writeEndArray();
                g.writeNumberField("instances", s.instances().size());
            } else {
                g.writeStringField("inferred_from", switch (s.kind()) {
                    case DATABASE -> "CLIENT spans with db.system=" + s.name();
                    case CACHE -> "CLIENT spans with db.system=" + s.name();
                    case MESSAGING -> "PRODUCER/CONSUMER spans with messaging.system=" + s.name();
                    case SERVICE -> "its own spans";
                });
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeEdges(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("edges");
        for (ShopTopology.Edge e : ShopTopology.edges()) {
            g.writeStartObject();
            g.writeStringField("source", e.source());
            g.writeStringField("target", e.target());
            g.writeStringField("protocol", e.protocol());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void writeCanary(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("canary");
        g.writeStringField("service", Scenario.CANARY_SERVICE);
        g.writeStringField("baseline_version", Scenario.BASELINE_VERSION);
        g.writeStringField("canary_version", Scenario.CANARY_VERSION);
        number(g, "traffic_share", Scenario.CANARY_SHARE, 6);
        g.writeStringField("assignment", "per call: the load balancer sends each PlaceOrder call to the canary pod"
                + " with probability traffic_share");
        span(g, "span", Scenario.CANARY_SERVICE, "server", "oteldemo.CheckoutService/PlaceOrder");
        g.writeObjectFieldStart("latency");
        number(g, "added_ms", Scenario.CANARY_ADDED_MS, 3);
        number(g, "multiplier", 1.0, 3);
        g.writeStringField("applies_to", "own work of the span: every quantile of its duration and of its self"
                + " time shifts by added_ms");
        g.writeEndObject();
        g.writeObjectFieldStart("error_rate");
        number(g, "baseline", Scenario.BASELINE_OWN_ERROR_RATE, 6);
        number(g, "canary", Scenario.CANARY_OWN_ERROR_RATE, 6);
        g.writeStringField("status_message", Scenario.CHECKOUT_OWN_ERROR_MESSAGE);
        g.writeStringField("applies_to", "the span's own errors; it also fails when a critical downstream call"
                + " fails, equally for both versions");
        g.writeEndObject();
        g.writeObjectFieldStart("realized");
        g.writeNumberField("baseline_spans", realized.checkoutBaseline);
        g.writeNumberField("canary_spans", realized.checkoutCanary);
        g.writeNumberField("baseline_own_errors", realized.checkoutBaselineOwnErrors);
        g.writeNumberField("canary_own_errors", realized.checkoutCanaryOwnErrors);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void writeFlags(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("flags");

        g.writeStartObject();
        g.writeStringField("key", Scenario.FLAG_KEY);
        g.writeStringField("provider", Scenario.FLAG_PROVIDER);
        variants(g, Scenario.FLAG_CONTROL, 1 - Scenario.FLAG_TREATMENT_SHARE, Scenario.FLAG_TREATMENT,
                Scenario.FLAG_TREATMENT_SHARE);
        g.writeStringField("assignment_unit", "user.id");
        span(g, "evaluated_on", ShopTopology.RECOMMENDATION, "server",
                "oteldemo.RecommendationService/ListRecommendations");
        g.writeObjectFieldStart("effect");
        g.writeStringField("variant", Scenario.FLAG_TREATMENT);
        g.writeStringField("metric", "duration of the evaluating span (own work; every quantile shifts)");
        number(g, "added_ms", Scenario.FLAG_TREATMENT_ADDED_MS, 3);
        number(g, "error_rate_change", 0.0, 3);
        g.writeEndObject();
        g.writeObjectFieldStart("realized");
        g.writeObjectFieldStart("evaluations");
        g.writeNumberField(Scenario.FLAG_CONTROL, realized.flagControl);
        g.writeNumberField(Scenario.FLAG_TREATMENT, realized.flagTreatment);
        g.writeEndObject();
        g.writeObjectFieldStart("users");
        g.writeNumberField(Scenario.FLAG_CONTROL, realized.flagControlUsers.cardinality());
        g.writeNumberField(Scenario.FLAG_TREATMENT, realized.flagTreatmentUsers.cardinality());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();

        g.writeStartObject();
        g.writeStringField("key", Scenario.AA_FLAG_KEY);
        g.writeStringField("provider", Scenario.FLAG_PROVIDER);
        variants(g, Scenario.AA_VARIANT_A, 1 - Scenario.AA_VARIANT_B_SHARE, Scenario.AA_VARIANT_B,
                Scenario.AA_VARIANT_B_SHARE);
        g.writeStringField("assignment_unit", "user.id");
        span(g, "evaluated_on", ShopTopology.FRONTEND, "server", "GET /product/{id}");
        g.writeNullField("effect");
        g.writeStringField("purpose", "an A/A test: any difference found between its variants is a false positive");
        g.writeObjectFieldStart("realized");
        g.writeObjectFieldStart("evaluations");
        g.writeNumberField(Scenario.AA_VARIANT_A, realized.aaGrid);
        g.writeNumberField(Scenario.AA_VARIANT_B, realized.aaList);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();

        g.writeEndArray();
    }

    private void writeFault(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("fault_window");
        g.writeStringField("name", Scenario.FAULT_NAME);
        g.writeNumberField("start_ns", Scenario.FAULT_START_NS);
        g.writeNumberField("end_ns", Scenario.FAULT_END_NS);
        g.writeStringField("start", Instant.ofEpochSecond(0, Scenario.FAULT_START_NS).toString());
        g.writeStringField("end", Instant.ofEpochSecond(0, Scenario.FAULT_END_NS).toString());
        g.writeStringField("target_service", Scenario.FAULT_SOURCE);
        g.writeObjectFieldStart("edge");
        g.writeStringField("source", Scenario.FAULT_SOURCE);
        g.writeStringField("target", Scenario.FAULT_TARGET);
        g.writeEndObject();
        g.writeObjectFieldStart("span");
        g.writeStringField("service", Scenario.FAULT_SOURCE);
        g.writeStringField("kind", "client");
        g.writeStringField("db.system", Scenario.FAULT_TARGET);
        g.writeStringField("name", "INSERT charges");
        g.writeEndObject();
        g.writeStringField("selection", "client spans that start in [start_ns, end_ns)");
        number(g, "added_latency_ms", Scenario.FAULT_ADDED_MS, 3);
        number(g, "error_rate", Scenario.FAULT_ERROR_RATE, 6);
        g.writeStringField("status_message", Scenario.FAULT_ERROR_MESSAGE);
        g.writeStringField("propagation", "a failed call fails payment Charge, checkout PlaceOrder and the"
                + " frontend's POST /checkout (HTTP 500)");
        g.writeObjectFieldStart("realized");
        g.writeNumberField("calls_in_window", realized.faultWindowCalls);
        g.writeNumberField("errors_in_window", realized.faultWindowErrors);
        g.writeNumberField("calls_outside", realized.outsideWindowCalls);
        g.writeNumberField("errors_outside", realized.outsideWindowErrors);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void variants(JsonGenerator g, String a, double shareA, String b, double shareB)
            throws IOException {
        g.writeArrayFieldStart("variants");
        g.writeString(a);
        g.writeString(b);
        g.writeEndArray();
        g.writeObjectFieldStart("planned_shares");
        number(g, a, shareA, 6);
        number(g, b, shareB, 6);
        g.writeEndObject();
    }

    private static void span(JsonGenerator g, String field, String service, String kind, String name)
            throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("service", service);
        g.writeStringField("kind", kind);
        g.writeStringField("name", name);
        g.writeEndObject();
    }

    /** A JSON number from fixed decimal text with trailing zeros removed: 0.1, 80, 0.0005. */
    private static void number(JsonGenerator g, String field, double value, int places) throws IOException {
        String text = Mix.decimal(value, places);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        g.writeFieldName(field);
        g.writeNumber(text);
    }
}
