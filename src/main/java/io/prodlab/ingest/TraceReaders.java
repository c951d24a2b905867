package io.prodlab.ingest;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The readers Prodlab has, and the choice among them by content (JabRef's
 * {@code ImportFormatReader} in small): the first reader that recognises the file's start reads it.
 * A JSON object no reader claims goes to the OTLP reader, whose refusal names what the object is
 * (an OTLP metrics or logs export, ...), unless the whole file is in view and is one object that
 * is something else, which is refused here; an array, text or binary data no reader claims is refused here with
 * what it looks like and what Prodlab reads.
 */
final class TraceReaders {
    /** What the readers take, for refusals. */
    static final String READS = "Prodlab reads traces, metrics and logs as OTLP/JSON (an object with "
            + "\"resourceSpans\", \"resourceMetrics\" or \"resourceLogs\") or OTLP protobuf; traces also as "
            + "Jaeger JSON (the UI's download, the query API's {\"data\": [...]}, or an array of Jaeger spans), "
            + "Zipkin v2 JSON (an array of spans with \"traceId\", \"id\" and \"localEndpoint\") or "
            + "Zipkin v1 JSON (spans with \"annotations\" and \"binaryAnnotations\"); metrics also as "
            + "Prometheus text exposition, OpenMetrics text, the Prometheus protobuf exposition or a Prometheus "
            + "HTTP API query response (vector, matrix, scalar); "
            + "fault windows as Chaos Toolkit journals or Chaos Mesh objects (YAML or JSON) with their status; "
            + "flag exposures as JSON (lines, an array or {\"events\": [...]} of unit, flag, variant and time: "
            + "go-feature-flag, GrowthBook, Statsig, LaunchDarkly, OpenFeature) or go-feature-flag's exporter CSV; "
            + "and CSV with a header of spans, metrics, windows or exposures";

    private static final TraceReader OTLP = new OtlpJsonFormat();
    private static final List<TraceReader> ALL = List.of(OTLP, new JaegerJsonReader(), new ZipkinV2JsonReader(),
            new OtlpProtobufReader(), new ZipkinV1JsonReader(), new PrometheusProtobufReader(), new PrometheusTextReader(true),
            new PrometheusTextReader(false),
            new PrometheusApiJsonReader(), new ChaosToolkitJournalReader(), new ChaosMeshReader(),
            new ExposureJsonReader(), new GoFeatureFlagCsvReader(), new CsvReader());

    private TraceReaders() {
    }

    /** Every reader, in the order they are asked. */
    static List<TraceReader> all() {
        return ALL;
    }

    /** The reader some reader recognises {@code in} with, if any (no fallback). */
    static TraceReader recognising(byte[] peek) {
        for (TraceReader r : ALL) {
            if (r.recognizes(peek)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The reader for {@code in}.
     *
     * @throws ImportException no reader takes a file that starts like this
     */
    static TraceReader choose(TraceInput in, String display) throws ImportException {
        TraceReader r = recognising(in.peek);
        if (r != null) {
            return r;
        }
        int at = 0;
        while (at < in.peek.length && (in.peek[at] == ' ' || in.peek[at] == '\t' || in.peek[at] == '\r'
                || in.peek[at] == '\n')) {
            at++;
        }
        int first = firstNonBlank(in.peek);
        if (first == '[') {
            throw refusal(display, in, "a JSON array" + describeArray(in.peek));
        }
        if (first != '{') {
            throw refusal(display, in, describeStart(in.peek, at));
        }
        if (in.peek.length < TraceInput.PEEK) {
            String object = describeWholeObject(in.peek);
            if (object != null) {
                throw refusal(display, in, object);
            }
        }
        return OTLP;
    }

    private static ImportException refusal(String display, TraceInput in, String found) {
        return new ImportException(display + ": " + in.start + ": not an export Prodlab reads: found " + found + "; "
                + READS + ". Nothing was imported.");
    }

    private static int firstNonBlank(byte[] peek) {
        for (byte b : peek) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return b;
            }
        }
        return -1;
    }

    /** What a start that is not JSON is: a zip archive, or the text of its first line. */
    static String describeStart(byte[] peek, int at) {
        if (peek.length >= 4 && peek[0] == 'P' && peek[1] == 'K' && peek[2] == 3 && peek[3] == 4) {
            return "a zip archive, which Prodlab does not open: unpack it and import the folder";
        }
        return TraceInput.describeStart(peek, at);
    }

    /**
     * The name of the first family when {@code peek} starts like a length-delimited MetricFamily
     * stream: a varint length, then field 1 (name, wire type 2) holding a metric name.
     */
    static String prometheusProtobuf(byte[] peek) {
        int[] pos = {0};
        long len = varint(peek, pos);
        if (len < 2 || pos[0] >= peek.length || peek[pos[0]] != 0x0a) {
            return null;
        }
        pos[0]++;
        long nameLen = varint(peek, pos);
        if (nameLen < 1 || nameLen >= len || pos[0] + nameLen > peek.length) {
            return null;
        }
        String name = new String(peek, pos[0], (int) nameLen, java.nio.charset.StandardCharsets.US_ASCII);
        return PrometheusTextReader.validName(name) ? Excerpts.shorten(name, 60) : null;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 35 && pos[0] < b.length; shift += 7) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return -1;
    }

