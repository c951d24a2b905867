package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CSV with a header row — spans, metric points, time windows or exposures — mapping its
 * columns by name. The delimiter ({@code ,}, {@code ;}, tab or {@code |}) is the one the header
 * uses most; fields may be quoted ({@code "a, b"}, {@code ""} for a quote, line breaks inside).
 *
 * <p>The kind of rows is told by the columns found (names compared without case, spaces, dashes
 * or dots; the aliases are in {@link Kind}):
 * <ul>
 * <li><b>spans</b>: trace id, span id, a start, and an end or a duration (parent, name, service,
 *     kind, status optional);</li>
 * <li><b>exposures</b>: unit id, flag or experiment key, variant and time;</li>
 * <li><b>windows</b> (annotations): a start, an end, and a kind, name or target;</li>
 * <li><b>metrics</b>: a metric name, a value and a time.</li>
 * </ul>
 * Other columns become the record's attributes. Times are numbers since 1970 — in the unit a
 * column name's suffix gives ({@code _s}, {@code _ms}, {@code _us}, {@code _ns}), else told by the
 * first value's magnitude ({@link Timestamps#guess}) — or ISO-8601 text; durations are in their
 * suffix's unit, else milliseconds. The summary says how each time column was read. A header
 * with none of these sets of columns is refused, listing its columns and the names to use.
 */
final class CsvReader implements TraceReader {
    static final String FORMAT = "csv";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    /** The kinds of rows, with the column names each field is found under. */
    enum Kind {
        SPANS("spans"), EXPOSURES("exposures"), WINDOWS("windows"), METRICS("metrics");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("trace_id", List.of("traceid", "trace"));
        FIELDS.put("span_id", List.of("spanid", "span"));
        FIELDS.put("parent_span_id", List.of("parentspanid", "parentid", "parent"));
        FIELDS.put("service", List.of("servicename", "service"));
        FIELDS.put("kind", List.of("kind", "spankind", "type", "faulttype", "fault", "action"));
        FIELDS.put("status", List.of("status", "statuscode", "error"));
        FIELDS.put("start", List.of("start", "starttime", "startts", "startns", "startus", "startms", "starts",
                "starttimeunixnano", "begin", "from"));
        FIELDS.put("end", List.of("end", "endtime", "endts", "endns", "endus", "endms", "ends", "endtimeunixnano",
                "finish", "to", "until"));
        FIELDS.put("duration", List.of("duration", "durationms", "durationus", "durationns", "durations", "latency",
                "latencyms", "latencyus", "elapsed", "elapsedms"));
        FIELDS.put("unit_id", List.of("unitid", "userid", "userkey", "targetingkey", "stableid", "anonymousid",
                "entityid", "featureflagcontextid"));
        FIELDS.put("flag_key", List.of("flagkey", "flag", "experimentid", "experimentkey", "experiment", "featurekey",
                "featureflagkey", "gate"));
        FIELDS.put("variant", List.of("variant", "variation", "variationid", "variantid", "group", "arm",
                "featureflagresultvariant", "featureflagvariant"));
        FIELDS.put("reason", List.of("reason", "featureflagresultreason"));
        FIELDS.put("version", List.of("version", "flagversion", "featureflagversion"));
        FIELDS.put("metric", List.of("metric", "metricname", "name", "series"));
        FIELDS.put("name", List.of("name", "operation", "operationname", "spanname", "title"));
        FIELDS.put("target", List.of("target", "host", "pod", "selector"));
        FIELDS.put("value", List.of("value", "val", "metricvalue"));
        FIELDS.put("time", List.of("time", "timestamp", "ts", "timens", "timems", "timeus", "times", "datetime",
                "date", "timeunixnano"));
        FIELDS.put("unit", List.of("unit"));
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        if (peek.length == 0 || peek[0] == '{' || peek[0] == '[') {
            return false;
        }
        for (byte b : peek) {
            if (b == 0) {
                return false;
            }
        }
        String[] lines = Peeks.wholeLines(peek);
        int usable = lines.length;
        if (usable < 2 || lines[0].isBlank()) {
            return false;
        }
        char d = delimiter(lines[0]);
        List<String> header = split(lines[0], d);
        if (header.size() < 2 || header.stream().anyMatch(h -> h.isBlank() || h.matches("[-+0-9.eE:TZ ]+"))) {
            return false;
        }
        int rows = 0;
        for (int i = 1; i < Math.min(usable, 20); i++) {
            StringBuilder row = new StringBuilder(lines[i]);
            while (quoteOpen(row.toString()) && i + 1 < usable) {
                row.append('\n').append(lines[++i]);
            }
            if (!row.toString().isBlank() && split(row.toString(), d).size() == header.size()) {
                rows++;
            }
        }
        return rows > 0;
    }

