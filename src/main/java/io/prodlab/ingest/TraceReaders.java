package io.prodlab.ingest;

import java.util.List;
import java.util.Set;

/**
 * The trace readers Prodlab has, and the choice among them by content (JabRef's
 * {@code ImportFormatReader} in small): the first reader that recognises the file's start reads it.
 * A JSON object no reader claims goes to the OTLP reader, whose refusal names what the object is
 * (an OTLP metrics or logs export, ...); an array no reader claims is refused here with what it
 * looks like.
 */
final class TraceReaders {
    /** What the readers take, for refusals. */
    static final String READS = "Prodlab reads OTLP/JSON trace exports (an object with \"resourceSpans\"), "
            + "Jaeger JSON (the UI's download, the query API's {\"data\": [...]}, or an array of Jaeger spans) and "
            + "Zipkin v2 JSON (an array of spans with \"traceId\", \"id\" and \"localEndpoint\") and "
            + "Zipkin v1 JSON (spans with \"annotations\" and \"binaryAnnotations\")";

    private static final TraceReader OTLP = new OtlpJsonFormat();
    private static final List<TraceReader> ALL = List.of(OTLP, new JaegerJsonReader(), new ZipkinV2JsonReader(),
            new ZipkinV1JsonReader(), new PrometheusTextReader(true), new PrometheusTextReader(false));

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
     * @throws ImportException no reader takes a file that starts like this (an array of something else)
     */
    static TraceReader choose(TraceInput in, String display) throws ImportException {
        TraceReader r = recognising(in.peek);
        if (r != null) {
            return r;
        }
        int first = firstNonBlank(in.peek);
        if (first != '[' && first != '{') {
            int at = 0;
            while (at < in.peek.length && (in.peek[at] == ' ' || in.peek[at] == '\t' || in.peek[at] == '\r'
                    || in.peek[at] == '\n')) {
                at++;
            }
            throw new ImportException(display + ": " + in.start + ": not an export Prodlab reads: found "
                    + TraceInput.describeStart(in.peek, at) + "; " + READS + ". Nothing was imported.");
        }
        if (first == '[') {
            throw new ImportException(display + ": " + in.start + ": " + OtlpJsonTraceReader.EXPECTED
                    + ", found a JSON array" + describeArray(in.peek) + "; " + READS + ". Nothing was imported.");
        }
        return OTLP;
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
