package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.MetricPoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus text exposition format (0.0.4) and OpenMetrics text into metric points.
 *
 * <p>Samples are grouped by their family ({@code # TYPE}) into points, one per series:
 * <ul>
 * <li>counter: a monotonic cumulative {@code sum} named as its sample ({@code x_total}); a
 *     {@code _created} sample gives its start time;</li>
 * <li>gauge, untyped, unknown, info and stateset samples, and samples of no declared family: a
 *     {@code gauge};</li>
 * <li>histogram (and gaugehistogram): {@code _bucket}/{@code _sum}/{@code _count}/{@code _created}
 *     (or {@code _gsum}/{@code _gcount}) of one label set become one {@code histogram} point, the
 *     cumulative {@code le} buckets turned into per-bucket counts (the {@code +Inf} bucket the
 *     overflow);</li>
 * <li>summary: the {@code quantile} samples, {@code _sum}, {@code _count} and {@code _created}
 *     become one {@code summary} point.</li>
 * </ul>
 * {@code # HELP} is the description, OpenMetrics' {@code # UNIT} the unit, labels the attributes;
 * OpenMetrics exemplars ({@code # {trace_id="..."} value [timestamp]}) are kept with their point.
 * Label values and HELP text are unescaped ({@code \\}, {@code \"}, {@code \n}; any other
 * backslash is kept as written). Sample timestamps are milliseconds in Prometheus text and
 * seconds in OpenMetrics; a point's time is the latest of its samples'.
 *
 * <p><b>Points without a timestamp</b> (the usual case: a scrape leaves the time to the scraper)
 * are stored with time 0, as {@link MetricPoint} documents for a source that carries no time, and
 * the import summary says how many (docs/decisions/0015-metric-points-without-time.md): no guess
 * (import time, file time) is passed off as the scrape's time.
 *
 * <p>A line that is not a comment or a valid sample is rejected with its line and column; the rest
 * is read. Prometheus text lets a family's samples come anywhere in the file, so its points are
 * held until the end (memory grows with the number of series, not with samples repeated);
 * OpenMetrics keeps a family's samples together, and its points are written family by family.
 */
final class PrometheusTextReader implements TraceReader {
    static final String PROMETHEUS = "prometheus-text";
    static final String OPENMETRICS = "openmetrics-text";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Lines of the start looked at for recognition. */
    private static final int SNIFF_LINES = 64;

    private final boolean openMetrics;

    PrometheusTextReader(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    @Override
    public String format() {
        return openMetrics ? OPENMETRICS : PROMETHEUS;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        Boolean om = sniff(peek);
        return om != null && om == openMetrics;
    }

    /**
     * Null when the start is not an exposition; else whether it is OpenMetrics (a {@code # EOF}
     * or {@code # UNIT} line). Of the lines looked at, valid samples and TYPE/HELP/UNIT/EOF lines
     * must outnumber lines that are neither comments nor samples (a broken line is rejected later,
     * it does not hide the format).
     */
    static Boolean sniff(byte[] peek) {
        for (byte b : peek) {
            if (b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t')) {
                return null;
            }
        }
        String[] lines = Peeks.wholeLines(peek);
        int usable = lines.length;
        int evidence = 0;
        int bad = 0;
        int looked = 0;
        boolean om = false;
        for (int i = 0; i < usable; i++) {
            String line = strip(lines[i]).stripLeading();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] w = line.substring(1).trim().split("[ \t]+", 3);
                if (w[0].equals("EOF") || w[0].equals("UNIT")) {
                    om = true;
                    evidence++;
                } else if (w[0].equals("TYPE") || w[0].equals("HELP")) {
                    evidence += w.length >= 2 && validName(w[1]) ? 1 : 0;
                }
            } else if (looked < SNIFF_LINES) {
                looked++;
                try {
                    Sample.parse(line, true);
                    evidence++;
                } catch (BadRecordException e) {
                    bad++;
                }
            }
            if (looked >= SNIFF_LINES && !om && i > 4 * SNIFF_LINES) {
                break;
            }
        }
        return evidence > bad ? om : null;
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    static boolean validName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes, openMetrics);
    }

    // ---------------------------------------------------------------- one sample line

    /** One sample line, parsed. */
    record Sample(String name, LinkedHashMap<String, String> labels, double value, String timestamp,
                  Exemplar exemplar) {

        /**
         * Parses a sample line (without its line break).
         *
         * @throws BadRecordException with the column and what was expected
         */
        static Sample parse(String line, boolean openMetrics) throws BadRecordException {
            Cursor c = new Cursor(line);
            c.blanks();
            String name = c.name(true);
            int afterName = c.pos;
            c.blanks();
            LinkedHashMap<String, String> labels = new LinkedHashMap<>();
            if (c.peek() == '{') {
                c.labels(labels);
            } else if (c.pos == afterName) {
                throw c.expected("a label set {...} or a space after the metric name");
            }
            c.blanks();
            String v = c.token();
            if (v.isEmpty()) {
                throw c.expected("a sample value");
            }
            double value = number(v, c, "the sample value");
            c.blanks();
            String ts = null;
            if (!c.atEnd() && c.peek() != '#') {
                ts = c.token();
                c.blanks();
            }
            Exemplar ex = null;
            if (!c.atEnd() && c.peek() == '#' && openMetrics) {
                c.pos++;
                c.blanks();
                if (c.peek() != '{') {
                    throw c.expected("an exemplar's label set {...} after \" # \"");
                }
                LinkedHashMap<String, String> exLabels = new LinkedHashMap<>();
                c.labels(exLabels);
                c.blanks();
                String ev = c.token();
                if (ev.isEmpty()) {
                    throw c.expected("the exemplar's value");
                }
                double exValue = number(ev, c, "the exemplar's value");
                c.blanks();
                String exTs = c.atEnd() ? null : c.token();
                ex = new Exemplar(exLabels, exValue, exTs);
                c.blanks();
            }
            if (!c.atEnd()) {
                throw c.expected("the end of the line");
            }
            return new Sample(name, labels, value, ts, ex);
        }
    }

    record Exemplar(Map<String, String> labels, double value, String timestamp) {
    }

    /** A position in one line, with the pieces of the exposition grammar. */
    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        boolean atBlank() {
            return !atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t');
        }

        void blanks() {
            while (atBlank()) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && !atBlank()) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String name(boolean metric) throws BadRecordException {
            int start = pos;
            while (!atEnd()) {
                char ch = s.charAt(pos);
                boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'
                        || (metric && ch == ':') || (pos > start && ch >= '0' && ch <= '9');
                if (!ok) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw expected(metric ? "a metric name" : "a label name");
            }
            return s.substring(start, pos);
        }

        void labels(Map<String, String> into) throws BadRecordException {
            pos++; // '{'
            while (true) {
                blanks();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                String label = name(false);
                blanks();
                if (peek() != '=') {
                    throw expected("\"=\" after the label name " + label);
                }
                pos++;
                blanks();
                if (peek() != '"') {
                    throw expected("a quoted value for the label " + label);
                }
                pos++;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (atEnd()) {
                        throw expected("the closing quote of the label " + label);
                    }
                    char ch = s.charAt(pos++);
                    if (ch == '"') {
                        break;
                    }
                    if (ch == '\\' && !atEnd()) {
                        char e = s.charAt(pos++);
                        v.append(e == 'n' ? "\n" : e == '\\' ? "\\" : e == '"' ? "\"" : "\\" + e);
                    } else {
                        v.append(ch);
                    }
                }
                if (into.put(label, v.toString()) != null) {
                    throw new BadRecordException("column " + (pos + 1) + ": the label " + label + " appears twice");
                }
                blanks();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw expected("\",\" or \"}\" after the value of the label " + label);
                }
            }
        }

        BadRecordException expected(String what) {
            String found = atEnd() ? "the end of the line" : "\"" + Excerpts.shorten(s.substring(pos), 20) + "\"";
            return new BadRecordException("column " + (pos + 1) + ": expected " + what + ", found " + found);
        }
    }

    /** A Prometheus float: digits (Go's ParseFloat), NaN, +Inf, -Inf, Inf in any case. */
    static double number(String v, Cursor c, String what) throws BadRecordException {
        String l = v.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan":
                return Double.NaN;
            case "+inf", "inf", "+infinity", "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        boolean digit = false;
        for (int i = 0; i < l.length(); i++) {
            char ch = l.charAt(i);
            digit |= ch >= '0' && ch <= '9';
            if ("0123456789+-.e_".indexOf(ch) < 0) {
                digit = false;
                break;
            }
        }
        if (digit) {
            try {
                return Double.parseDouble(l.replace("_", ""));
            } catch (NumberFormatException ignored) {
                // Reported below.
            }
        }
        String where = c == null ? "" : "column " + (c.pos - v.length() + 1) + ": ";
        throw new BadRecordException(where + what + " \"" + Excerpts.shorten(v, 40)
                + "\" is not a number (digits, NaN, +Inf or -Inf)");
    }

    /**
     * A sample timestamp in nanoseconds: integer milliseconds in Prometheus text, seconds (with a
     * fraction, or an exponent) in OpenMetrics.
     */
    static long timestampNs(String ts, boolean openMetrics, String what) throws BadRecordException {
        try {
            BigDecimal d = new BigDecimal(ts);
            if (!openMetrics && d.scale() > 0) {
                throw new BadRecordException(what + " \"" + Excerpts.shorten(ts, 40)
                        + "\" must be whole milliseconds since 1970");
            }
            BigDecimal ns = d.movePointRight(openMetrics ? 9 : 6);
            if (ns.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new BadRecordException(what + " \"" + Excerpts.shorten(ts, 40) + "\" is past the year 2262");
            }
            return ns.longValue();
        } catch (NumberFormatException e) {
            throw new BadRecordException(what + " \"" + Excerpts.shorten(ts, 40) + "\" is not a number of "
                    + (openMetrics ? "seconds" : "milliseconds") + " since 1970");
        }
    }

    // ---------------------------------------------------------------- families and points

    private static final class Family {
        final String name;
        String type = "untyped";
        String help = "";
        String unit = "";
        boolean declared;

        Family(String name) {
            this.name = name;
        }
    }

    /** A point being assembled from one or more samples. */
    private static final class Pending {
        final Family family;
        final String name;
        final Map<String, String> labels;
        final long line;
        long timeNs;
        boolean timed;
        double value = Double.NaN;
        boolean valueSet;
        Double count;
        long createdNs;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        final TreeMap<Double, Double> quantiles = new TreeMap<>();
        final ArrayNode exemplars = NODES.arrayNode();

        Pending(Family family, String name, Map<String, String> labels, long line) {
            this.family = family;
            this.name = name;
            this.labels = labels;
            this.line = line;
        }
    }

    private static final class FileReading extends ChunkedReading {
        private final boolean openMetrics;
        private final Map<String, Family> families = new HashMap<>();
        private final Map<String, Pending> pending = new LinkedHashMap<>();
        private long samples;
        private long untimed;
        private long lineNo;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                    boolean openMetrics) {
            super(factory, display, sink, chunkBytes);
            this.openMetrics = openMetrics;
        }

        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            BufferedReader r = new BufferedReader(new InputStreamReader(in.data, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                    1 << 16);
            String line;
            boolean eof = false;
            long afterEof = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if ((lineNo & 1023) == 0 && sink.stopRequested()) {
                    throw new InterruptedException("import cancelled");
                }
                if (eof) {
                    if (!line.isBlank()) {
                        afterEof++;
                    }
                    continue;
                }
                try {
                    if (line.stripLeading().startsWith("#")) {
                        eof = comment(line.stripLeading());
                    } else if (!line.isBlank()) {
                        sample(Sample.parse(line, openMetrics));
                    }
                } catch (BadRecordException e) {
                    reject("line " + lineNo, e.reason(), line);
                }
            }
            flush();
            if (afterEof > 0) {
                reject("line " + lineNo, ImportService.count(afterEof, "line") + " after \"# EOF\" not read "
                        + "(OpenMetrics ends at # EOF)", "");
            }
            String kind = openMetrics ? "OpenMetrics text" : "Prometheus text exposition";
            long declared = families.values().stream().filter(f -> f.declared).count();
            return kind + ", " + declared + (declared == 1 ? " family" : " families") + ", " + ImportService.count(samples, "sample") + " as "
                    + ImportService.count(spansRead, "metric point")
                    + (untimed == 0 ? "" : "; " + untimed + " of them without a timestamp, stored at time 0 "
                    + "(the exposition leaves the scrape time to the scraper)")
                    + (openMetrics && !eof ? "; the file does not end with \"# EOF\" (cut short?)" : "");
        }


        /** A comment line; true for {@code # EOF}. */
        private boolean comment(String line) throws BadRecordException, InterruptedException {
            String[] w = line.substring(1).stripLeading().split("[ \t]+", 3);
            switch (w[0]) {
                case "EOF":
                    return openMetrics;
                case "TYPE", "HELP", "UNIT": {
                    if (w.length < 2 || !validName(w[1])) {
                        if (w[0].equals("HELP") && (w.length < 2 || w[1].isEmpty())) {
                            return false; // Go's parser ignores a bare "# HELP".
                        }
                        throw new BadRecordException("# " + w[0] + " must name a metric family, found \""
                                + Excerpts.shorten(w.length < 2 ? "" : w[1], 40) + "\"");
                    }
                    String rest = w.length > 2 ? w[2] : "";
                    if (w[0].equals("TYPE")) {
                        String type = rest.trim().toLowerCase(Locale.ROOT);
                        if (!List.of("counter", "gauge", "histogram", "gaugehistogram", "summary", "untyped",
                                "unknown", "info", "stateset").contains(type)) {
                            throw new BadRecordException("# TYPE " + w[1] + ": \"" + Excerpts.shorten(rest, 40)
                                    + "\" is not counter, gauge, histogram, gaugehistogram, summary, info, stateset, "
                                    + "unknown or untyped");
                        }
                        if (openMetrics) {
                            flush();
                        }
                        Family f = families.computeIfAbsent(w[1], Family::new);
                        f.type = type;
                        f.declared = true;
                    } else if (w[0].equals("HELP")) {
                        families.computeIfAbsent(w[1], Family::new).help = unescapeHelp(rest);
                    } else {
                        families.computeIfAbsent(w[1], Family::new).unit = rest.trim();
                    }
                    return false;
                }
                default:
                    return false;
            }
        }

        private String unescapeHelp(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(++i);
                    b.append(e == 'n' ? "\n" : e == '\\' ? "\\" : e == '"' && openMetrics ? "\"" : "\\" + e);
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private void sample(Sample s) throws BadRecordException, InterruptedException {
            long ts = 0;
            boolean timed = s.timestamp != null;
            if (timed) {
                ts = timestampNs(s.timestamp, openMetrics, "the timestamp");
            }
            samples++;
            String[] fs = familyOf(s.name);
            Family f = families.get(fs[0]);
            String suffix = fs[1];
            // Sorted, so that one series is one key whatever order its labels are written in.
            Map<String, String> labels = new TreeMap<>(s.labels);
            String type = f.type;
            boolean histogram = type.equals("histogram") || type.equals("gaugehistogram");
            boolean summary = type.equals("summary");
            String le = null;
            String quantile = null;
            if (histogram && suffix.equals("_bucket")) {
                le = labels.remove("le");
                if (le == null) {
                    throw new BadRecordException("the histogram bucket " + s.name + " has no \"le\" label");
                }
            }
            if (summary && suffix.isEmpty()) {
                quantile = labels.remove("quantile");
                if (quantile == null) {
                    throw new BadRecordException("the summary sample " + s.name + " has no \"quantile\" label");
                }
            }
            String key = f.name + '\u0000' + (histogram || summary || type.equals("counter") ? "" : s.name) + '\u0000'
                    + labels;
            Pending p = pending.get(key);
            boolean valueSample = !histogram && !summary && !suffix.equals("_created");
            if (p != null && valueSample && p.valueSet) {
                // The same series again (another timestamp): its earlier point is complete.
                emit(pending.remove(key));
                p = null;
            }
            if (p == null) {
                String name = histogram || summary ? f.name : s.name;
                if (type.equals("counter") && suffix.equals("_created")) {
                    name = openMetrics ? f.name + "_total" : f.name;
                }
                p = new Pending(f, name, labels, lineNo);
                pending.put(key, p);
            }
            if (timed) {
                p.timeNs = p.timed ? Math.max(p.timeNs, ts) : ts;
                p.timed = true;
            }
            if (suffix.equals("_created")) {
                if (Double.isFinite(s.value) && s.value > 0 && s.value < 9.2e9) {
                    p.createdNs = new BigDecimal(Double.toString(s.value)).movePointRight(9).longValue();
                }
            } else if (histogram && suffix.equals("_bucket")) {
                double bound = number(le, null, "the bucket bound le");
                if (p.buckets.put(bound, s.value) != null) {
                    throw new BadRecordException("the bucket le=\"" + Excerpts.shorten(le, 20) + "\" of " + f.name
                            + " appears twice");
                }
            } else if (suffix.equals("_count") || suffix.equals("_gcount")) {
                p.count = s.value;
            } else if (suffix.equals("_sum") || suffix.equals("_gsum")) {
                p.value = s.value;
            } else if (summary) {
                p.quantiles.put(number(quantile, null, "the quantile"), s.value);
            } else {
                p.value = s.value;
                p.valueSet = true;
            }
            if (s.exemplar != null) {
                p.exemplars.add(exemplar(s.exemplar));
            }
        }

        /** The family a sample name belongs to, and the suffix it has in it ("" for none). */
        private String[] familyOf(String name) {
            Family exact = families.get(name);
            if (exact != null && !exact.type.equals("histogram") && !exact.type.equals("gaugehistogram")) {
                return new String[] {name, ""};
            }
            for (String suffix : new String[] {"_bucket", "_count", "_sum", "_created", "_total", "_gcount", "_gsum",
                    "_info"}) {
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    Family f = families.get(name.substring(0, name.length() - suffix.length()));
                    if (f != null && fits(f.type, suffix)) {
                        return new String[] {f.name, suffix};
                    }
                }
            }
            families.computeIfAbsent(name, Family::new);
            return new String[] {name, ""};
        }

        private static boolean fits(String type, String suffix) {
            return switch (type) {
                case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                case "histogram" -> suffix.equals("_bucket") || suffix.equals("_count") || suffix.equals("_sum")
                        || suffix.equals("_created");
                case "gaugehistogram" -> suffix.equals("_bucket") || suffix.equals("_gcount") || suffix.equals("_gsum");
                case "summary" -> suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
                case "info" -> suffix.equals("_info");
                default -> false;
            };
        }

        private ObjectNode exemplar(Exemplar e) throws BadRecordException {
            ObjectNode o = NODES.objectNode();
            o.put("time_ns", e.timestamp == null ? 0 : timestampNs(e.timestamp, true, "the exemplar's timestamp"));
            o.put("value", e.value);
            ObjectNode attrs = NODES.objectNode();
            String trace = "";
            String span = "";
            for (Map.Entry<String, String> l : e.labels.entrySet()) {
                String k = l.getKey().toLowerCase(Locale.ROOT).replace("_", "");
                if (k.equals("traceid")) {
                    trace = l.getValue().toLowerCase(Locale.ROOT);
                } else if (k.equals("spanid")) {
                    span = l.getValue().toLowerCase(Locale.ROOT);
                } else {
                    attrs.put(l.getKey(), l.getValue());
                }
            }
            o.put("trace_id", trace);
            o.put("span_id", span);
            o.set("attributes", attrs);
            return o;
        }

        private void flush() throws InterruptedException {
            for (Pending p : pending.values()) {
                emit(p);
            }
            pending.clear();
        }

        private void emit(Pending p) throws InterruptedException {
            try {
                sink.chunk().add(point(p));
                spansRead++;
                if (!p.timed) {
                    untimed++;
                }
            } catch (BadRecordException e) {
                reject("line " + p.line, p.name + ": " + e.reason(), p.name + p.labels);
            }
            afterRecord(spansRead);
        }

        private MetricPoint point(Pending p) throws BadRecordException {
            Family f = p.family;
            ObjectNode attrs = NODES.objectNode();
            p.labels.forEach(attrs::put);
            String exemplars = p.exemplars.isEmpty() ? "" : p.exemplars.toString();
            long time = p.timed ? p.timeNs : 0;
            switch (f.type) {
                case "histogram", "gaugehistogram": {
                    if (p.buckets.isEmpty() && p.count == null) {
                        throw new BadRecordException("a histogram needs _bucket or _count samples");
                    }
                    Double inf = p.buckets.remove(Double.POSITIVE_INFINITY);
                    double[] bounds = new double[p.buckets.size()];
                    long[] counts = new long[bounds.length + 1];
                    double prev = 0;
                    int i = 0;
                    for (Map.Entry<Double, Double> b : p.buckets.entrySet()) {
                        bounds[i] = b.getKey();
                        counts[i] = count(b.getValue() - prev, "bucket le=" + b.getKey());
                        prev = b.getValue();
                        i++;
                    }
                    double total = inf != null ? inf : p.count != null ? p.count : prev;
                    counts[bounds.length] = count(total - prev, "the +Inf bucket");
                    long n = count(p.count != null ? p.count : total, "_count");
                    return new MetricPoint(p.name, "histogram", f.unit, f.help, p.createdNs, time, p.value, n, null,
                            null, f.type.equals("histogram") ? "cumulative" : "", null, bounds, counts, null, null,
                            attrs.toString(), "{}", "", exemplars);
                }
                case "summary": {
                    double[] q = new double[p.quantiles.size()];
                    double[] v = new double[q.length];
                    int i = 0;
                    for (Map.Entry<Double, Double> e : p.quantiles.entrySet()) {
                        q[i] = e.getKey();
                        v[i++] = e.getValue();
                    }
                    Long n = p.count == null ? null : count(p.count, "_count");
                    return new MetricPoint(p.name, "summary", f.unit, f.help, p.createdNs, time, p.value, n, null,
                            null, "cumulative", null, null, null, q, v, attrs.toString(), "{}", "", exemplars);
                }
                case "counter":
                    if (!p.valueSet) {
                        throw new BadRecordException("a _created sample without the counter's value");
                    }
                    return new MetricPoint(p.name, "sum", f.unit, f.help, p.createdNs, time, p.value, null, null, null,
                            "cumulative", true, null, null, null, null, attrs.toString(), "{}", "", exemplars);
                default:
                    return new MetricPoint(p.name, "gauge", f.unit, f.help, 0, time, p.value, null, null, null, "",
                            null, null, null, null, null, attrs.toString(), "{}", "", exemplars);
            }
        }

        private static long count(double v, String what) throws BadRecordException {
            if (!(v >= 0) || v > 9.2e18 || v != Math.rint(v)) {
                throw new BadRecordException(what + ": " + v + " is not a count (buckets must not decrease, and "
                        + "counts are whole numbers)");
            }
            return (long) v;
        }

    }
}