    static char delimiter(String header) {
        char best = ',';
        int most = 0;
        for (char d : DELIMITERS) {
            int n = split(header, d).size();
            if (n > most) {
                most = n;
                best = d;
            }
        }
        return best;
    }

    /** The fields of one line (quotes honoured; an unclosed quote leaves the rest as one field). */
    static List<String> split(String line, char d) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    q = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank()) {
                cur.setLength(0);
                q = true;
            } else if (c == d) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(q ? cur.toString() : cur.toString().strip());
        return out;
    }

    private static boolean quoteOpen(String line) {
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                q = !q;
            }
        }
        return q;
    }

    static String normal(String column) {
        return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * Column index per field found in {@code header}: first with a metric name field, and when the
     * columns are not metrics, again without it (so that {@code name} is a span's or window's name).
     */
    static Map<String, Integer> map(List<String> header) {
        Map<String, Integer> m = byName(header, "");
        return kind(m) == Kind.METRICS ? m : byName(header, "metric");
    }

    /**
     * The mapping by name with the user's pairs (column → {@code field[:unit]}) put over it: a field the
     * user maps, and a column the user maps, are taken out of the mapping by name first.
     *
     * @throws IllegalArgumentException a column the header does not have, or a field that is none
     */
    static Map<String, Integer> map(List<String> header, Map<String, String> user) {
        if (user.isEmpty()) {
            return map(header);
        }
        Map<String, Integer> given = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : user.entrySet()) {
            int at = column(header, e.getKey());
            if (at < 0) {
                throw new IllegalArgumentException("the mapping names the column \"" + Excerpts.shorten(e.getKey(), 60)
                        + "\", which the header (" + Excerpts.shorten(String.join(", ", header), 160) + ") does not have");
            }
            String field = fieldOf(e.getValue());
            if (!FIELDS.containsKey(field)) {
                throw new IllegalArgumentException("the mapping names the field \"" + Excerpts.shorten(field, 40)
                        + "\", which is none of " + String.join(", ", FIELDS.keySet()));
            }
            given.put(field, at);
        }
        // By name over the columns the user left, with a metric name and without one, as above.
        List<String> rest = new ArrayList<>(header);
        given.values().forEach(i -> rest.set(i, ""));
        Map<String, Integer> withMetric = merged(given, byName(rest, ""));
        return kind(withMetric) == Kind.METRICS ? withMetric : merged(given, byName(rest, "metric"));
    }

    private static Map<String, Integer> merged(Map<String, Integer> given, Map<String, Integer> byName) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String f : FIELDS.keySet()) {
            if (given.containsKey(f)) {
                m.put(f, given.get(f));
            } else if (byName.containsKey(f)) {
                m.put(f, byName.get(f));
            }
        }
        return m;
    }

    private static Map<String, Integer> byName(List<String> header, String skip) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> f : FIELDS.entrySet()) {
            if (f.getKey().equals(skip)) {
                continue;
            }
            for (String alias : f.getValue()) {
                int at = -1;
                for (int i = 0; i < header.size(); i++) {
                    if (normal(header.get(i)).equals(alias) && !m.containsValue(i)) {
                        at = i;
                        break;
                    }
                }
                if (at >= 0) {
                    m.put(f.getKey(), at);
                    break;
                }
            }
        }
        return m;
    }

    /** The column's index: its exact name, else the same name without case, spaces, dashes or dots; -1 when none. */
    private static int column(List<String> header, String name) {
        int at = header.indexOf(name);
        if (at >= 0) {
            return at;
        }
        for (int i = 0; i < header.size(); i++) {
            if (normal(header.get(i)).equals(normal(name))) {
                return i;
            }
        }
        return -1;
    }

    static String fieldOf(String fieldAndUnit) {
        int colon = fieldAndUnit.indexOf(':');
        return (colon < 0 ? fieldAndUnit : fieldAndUnit.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** The unit after the colon of {@code field:unit} ({@code s}, {@code ms}, {@code us}, {@code ns}, {@code iso}), or null. */
    static String unitOf(String fieldAndUnit) {
        int colon = fieldAndUnit.indexOf(':');
        return colon < 0 ? null : fieldAndUnit.substring(colon + 1).toLowerCase(Locale.ROOT).replace("µs", "us");
    }

    static Timestamps.Unit unit(String code) {
        return switch (code) {
            case "s" -> Timestamps.Unit.S;
            case "ms" -> Timestamps.Unit.MS;
            case "us" -> Timestamps.Unit.US;
            case "ns" -> Timestamps.Unit.NS;
            default -> null;
        };
    }

    static Kind kind(Map<String, Integer> m) {
        if (m.containsKey("trace_id") && m.containsKey("span_id") && m.containsKey("start")
                && (m.containsKey("end") || m.containsKey("duration"))) {
            return Kind.SPANS;
        }
        if (m.containsKey("unit_id") && m.containsKey("flag_key") && m.containsKey("variant") && m.containsKey("time")) {
            return Kind.EXPOSURES;
        }
        if (m.containsKey("start") && (m.containsKey("end") || m.containsKey("duration"))
                && (m.containsKey("kind") || m.containsKey("name") || m.containsKey("target"))) {
            return Kind.WINDOWS;
        }
        if (m.containsKey("metric") && m.containsKey("value") && m.containsKey("time")) {
            return Kind.METRICS;
        }
        return null;
    }

    /** The names to use, for the refusal of a header nothing maps. */
    static final String NAMES = "spans: trace_id, span_id, start and end or duration (parent_span_id, name, service, "
            + "kind, status optional); exposures: unit_id (or user_id), flag_key (or experiment_id), variant, time; "
            + "windows: start, end or duration, and kind, name or target; metrics: metric (or name), value, time";

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes, Map.of());
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                         ImportHints.ForFile hints) {
        return new FileReading(factory, display, sink, chunkBytes, hints.csvMapping());
    }

    /** The fields a kind of rows uses (a column found for another kind stays an attribute). */
    static List<String> usedFields(Kind kind) {
        return switch (kind) {
            case SPANS -> List.of("trace_id", "span_id", "parent_span_id", "service", "kind", "status", "start",
                    "end", "duration", "name");
            case EXPOSURES -> List.of("unit_id", "flag_key", "variant", "time", "reason", "version", "trace_id");
            case WINDOWS -> List.of("kind", "name", "start", "end", "duration", "target");
            case METRICS -> List.of("metric", "value", "time", "unit", "kind");
        };
    }

    /**
     * What the importer will make of a CSV file that starts with {@code peek}, with the user's mapping
     * (column → {@code field[:unit]}) applied: the kind, the fields' columns, how each time column is read
     * (from its first value), and what of that is a guess.
     *
     * @throws IllegalArgumentException the mapping names a column the header lacks, or no field
     */
    static CsvMapping inspect(byte[] peek, Map<String, String> user) {
        String[] lines = Peeks.wholeLines(peek);
        String first = lines.length == 0 ? "" : lines[0];
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        char d = delimiter(first);
        List<String> header = split(first, d);
        Map<String, Integer> m = map(header, user);
        Kind kind = kind(m);
        List<String> row = List.of();
        for (int i = 1; i < lines.length; i++) {
            List<String> f = split(lines[i], d);
            if (!lines[i].isBlank() && f.size() == header.size()) {
                row = f;
                break;
            }
        }
        Map<String, String> givenUnits = new HashMap<>();
        user.forEach((column, fieldAndUnit) -> {
            String u = unitOf(fieldAndUnit);
            if (u != null) {
                givenUnits.put(fieldOf(fieldAndUnit), u);
            }
        });
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        List<String> guesses = new ArrayList<>();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            String field = e.getKey();
            if (kind != null && !usedFields(kind).contains(field)) {
                continue;
            }
            String column = header.get(e.getValue());
            fields.put(field, column);
            String given = givenUnits.get(field);
            if (field.equals("duration")) {
                Timestamps.Unit u = given != null ? unit(given) : FileReading.suffixUnit(column);
                units.put(field, u == null ? "ms" : u.symbol);
                if (given == null && u == null) {
                    guesses.add(column + ": no unit in the column's name, read as milliseconds");
                }
            } else if (CsvMapping.TIME_FIELDS.contains(field)) {
                String v = row.isEmpty() ? "" : row.get(e.getValue());
                if (given != null) {
                    units.put(field, given.equals("iso") ? "ISO-8601" : unit(given).symbol);
                } else if (v.matches("\\d+(\\.\\d+)?")) {
                    Timestamps.Unit s = FileReading.suffixUnit(column);
                    Timestamps.Unit u = s != null ? s : Timestamps.guess(Double.parseDouble(v));
                    units.put(field, u.symbol);
                    if (s == null) {
                        guesses.add(column + ": " + u.symbol + " since 1970, told by the size of its first value ("
                                + Excerpts.shorten(v, 24) + ")");
                    }
                } else if (!v.isEmpty()) {
                    units.put(field, "ISO-8601");
                }
            }
        }
        return new CsvMapping(header, kind == null ? null : kind.noun, fields, units, guesses, row);
    }

    private static final class FileReading extends ChunkedReading {
        private Kind kind;
        private Map<String, Integer> columns;
        private List<String> header;
        private final Map<String, String> timeReadAs = new LinkedHashMap<>();
        private final Map<String, Timestamps.Unit> units = new HashMap<>();
        /** Fields the user said hold ISO-8601 text. */
        private final java.util.Set<String> isoFields = new java.util.HashSet<>();
        private final Map<String, String> user;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                    Map<String, String> user) {
            super(factory, display, sink, chunkBytes);
            this.user = user;
        }


        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            BufferedReader r = new BufferedReader(new InputStreamReader(in.data, StandardCharsets.UTF_8), 1 << 16);
            String first = r.readLine();
            if (first != null && first.startsWith("\uFEFF")) {
                first = first.substring(1);
            }
            char d = delimiter(first == null ? "" : first);
            header = split(first == null ? "" : first, d);
            try {
                columns = map(header, user);
            } catch (IllegalArgumentException e) {
                throw new ImportException(display + ": line 1: " + e.getMessage() + ". Nothing was imported.");
            }
            kind = kind(columns);
            if (kind == null) {
                throw new ImportException(display + ": line 1: the CSV header (" + Excerpts.shorten(String.join(", ",
                        header), 160) + ") has none of the sets of columns Prodlab maps" + (user.isEmpty() ? ""
                        : ", also with the mapping given") + ". Rename the columns to " + NAMES + ", or map them "
                        + "(prodlab import --map column=field,...; the Import view asks). Nothing was imported.");
            }
            for (String fieldAndUnit : user.values()) {
                String u = unitOf(fieldAndUnit);
                String field = fieldOf(fieldAndUnit);
                if (u == null) {
                    continue;
                }
                if (u.equals("iso")) {
                    isoFields.add(field);
                    timeReadAs.put(field, "ISO-8601, as given");
                } else {
                    units.put(field, unit(u));
                    timeReadAs.put(field, unit(u).symbol + (field.equals("duration") ? "" : " since 1970") + ", as given");
                }
            }
            long lineNo = 1;
            long rows = 0;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                long startLine = lineNo;
                StringBuilder row = new StringBuilder(line);
                while (quoteOpen(row.toString()) && (line = r.readLine()) != null) {
                    lineNo++;
                    row.append('\n').append(line);
                }
                if (row.toString().isBlank()) {
                    continue;
                }
                rows++;
                List<String> f = split(row.toString(), d);
                try {
                    if (f.size() != header.size()) {
                        throw new BadRecordException("expected " + header.size() + " fields (as the header), found "
                                + f.size());
                    }
                    row(f);
                    spansRead++;
                } catch (BadRecordException e) {
                    reject("line " + startLine, e.reason(), row);
                }
                afterRecord(rows);
            }
            StringBuilder sb = new StringBuilder("CSV of ").append(kind.noun).append(", ")
                    .append(ImportService.count(rows, "row")).append("; columns mapped: ");
            int i = 0;
            for (Map.Entry<String, Integer> c : columns.entrySet()) {
                if (!used(c.getKey())) {
                    continue;
                }
                sb.append(i++ == 0 ? "" : ", ").append(c.getKey()).append(" ← ").append(header.get(c.getValue()));
                String how = timeReadAs.get(c.getKey());
                if (how != null) {
                    sb.append(" (").append(how).append(')');
                }
            }
            return sb.toString();
        }

        /** Whether {@code field} is one the kind uses (a column found for another kind is an attribute). */
        private boolean used(String field) {
            return usedFields(kind).contains(field) && columns.containsKey(field);
        }

        private String get(List<String> f, String field) {
            Integer i = columns.get(field);
            return i == null || !used(field) ? "" : f.get(i);
        }

        private ObjectNode attributes(List<String> f) {
            ObjectNode a = NODES.objectNode();
            for (int i = 0; i < header.size(); i++) {
                final int col = i;
                boolean mapped = columns.entrySet().stream().anyMatch(e -> e.getValue() == col && used(e.getKey()));
                if (!mapped && !f.get(i).isEmpty()) {
                    a.put(header.get(i), f.get(i));
                }
            }
            return a;
        }

        private void row(List<String> f) throws BadRecordException {
            switch (kind) {
                case SPANS -> span(f);
                case EXPOSURES -> sink.chunk().add(new Exposure(required(f, "unit_id"), required(f, "flag_key"),
                        required(f, "variant"), time(f, "time"), get(f, "reason"), get(f, "version"),
                        get(f, "trace_id").toLowerCase(Locale.ROOT), attributes(f).toString()));
                case WINDOWS -> {
                    long start = time(f, "start");
                    Long end = null;
                    if (columns.containsKey("end") && !get(f, "end").isEmpty()) {
                        end = time(f, "end");
                    } else if (columns.containsKey("duration") && !get(f, "duration").isEmpty()) {
                        end = start + duration(f);
                    }
                    if (end != null && end < start) {
                        throw new BadRecordException("the window ends before it starts");
                    }
                    String k = get(f, "kind").toLowerCase(Locale.ROOT);
                    sink.chunk().add(new Annotation(k.isEmpty() ? "fault" : k, get(f, "name"), start, end,
                            get(f, "target"), attributes(f).toString()));
                }
                case METRICS -> {
                    double v = PrometheusTextReader.number(required(f, "value"), null, "the value");
                    String type = get(f, "kind").toLowerCase(Locale.ROOT);
                    boolean sum = type.equals("counter") || type.equals("sum");
                    sink.chunk().add(new MetricPoint(required(f, "metric"), sum ? "sum" : "gauge", get(f, "unit"), "",
                            0, time(f, "time"), v, null, null, null, sum ? "cumulative" : "", sum ? Boolean.TRUE : null,
                            null, null, null, null, attributes(f).toString(), "{}", "", ""));
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }

        private void span(List<String> f) throws BadRecordException {
            String trace;
            String span;
            String parent = "";
            try {
                trace = OtlpIds.normalize(required(f, "trace_id"), OtlpIds.TRACE_BYTES, header.get(columns.get("trace_id")));
                span = OtlpIds.normalize(required(f, "span_id"), OtlpIds.SPAN_BYTES, header.get(columns.get("span_id")));
                String p = get(f, "parent_span_id");
                if (!p.isEmpty() && !p.matches("0+")) {
                    parent = OtlpIds.normalize(p, OtlpIds.SPAN_BYTES, header.get(columns.get("parent_span_id")));
                }
            } catch (OtlpIds.BadIdException e) {
                throw new BadRecordException(e.getMessage());
            }
            long start = time(f, "start");
            long end = columns.containsKey("end") && !get(f, "end").isEmpty() ? time(f, "end") : start + duration(f);
            if (end < start) {
                throw new BadRecordException("the span ends before it starts");
            }
            SpanKind k = switch (get(f, "kind").toLowerCase(Locale.ROOT).replace("span_kind_", "")) {
                case "client" -> SpanKind.CLIENT;
                case "server" -> SpanKind.SERVER;
                case "producer" -> SpanKind.PRODUCER;
                case "consumer" -> SpanKind.CONSUMER;
                default -> SpanKind.INTERNAL;
            };
            String st = get(f, "status").toLowerCase(Locale.ROOT);
            SpanStatus status = st.equals("error") || st.equals("true") || st.equals("1") || st.equals("status_code_error")
                    ? SpanStatus.ERROR : st.equals("ok") || st.equals("status_code_ok") ? SpanStatus.OK : SpanStatus.UNSET;
            sink.chunk().addSpan(trace, span, parent, serviceContext(get(f, "service")), get(f, "name"), k, start, end, status,
                    "", attributes(f).toString(), "");
        }

        private String required(List<String> f, String field) throws BadRecordException {
            String v = get(f, field);
            if (v.isEmpty()) {
                throw new BadRecordException("the " + header.get(columns.get(field)) + " column is empty");
            }
            return v;
        }

        /** The unit a column name's suffix gives, or null. */
        static Timestamps.Unit suffixUnit(String column) {
            String n = normal(column);
            return n.endsWith("unixnano") || n.endsWith("ns") ? Timestamps.Unit.NS
                    : n.endsWith("us") || n.endsWith("micros") ? Timestamps.Unit.US
                    : n.endsWith("ms") || n.endsWith("millis") ? Timestamps.Unit.MS
                    : n.endsWith("seconds") || (n.endsWith("s") && !n.endsWith("ts") && n.length() > 1
                    && !n.equals("status")) ? Timestamps.Unit.S : null;
        }

        private long time(List<String> f, String field) throws BadRecordException {
            String column = header.get(columns.get(field));
            String v = required(f, field);
            if (isoFields.contains(field)) {
                return Timestamps.isoNanos(v, column);
            }
            if (v.matches("\\d+(\\.\\d+)?")) {
                Timestamps.Unit u = units.get(field);
                if (u == null) {
                    Timestamps.Unit s = suffixUnit(column);
                    u = s != null ? s : Timestamps.guess(Double.parseDouble(v));
                    units.put(field, u);
                    timeReadAs.put(field, u.symbol + " since 1970" + (s != null ? ", from the column name" : ""));
                }
                return v.contains(".") ? Timestamps.toNanos(Double.parseDouble(v), u, column)
                        : Timestamps.toNanos(Long.parseLong(v), u, column);
            }
            timeReadAs.putIfAbsent(field, "ISO-8601");
            return Timestamps.isoNanos(v, column);
        }

        private long duration(List<String> f) throws BadRecordException {
            String column = header.get(columns.get("duration"));
            String v = required(f, "duration");
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new BadRecordException(column + " \"" + Excerpts.shorten(v, 30) + "\" is not a number");
            }
            Timestamps.Unit s = units.containsKey("duration") ? units.get("duration") : suffixUnit(column);
            Timestamps.Unit u = s == null ? Timestamps.Unit.MS : s;
            timeReadAs.putIfAbsent("duration", u.symbol + (s == null ? " (no unit in the column name: milliseconds)" : ""));
            if (!(d >= 0) || d * u.nanos > 9.2e18) {
                throw new BadRecordException(column + " " + v + " is not a duration");
            }
            return Math.round(d * u.nanos);
        }
    }
}
