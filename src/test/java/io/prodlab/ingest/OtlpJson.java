package io.prodlab.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data builder for OTLP/JSON trace requests: {@code aRequest().withSpan(aSpan().with("kind", "3"))}.
 * Values are raw JSON text, so tests can put wrong types where they like.
 */
final class OtlpJson {
    private OtlpJson() {
    }

    static Request aRequest() {
        return new Request();
    }

    static Span aSpan() {
        return new Span();
    }

    /** An attribute list entry: {@code {"key": k, "value": {type: raw}}}. */
    static String attr(String key, String type, String rawValue) {
        return "{\"key\":\"" + key + "\",\"value\":{\"" + type + "\":" + rawValue + "}}";
    }

    static final class Span {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private static int next = 1;

        Span() {
            int n = next++;
            fields.put("traceId", "\"5b8efff798038103d269b633813fc60c\"");
            fields.put("spanId", String.format("\"%016x\"", 0x1000L + n));
            fields.put("name", "\"GET /cart\"");
            fields.put("kind", "2");
            fields.put("startTimeUnixNano", "\"1700000000000000000\"");
            fields.put("endTimeUnixNano", "\"1700000000250000000\"");
        }

        Span with(String field, String rawJson) {
            fields.put(field, rawJson);
            return this;
        }

        Span withSpanId(String hex) {
            return with("spanId", "\"" + hex + "\"");
        }

        Span without(String field) {
            fields.remove(field);
            return this;
        }

        Span withAttributes(String... attrs) {
            return with("attributes", "[" + String.join(",", attrs) + "]");
        }

        String json() {
            StringBuilder sb = new StringBuilder("{");
            fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return sb.append('}').toString();
        }
    }

    static final class Request {
        private String resource = "{\"attributes\":[" + attr("service.name", "stringValue", "\"cart\"") + ","
                + attr("service.version", "stringValue", "\"1.4.2\"") + "]}";
        private String scope = "{\"name\":\"io.opentelemetry.http\",\"version\":\"2.0\"}";
        private final List<String> spans = new ArrayList<>();
        private String spansOverride;

        Request withResource(String rawJson) {
            this.resource = rawJson;
            return this;
        }

        Request withSpan(Span s) {
            spans.add(s.json());
            return this;
        }

        Request withSpansValue(String rawJson) {
            this.spansOverride = rawJson;
            return this;
        }

        String spansJson() {
            return spansOverride != null ? spansOverride : "[" + String.join(",", spans) + "]";
        }

        /** One line, keys in the usual order. */
        String json() {
            return "{\"resourceSpans\":[{\"resource\":" + resource + ",\"scopeSpans\":[{\"scope\":" + scope
                    + ",\"spans\":" + spansJson() + "}]}]}";
        }

        /** Keys in the reverse of the usual order at every level: spans before scope, scopes before resource. */
        String jsonReversed() {
            return "{\"partialSuccess\":{},\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":" + spansJson()
                    + ",\"scope\":" + scope + "}],\"resource\":" + resource + "}]}";
        }
    }
}
