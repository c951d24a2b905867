package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.MetricPoint;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Prometheus HTTP API response to {@code /api/v1/query} or {@code /api/v1/query_range}:
 * {@code {"status": "success", "data": {"resultType": ..., "result": ...}, "warnings": [...]}}.
 *
 * <ul>
 * <li>{@code vector}: one gauge point per series ({@code value: [t, "v"]});</li>
 * <li>{@code matrix}: one gauge point per value of each series ({@code values: [[t, "v"], ...]});</li>
 * <li>{@code scalar}: one gauge point named {@code scalar};</li>
 * <li>{@code string}: not a metric; the file is refused saying so.</li>
 * </ul>
 * A series' labels are the point's attributes, {@code __name__} its name; a series without one
 * (the result of an expression, such as {@code rate(...)}) is named {@code query_result}. The API
 * does not say what type a series has, so every point is a gauge. Times are seconds (with a
 * fraction); values strings, {@code "NaN"} and {@code "+Inf"} included. Native histograms
 * ({@code histogram}/{@code histograms}) are rejected per series with a reason. Warnings (and
 * infos) are named in the import summary; {@code "status": "error"} refuses the file with
 * Prometheus' error. The response is read whole (API responses are bounded by the server's
 * sample limit).
 */
final class PrometheusApiJsonReader implements TraceReader {
    static final String FORMAT = "prometheus-api-json";
    static final String EXPECTED = "expected a Prometheus HTTP API query response ({\"status\": \"success\", "
            + "\"data\": {\"resultType\": \"vector\" or \"matrix\" or \"scalar\", \"result\": ...}})";
    static final String UNNAMED = "query_result";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        return looksLikeApiResponse(peek);
    }

    /** A top-level {@code status} and a {@code data} object with {@code resultType}, or an error response. */
    static boolean looksLikeApiResponse(byte[] peek) {
        if (!Peeks.hasTopLevelField(peek, "status", null)) {
            return false;
        }
        return Peeks.hasTopLevelField(peek, "resultType", "data")
                || (Peeks.hasTopLevelField(peek, "errorType", null) && Peeks.hasTopLevelField(peek, "error", null));
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends ChunkedReading {

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }


        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            JsonNode root;
            try (JsonParser p = factory.createParser(in.data)) {
                root = MAPPER.readTree(p);
                if (p.nextToken() != null) {
                    throw refusal("line " + p.currentTokenLocation().getLineNr() + ", column "
                            + p.currentTokenLocation().getColumnNr(), "more JSON after the response");
                }
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }
            if (root == null || !root.isObject()) {
                throw refusal("line 1, column 1", "found " + (root == null ? "nothing" : Tokens.describe(root)));
            }
            String status = root.path("status").asText("");
            if (status.equals("error")) {
                throw new ImportException(display + ": the file is a Prometheus API error response (" 
                        + Excerpts.shorten(root.path("errorType").asText("?"), 40) + ": "
                        + Excerpts.shorten(root.path("error").asText(""), 160)
                        + "), not query results; run the query again. Nothing was imported.");
            }
            if (!status.equals("success") && !status.equals("warning")) {
                throw refusal("/status", "\"status\" must be \"success\" or \"warning\", found "
                        + Tokens.describe(root.path("status")));
            }
            JsonNode data = root.get("data");
            if (data == null || !data.isObject()) {
                throw refusal("/data", "\"data\" must be an object, found "
                        + (data == null ? "nothing" : Tokens.describe(data)));
            }
            String type = data.path("resultType").asText("");
            JsonNode result = data.get("result");
            if (result == null) {
                throw refusal("/data/result", "the response has no \"result\"");
            }
            long series = 0;
            switch (type) {
                case "vector", "matrix" -> {
                    if (!result.isArray()) {
                        throw refusal("/data/result", "a " + type + " result must be an array, found "
                                + Tokens.describe(result));
                    }
                    for (int i = 0; i < result.size(); i++) {
                        series++;
                        series(result.get(i), type.equals("matrix"), "/data/result/" + i);
                    }
                }
                case "scalar" -> {
                    try {
                        emit("scalar", "{}", result, "/data/result");
                    } catch (BadRecordException e) {
                        reject("/data/result", e.reason(), result.toString());
                    }
                    series = 1;
                }
                case "string" -> throw new ImportException(display + ": /data/resultType: the response is a "
                        + "string result (" + Excerpts.shorten(result.toString(), 60) + "), not a metric; Prodlab "
                        + "imports vector, matrix and scalar results. Nothing was imported.");
                default -> throw refusal("/data/resultType", "\"resultType\" must be vector, matrix, scalar or "
                        + "string, found " + Tokens.describe(data.path("resultType")));
            }
            StringBuilder sb = new StringBuilder("Prometheus API ").append(type).append(" result, ")
                    .append(series).append(" series").append(" as ")
                    .append(ImportService.count(spansRead, "metric point"));
            notes(sb, root.get("warnings"), "warning");
            notes(sb, root.get("infos"), "info");
            return sb.toString();
        }

        private static void notes(StringBuilder sb, JsonNode list, String what) {
            if (list == null || !list.isArray() || list.isEmpty()) {
                return;
            }
            sb.append("; ").append(ImportService.count(list.size(), what)).append(" from Prometheus: ");
            for (int i = 0; i < Math.min(list.size(), 3); i++) {
                sb.append(i == 0 ? "" : "; ").append(Excerpts.shorten(list.get(i).asText(), 120));
            }
            if (list.size() > 3) {
                sb.append("; …");
            }
        }

        private void series(JsonNode s, boolean matrix, String at) throws InterruptedException {
            try {
                if (!s.isObject()) {
                    throw new BadRecordException("expected a series object, found " + Tokens.describe(s));
                }
                JsonNode metric = s.path("metric");
                if (!metric.isObject()) {
                    throw new BadRecordException("\"metric\" must be an object of labels, found "
                            + Tokens.describe(metric));
                }
                Map<String, String> labels = new TreeMap<>();
                String name = UNNAMED;
                for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new BadRecordException("metric/" + e.getKey() + " must be a string, found "
                                + Tokens.describe(e.getValue()));
                    }
                    if (e.getKey().equals("__name__")) {
                        name = e.getValue().asText();
                    } else {
                        labels.put(e.getKey(), e.getValue().asText());
                    }
                }
                ObjectNode attrs = NODES.objectNode();
                labels.forEach(attrs::put);
                String attributes = attrs.toString();
                if (s.has("histogram") || s.has("histograms")) {
                    throw new BadRecordException("native histograms are not read (only float samples)");
                }
                if (matrix) {
                    JsonNode values = s.path("values");
                    if (!values.isArray()) {
                        throw new BadRecordException("a matrix series needs \"values\": [[time, \"value\"], ...], found "
                                + Tokens.describe(values));
                    }
                    for (int i = 0; i < values.size(); i++) {
                        try {
                            emit(name, attributes, values.get(i), at + "/values/" + i);
                        } catch (BadRecordException e) {
                            reject(at + "/values/" + i, e.reason(), values.get(i).toString());
                        }
                    }
                } else {
                    emit(name, attributes, s.path("value"), at + "/value");
                }
            } catch (BadRecordException e) {
                reject(at, e.reason(), s.toString());
            }
        }

        private void emit(String name, String attributes, JsonNode pair, String at)
                throws BadRecordException, InterruptedException {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
                throw new BadRecordException(at + " must be [time in seconds, \"value\"], found " + Tokens.describe(pair));
            }
            BigDecimal seconds = pair.get(0).decimalValue();
            BigDecimal ns = seconds.movePointRight(9);
            if (ns.signum() < 0 || ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new BadRecordException(at + ": the time " + Excerpts.shorten(pair.get(0).asText(), 40)
                        + " is not seconds between 1970 and 2262");
            }
            JsonNode v = pair.get(1);
            if (!v.isTextual()) {
                throw new BadRecordException(at + ": the value must be a string (\"1.5\", \"NaN\", \"+Inf\"), found "
                        + Tokens.describe(v));
            }
            double value = PrometheusTextReader.number(v.asText(), null, "the value");
            sink.chunk().add(new MetricPoint(name, "gauge", "", "", 0, ns.longValue(), value, null, null, null, "", null,
                    null, null, null, null, attributes, "{}", "", ""));
            spansRead++;
            afterRecord(spansRead);
        }

        private ImportException refusal(String where, String what) {
            return new ImportException(display + ": " + where + ": " + EXPECTED + "; " + what + ". Nothing was imported.");
        }

    }
}