    /**
     * When the peek holds the whole (single) top-level object and it is a known non-export, what
     * it is; null when the object is not all in view, or is left to the OTLP reader to name (OTLP
     * metrics and logs exports, objects with {@code resourceSpans} somewhere).
     */
    private static String describeWholeObject(byte[] peek) {
        java.util.Set<String> keys = wholeObjectKeys(peek);
        if (keys == null || keys.contains("resourceSpans") || keys.contains("resourceMetrics")
                || keys.contains("resourceLogs") || keys.contains("result")) {
            return null;
        }
        if (ChaosToolkitJournalReader.isExperimentDefinition(keys)) {
            return "a Chaos Toolkit experiment definition (\"title\", \"method\", ...), which carries no times: "
                    + "run it (chaos run experiment.json) and import the journal.json the run writes";
        }
        if (keys.contains("state") && (keys.contains("tests") || keys.contains("variantTests"))) {
            return "an Unleash client-specification test (\"state\" with toggles, and \"tests\" of the results a client "
                    + "must compute), not an exposure log: it records no evaluation of anyone";
        }
        String kind = keys.contains("traceId") && keys.contains("id")
                ? " (a single Zipkin v2 span: Prodlab reads Zipkin v2 as an array of spans)"
                : keys.contains("status") && keys.contains("data")
                ? " (a Prometheus HTTP API response, but not to a query: its \"data\" has no \"resultType\")"
                : keys.contains("data") ? " (not Jaeger JSON: its \"data\" holds no traces with \"spans\")"
                : "";
        return keys.isEmpty() ? "an empty JSON object" : "a JSON object with " + fieldList(keys) + kind;
    }

    /** The keys of the top-level object when the peek holds all of it and nothing else; else null. */
    private static java.util.Set<String> wholeObjectKeys(byte[] peek) {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(peek)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                keys.add(name);
                p.nextToken();
                p.skipChildren();
            }
            return p.nextToken() == null ? keys : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What an unclaimed array looks like, from its first element. */
    private static String describeArray(byte[] peek) {
        Set<String> f = Peeks.firstRecordFields(peek, Set.of(), 1);
        if (f == null || f.isEmpty()) {
            return "";
        }
        if (f.contains("resourceSpans")) {
            return " of OTLP/JSON trace exports (give each export its own line instead: JSON lines)";
        }
        return " of objects with " + fieldList(f);
    }

    private static String fieldList(Set<String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.stream().sorted().limit(5).forEach(k -> sb.append(sb.length() == 0 ? "" : ", ").append('"')
                .append(Excerpts.shorten(k, 40)).append('"'));
        return fields.size() > 5 ? sb.append(", ...").toString() : sb.toString();
    }
}
