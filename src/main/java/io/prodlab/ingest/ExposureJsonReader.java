package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads feature-flag and experiment exposure (assignment) logs written as JSON: JSON lines, an
 * array, or an object whose {@code events} hold them (go-feature-flag's webhook exporter and
 * relay-proxy {@code collect_eval_data} requests), one record per evaluation.
 *
 * <p>Fields are found by the names the tools use (see {@link #UNIT}, {@link #FLAG},
 * {@link #VARIANT}, {@link #TIME}, {@link #REASON}, {@link #VERSION}): go-feature-flag's exporters
 * ({@code userKey}, {@code key}, {@code variation}, {@code creationDate}, {@code version}),
 * GrowthBook's and Statsig's exposure exports ({@code user_id}, {@code experiment_id},
 * {@code variation_id}, {@code timestamp}), LaunchDarkly's ({@code contextKeys}, {@code key},
 * {@code variation}), OpenFeature hooks and the OpenTelemetry attributes
 * ({@code feature_flag.context.id}, {@code feature_flag.key}, {@code feature_flag.result.variant} or
 * the older {@code feature_flag.variant}, {@code feature_flag.result.reason},
 * {@code feature_flag.version}, {@code feature_flag.set.id}). Numeric times are seconds,
 * milliseconds, microseconds or nanoseconds, told apart by magnitude ({@link Timestamps#guess});
 * text times ISO-8601. Everything else of a record goes into its attributes.
 *
 * <p>go-feature-flag's {@code "kind": "tracking"} events (a conversion tracked for an experiment,
 * not an evaluation) become log records with event name {@code feature_flag.tracking}; a record
 * without a unit, flag, variant or time is rejected naming what it lacks.
 */
final class ExposureJsonReader implements TraceReader {
    static final String FORMAT = "exposures-json";
    static final String EXPECTED = "expected exposure records (JSON lines, an array, or {\"events\": [...]}, each "
            + "with a unit id, a flag or experiment key, a variant and a time)";
    static final List<String> UNIT = List.of("userKey", "user_key", "user_id", "userId", "userID", "unit_id", "unitId",
            "targetingKey", "targeting_key", "feature_flag.context.id", "context_key", "contextKey", "anonymous_id",
            "stable_id", "stableID", "entity_id");
    static final List<String> FLAG = List.of("key", "flagKey", "flag_key", "flag", "feature_flag.key", "feature_key",
            "featureKey", "feature", "experiment_id", "experimentId", "experiment_key", "experimentKey", "gate",
            "gate_name", "config");
    static final List<String> VARIANT = List.of("variation", "variant", "variation_id", "variationId",
            "feature_flag.result.variant", "feature_flag.variant", "variant_id", "group", "group_name", "arm");
    static final List<String> TIME = List.of("creationDate", "timestamp", "time", "ts", "time_unix_nano",
            "evaluated_at", "evaluatedAt", "created_at", "createdAt", "exposure_time", "timestamp_ms");
    static final List<String> REASON = List.of("reason", "feature_flag.result.reason", "evaluationReason",
            "evaluation_reason");
    static final List<String> VERSION = List.of("version", "flagVersion", "flag_version", "feature_flag.version",
            "experiment_version");
    static final List<String> TRACE = List.of("trace_id", "traceId", "traceID");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        Set<String> f = Peeks.firstRecordFields(peek, Set.of("events"), 2);
        return f != null && looksLikeExposure(f);
    }

    /** A record with a unit, a flag and a variant field by any of the known names. */
    static boolean looksLikeExposure(Set<String> f) {
        boolean tracking = f.contains("trackingEventDetails");
        return UNIT.stream().anyMatch(f::contains) && FLAG.stream().anyMatch(f::contains)
                && (tracking || VARIANT.stream().anyMatch(f::contains)) && !f.contains("resourceSpans")
                && !f.contains("operationName");
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends ChunkedReading {
        private long tracking;
        private long records;
        private long iso;
        private final Map<Timestamps.Unit, long[]> units = new java.util.EnumMap<>(Timestamps.Unit.class);

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }


        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            try (JsonParser p = factory.createParser(in.data)) {
                JsonToken t;
                int doc = 0;
                while ((t = p.nextToken()) != null) {
                    long line = p.currentTokenLocation().getLineNr();
                    String root = in.jsonLines ? "line " + line : "/" + (doc == 0 ? "" : doc);
                    if (t == JsonToken.START_ARRAY) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            long l = p.currentTokenLocation().getLineNr();
                            record(MAPPER.readTree(p), "line " + l + ", /" + (doc == 0 ? "" : doc + "/") + i++);
                        }
                    } else if (t == JsonToken.START_OBJECT) {
                        JsonNode n = MAPPER.readTree(p);
                        JsonNode events = n.get("events");
                        if (events != null && events.isArray()) {
                            for (int i = 0; i < events.size(); i++) {
                                record(events.get(i), root + (root.endsWith("/") ? "" : "/") + "events/" + i);
                            }
                        } else {
                            record(n, root);
                        }
                    } else {
                        throw new ImportException(display + ": line " + line + ", column "
                                + p.currentTokenLocation().getColumnNr() + ": " + EXPECTED + ", found "
                                + Tokens.describe(p) + ". Nothing was imported.");
                    }
                    doc++;
                }
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }
            StringBuilder sb = new StringBuilder("exposure log, ").append(ImportService.count(records, "record"))
                    .append(" as ").append(ImportService.count(spansRead, "exposure"));
            if (tracking > 0) {
                sb.append(" and ").append(ImportService.count(tracking, "tracking event")).append(" (as log records)");
            }
            if (!units.isEmpty() || iso > 0) {
                sb.append("; times read as ");
                units.forEach((u, n) -> sb.append(sb.charAt(sb.length() - 1) == ' ' ? "" : ", ").append(u.symbol)
                        .append(" since 1970 (").append(n[0]).append(')'));
                if (iso > 0) {
                    sb.append(units.isEmpty() ? "" : ", ").append("ISO-8601 (").append(iso).append(')');
                }
            }
            return sb.toString();
        }

        private void record(JsonNode n, String at) throws InterruptedException {
            records++;
            try {
                if (!n.isObject()) {
                    throw new BadRecordException("expected an exposure object, found " + Tokens.describe(n));
                }
                if (n.path("kind").asText("").equals("tracking")) {
                    tracking(n);
                } else {
                    sink.chunk().add(exposure(n));
                    spansRead++;
                }
            } catch (BadRecordException e) {
                reject(at, e.reason(), n.toString());
            }
            afterRecord(records);
        }

        private Exposure exposure(JsonNode n) throws BadRecordException {
            ObjectNode rest = n.deepCopy();
            String unit = text(n, rest, UNIT, "a unit id (" + String.join(", ", UNIT.subList(0, 4)) + ", ...)");
            if (unit == null) {
                unit = contextKey(n, rest);
            }
            String flag = text(n, rest, FLAG, "a flag or experiment key (" + String.join(", ", FLAG.subList(0, 4)) + ", ...)");
            String variant = text(n, rest, VARIANT, "a variant (" + String.join(", ", VARIANT.subList(0, 4)) + ", ...)");
            long time = time(n, rest);
            String reason = optional(n, rest, REASON);
            String version = optional(n, rest, VERSION);
            String trace = optional(n, rest, TRACE).toLowerCase(Locale.ROOT);
            if (unit == null) {
                throw new BadRecordException("the record has no unit id (" + String.join(", ", UNIT.subList(0, 6))
                        + ", ...)");
            }
            return new Exposure(unit, flag, variant, time, reason, version, trace, rest.toString());
        }

        /** LaunchDarkly's {@code contextKeys: {"user": "..."}}: the user's key, or the first. */
        private static String contextKey(JsonNode n, ObjectNode rest) {
            JsonNode keys = n.get("contextKeys");
            if (keys == null || !keys.isObject() || keys.isEmpty()) {
                return null;
            }
            rest.remove("contextKeys");
            JsonNode user = keys.get("user");
            return (user != null ? user : keys.elements().next()).asText();
        }

        private void tracking(JsonNode n) throws BadRecordException {
            ObjectNode rest = n.deepCopy();
            long time = time(n, rest);
            String unit = optional(n, rest, UNIT);
            String key = optional(n, rest, FLAG);
            ObjectNode attrs = NODES.objectNode();
            attrs.put("feature_flag.key", key);
            attrs.put("feature_flag.context.id", unit);
            rest.fields().forEachRemaining(e -> attrs.set(e.getKey(), e.getValue()));
            sink.chunk().add(new LogRecord(time, 0, 0, "", key, attrs.toString(), "{}", "", "", "",
                    "feature_flag.tracking"));
            tracking++;
        }

        /** The first present field of {@code names}, as text; it is removed from {@code rest}. */
        private static String text(JsonNode n, ObjectNode rest, List<String> names, String what)
                throws BadRecordException {
            for (String k : names) {
                JsonNode v = n.get(k);
                if (v != null && !v.isNull()) {
                    if (v.isContainerNode()) {
                        throw new BadRecordException(k + " must be a string or number, found " + Tokens.describe(v));
                    }
                    rest.remove(k);
                    return v.asText();
                }
            }
            if (names == UNIT) {
                return null;
            }
            throw new BadRecordException("the record has no " + what);
        }

        private static String optional(JsonNode n, ObjectNode rest, List<String> names) throws BadRecordException {
            for (String k : names) {
                JsonNode v = n.get(k);
                if (v != null && !v.isNull() && !v.isContainerNode()) {
                    rest.remove(k);
                    return v.asText();
                }
            }
            return "";
        }

        private long time(JsonNode n, ObjectNode rest) throws BadRecordException {
            for (String k : TIME) {
                JsonNode v = n.get(k);
                if (v == null || v.isNull()) {
                    continue;
                }
                rest.remove(k);
                if (v.isNumber() || (v.isTextual() && v.asText().matches("\\d+(\\.\\d+)?"))) {
                    double d = v.asDouble();
                    Timestamps.Unit u = k.endsWith("_ms") ? Timestamps.Unit.MS
                            : k.equals("time_unix_nano") ? Timestamps.Unit.NS : Timestamps.guess(d);
                    units.computeIfAbsent(u, x -> new long[1])[0]++;
                    return v.isIntegralNumber() || v.asText().matches("\\d+")
                            ? Timestamps.toNanos(Long.parseLong(v.asText()), u, k)
                            : Timestamps.toNanos(d, u, k);
                }
                if (v.isTextual()) {
                    long t = Timestamps.isoNanos(v.asText(), k);
                    iso++;
                    return t;
                }
                throw new BadRecordException(k + " must be a time (a number since 1970 or ISO-8601 text), found "
                        + Tokens.describe(v));
            }
            throw new BadRecordException("the record has no time (" + String.join(", ", TIME.subList(0, 5)) + ", ...)");
        }
    }
}
