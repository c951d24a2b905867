package io.prodlab.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A generated dataset read back with Jackson, independently of the generator's classes: the tests check
 * the file, not the simulator's intentions. Keeps only the attributes the tests need.
 */
final class ParsedDataset {

    /** Span attributes kept per span; the rest are checked for shape while reading and dropped. */
    static final List<String> KEPT = List.of("db.system", "db.name", "db.statement", "messaging.system",
            "messaging.destination.name", "feature_flag.key", "feature_flag.result.variant", "user.id",
            "session.id", "rpc.system", "rpc.service", "rpc.method", "http.request.method", "http.route",
            "http.response.status_code", "server.address", "url.path");

    record Event(long timeNs, String name, Map<String, String> attributes) {
    }

    record Span(String traceId, String spanId, String parentSpanId, String service, String version, String name,
                int kind, long startNs, long endNs, boolean error, String statusMessage,
                Map<String, String> attributes, List<Event> events, List<String[]> links, int line) {

        double durationMs() {
            return (endNs - startNs) / 1e6;
        }

        String attr(String key) {
            return attributes.get(key);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    final List<Span> spans = new ArrayList<>();
    final List<Integer> spansPerLine = new ArrayList<>();
    final JsonNode groundTruth;

    private ParsedDataset(JsonNode groundTruth) {
        this.groundTruth = groundTruth;
    }

    static ParsedDataset read(DemoGenerator.Result result) throws IOException {
        return read(result, line -> { });
    }

    /** Reads the traces file line by line, handing each parsed line to {@code lineCheck} first. */
    static ParsedDataset read(DemoGenerator.Result result, Consumer<JsonNode> lineCheck) throws IOException {
        Path traces = result.files().get(0);
        Path truth = result.files().get(1);
        ParsedDataset d = new ParsedDataset(JSON.readTree(truth.toFile()));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(traces), StandardCharsets.UTF_8))) {
            String text;
            int lineNo = 0;
            while ((text = in.readLine()) != null) {
                lineNo++;
                JsonNode line = JSON.readTree(text);
                lineCheck.accept(line);
                d.spansPerLine.add(d.addLine(line, lineNo));
            }
        }
        return d;
    }

    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    static byte[] contentOf(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    private int addLine(JsonNode line, int lineNo) {
        int count = 0;
        for (JsonNode rs : line.path("resourceSpans")) {
            Map<String, String> resource = attributes(rs.path("resource").path("attributes"));
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode s : ss.path("spans")) {
                    count++;
                    Map<String, String> attrs = attributes(s.path("attributes"));
                    attrs.keySet().retainAll(KEPT);
                    List<Event> events = new ArrayList<>();
                    for (JsonNode e : s.path("events")) {
                        events.add(new Event(Long.parseLong(e.path("timeUnixNano").asText()), e.path("name").asText(),
                                attributes(e.path("attributes"))));
                    }
                    List<String[]> links = new ArrayList<>();
                    for (JsonNode l : s.path("links")) {
                        links.add(new String[] {l.path("traceId").asText(), l.path("spanId").asText()});
                    }
                    JsonNode status = s.path("status");
                    spans.add(new Span(s.path("traceId").asText(), s.path("spanId").asText(),
                            s.path("parentSpanId").asText(), resource.get("service.name"),
                            resource.get("service.version"), s.path("name").asText(), s.path("kind").asInt(),
                            Long.parseLong(s.path("startTimeUnixNano").asText()),
                            Long.parseLong(s.path("endTimeUnixNano").asText()),
                            status.path("code").asInt(0) == 2, status.path("message").asText(""), attrs,
                            events.isEmpty() ? List.of() : events, links.isEmpty() ? List.of() : links, lineNo));
                }
            }
        }
        return count;
    }

    /** Attribute values as text, whatever their OTLP type. */
    static Map<String, String> attributes(JsonNode array) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode kv : array) {
            JsonNode v = kv.path("value");
            String text = v.fields().hasNext() ? v.fields().next().getValue().asText() : null;
            out.put(kv.path("key").asText(), text);
        }
        return out;
    }

    Map<String, List<Span>> byTrace() {
        Map<String, List<Span>> out = new HashMap<>();
        for (Span s : spans) {
            out.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    Map<String, Span> bySpanId() {
        Map<String, Span> out = new HashMap<>(spans.size() * 2);
        for (Span s : spans) {
            out.put(s.traceId() + "/" + s.spanId(), s);
        }
        return out;
    }

    Span parentOf(Map<String, Span> index, Span s) {
        return index.get(s.traceId() + "/" + s.parentSpanId());
    }

    /** The sample median and a distribution-free confidence interval for it (order statistics, normal approximation). */
    record Median(double value, double low, double high, int n) {
        double halfWidth() {
            return (high - low) / 2;
        }
    }

    static Median median(List<Double> values, double z) {
        double[] x = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        double med = n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
        int lo = (int) Math.max(0, Math.floor(n / 2.0 - z * Math.sqrt(n) / 2) - 1);
        int hi = (int) Math.min(n - 1, Math.ceil(n / 2.0 + z * Math.sqrt(n) / 2));
        return new Median(med, x[lo], x[hi], n);
    }

    static double[] sorted(List<Double> values) {
        double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(x);
        return x;
    }
}
