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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * is read.
 *
 * <p><b>Streaming, memory bounded.</b> Both formats require a family's lines to be one group (the
 * text format's "Grouping and sorting": "all lines for a given metric must be provided as one single
 * group, with the optional HELP and TYPE lines first"; OpenMetrics: "MetricFamilies MUST NOT be
 * interleaved"), so the reader holds only the series of the family being read, and writes them when
 * its group ends:
 * <ul>
 * <li>a group ends at a sample of another family, at a {@code # HELP} or {@code # UNIT} of another
 *     family, at any {@code # TYPE} line (even the same family's again), and at the end of the file;</li>
 * <li>a gauge-like sample is its whole point and is written at once; a counter's point is written
 *     once it has its value and its {@code _created}; a histogram's or summary's points wait for the
 *     group's end, so that its series may be interleaved inside the group (buckets of one label set,
 *     then of another, then their {@code _sum}s and {@code _count}s);</li>
 * <li><b>a family written again after another family's lines</b> (a file that breaks the rule, or
 *     several scrapes concatenated) starts new points of its series: each group is a scrape of the
 *     family. Its TYPE, HELP and UNIT are kept from before; a HELP that comes after some of a
 *     family's points were written describes only the points written after it;</li>
 * <li>if one family has more than {@value #HELD_SERIES} series held at once, the one held longest
 *     is written (a series' samples come together in practice); a later sample of it would start a
 *     new point.</li>
 * </ul>
 * What is held is one family's series (at most {@value #HELD_SERIES}) and, for the summary's family
 * count and for telling {@code x_bucket} from a metric of its own, each family's name, TYPE, HELP
 * and UNIT.
 */
final class PrometheusTextReader implements TraceReader {
    static final String PROMETHEUS = "prometheus-text";
    static final String OPENMETRICS = "openmetrics-text";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Lines of the start looked at for recognition. */
    private static final int SNIFF_LINES = 64;

    private final boolean openMetrics;
    private final int heldLimit;

    PrometheusTextReader(boolean openMetrics) {
        this(openMetrics, HELD_SERIES);
    }

    /** A reader that holds at most {@code heldLimit} series of one family (for tests of the bound). */
    PrometheusTextReader(boolean openMetrics, int heldLimit) {
        this.openMetrics = openMetrics;
        this.heldLimit = heldLimit;
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
        Strings strings = new Strings();
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
                    Sample.parse(line, true, strings);
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
        return new FileReading(factory, display, sink, chunkBytes, openMetrics, heldLimit);
    }

    // ---------------------------------------------------------------- one sample line

    /**
     * One sample line, parsed. {@code labels} are name/value pairs in the order written
     * ({@code [name0, value0, name1, value1, ...]}), no name twice.
     */
    record Sample(String name, String[] labels, double value, String timestamp, Exemplar exemplar) {

        /**
         * Parses a sample line (without its line break), its names and label values taken from (and
         * kept in) {@code strings}.
         *
         * @throws BadRecordException with the column and what was expected
         */
        static Sample parse(String line, boolean openMetrics, Strings strings) throws BadRecordException {
            Cursor c = new Cursor(line, strings);
            c.blanks();
            String name = c.name(true, strings.lastName);
            strings.lastName = name;
            int afterName = c.pos;
            c.blanks();
            String[] labels = NO_LABELS;
            if (c.peek() == '{') {
                labels = c.labels();
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
                String[] exLabels = c.labels();
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

    private static final String[] NO_LABELS = new String[0];

    /** An OpenMetrics exemplar: its label pairs (as {@link Sample#labels}), value and timestamp. */
    record Exemplar(String[] labels, double value, String timestamp) {
    }

    /**
     * Names and label values seen lately, so that one written again (a metric name, {@code le},
     * a service) is the same String, not a new copy; bounded: a slot is taken over by the next
     * string that falls in it.
     */
    static final class Strings {
        private static final int LONGEST = 64;
        private final String[] slots = new String[4096];
        /** Label pairs of the set being parsed (beyond it, the line before's). */
        String[] pairs = new String[16];
        /** The last sample's metric name. */
        String lastName;

        /** {@code s.substring(from, to)}, or an equal string: {@code guess}, or one kept. */
        String get(String s, int from, int to, String guess) {
            int len = to - from;
            if (guess != null && guess.length() == len && s.regionMatches(from, guess, 0, len)) {
                return guess;
            }
            if (len > LONGEST) {
                return s.substring(from, to);
            }
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + s.charAt(i);
            }
            int slot = (h ^ (h >>> 12)) & (slots.length - 1);
            String kept = slots[slot];
            if (kept != null && kept.length() == len && s.regionMatches(from, kept, 0, len)) {
                return kept;
            }
            kept = s.substring(from, to);
            slots[slot] = kept;
            return kept;
        }
    }

    /** A position in one line, with the pieces of the exposition grammar. */
    private static final class Cursor {
        /** Above this many labels in one set, a set (not a scan) finds a label written twice. */
        private static final int SCAN_LABELS = 16;
        final String s;
        final Strings strings;
        int pos;

        Cursor(String s, Strings strings) {
            this.s = s;
            this.strings = strings;
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

        /** A metric or label name; {@code guess} is the name likely here (the line before's). */
        String name(boolean metric, String guess) throws BadRecordException {
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
            return strings.get(s, start, pos, guess);
        }

        /** A label set from its '{' to its '}', as name/value pairs in the order written. */
        String[] labels() throws BadRecordException {
            pos++; // '{'
            String[] pairs = strings.pairs;
            int n = 0;
            HashSet<String> names = null;
            while (true) {
                blanks();
                if (peek() == '}') {
                    pos++;
                    strings.pairs = pairs;
                    return Arrays.copyOf(pairs, n);
                }
                // The line before's label here, in the scratch pairs still: the likely one.
                String label = name(false, n < pairs.length ? pairs[n] : null);
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
                String value = quoted(label, n + 1 < pairs.length ? pairs[n + 1] : null);
                boolean twice;
                if (names != null) {
                    twice = !names.add(label);
                } else {
                    twice = false;
                    for (int i = 0; i < n && !twice; i += 2) {
                        twice = pairs[i].equals(label);
                    }
                    if (n / 2 >= SCAN_LABELS) {
                        names = new HashSet<>();
                        for (int i = 0; i < n; i += 2) {
                            names.add(pairs[i]);
                        }
                        names.add(label);
                    }
                }
                if (twice) {
                    throw new BadRecordException("column " + (pos + 1) + ": the label " + label + " appears twice");
                }
                if (n == pairs.length) {
                    pairs = Arrays.copyOf(pairs, n * 2);
                }
                pairs[n++] = label;
                pairs[n++] = value;
                blanks();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw expected("\",\" or \"}\" after the value of the label " + label);
                }
            }
        }

        /** A label value after its opening quote, unescaped; the cursor ends after its closing quote. */
        private String quoted(String label, String guess) throws BadRecordException {
            int start = pos;
            int n = s.length();
            int i = start;
            while (i < n && s.charAt(i) != '"' && s.charAt(i) != '\\') {
                i++;
            }
            if (i < n && s.charAt(i) == '"') {
                pos = i + 1;
                return strings.get(s, start, i, guess);
            }
            StringBuilder v = new StringBuilder().append(s, start, i);
            pos = i;
            while (true) {
                if (atEnd()) {
                    throw expected("the closing quote of the label " + label);
                }
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return v.toString();
                }
                if (ch == '\\' && !atEnd()) {
                    char e = s.charAt(pos++);
                    if (e == 'n') {
                        v.append('\n');
                    } else if (e == '\\' || e == '"') {
                        v.append(e);
                    } else {
                        v.append('\\').append(e);
                    }
                } else {
                    v.append(ch);
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
        if (v.length() <= 15) {
            long whole = wholeNumber(v);
            if (whole != Long.MIN_VALUE) {
                // Exact below 2^53, as Double.parseDouble would give ("-0" is -0.0).
                return v.charAt(0) == '-' ? -(double) -whole : (double) whole;
            }
        }
        if (plainDecimal(v)) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException ignored) {
                // Digits in a wrong order ("1-2"): reported below.
            }
        }
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

    /** Digits, signs, points and exponents only, at least one digit: what Java and Go read alike. */
    private static boolean plainDecimal(String v) {
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digit = true;
            } else if (ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') {
                return false;
            }
        }
        return digit;
    }

    /**
     * A sample timestamp in nanoseconds: integer milliseconds in Prometheus text, seconds (with a
     * fraction, or an exponent) in OpenMetrics.
     */
    static long timestampNs(String ts, boolean openMetrics, String what) throws BadRecordException {
        if (!openMetrics && ts.length() <= 18) {
            long ms = wholeNumber(ts);
            if (ms != Long.MIN_VALUE && Math.abs(ms) <= Long.MAX_VALUE / 1_000_000) {
                return ms * 1_000_000;
            }
        }
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

    /** {@code -?[0-9]+} of at most 18 digits as a long; {@link Long#MIN_VALUE} for anything else. */
    private static long wholeNumber(String s) {
        int i = s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (ch - '0');
        }
        return s.charAt(0) == '-' ? -v : v;
    }

    // ---------------------------------------------------------------- families and points

    /** How a family's samples become points. */
    private enum Kind {
        /** One sample, one point: gauge, untyped, unknown, info, stateset, no TYPE. */
        GAUGE,
        /** The value and an optional {@code _created}. */
        COUNTER,
        HISTOGRAM,
        SUMMARY
    }

    private static final class Family {
        final String name;
        String type = "untyped";
        Kind kind = Kind.GAUGE;
        String help = "";
        String unit = "";
        boolean declared;

        Family(String name) {
            this.name = name;
        }

        void type(String t) {
            type = t;
            kind = switch (t) {
                case "counter" -> Kind.COUNTER;
                case "histogram", "gaugehistogram" -> Kind.HISTOGRAM;
                case "summary" -> Kind.SUMMARY;
                default -> Kind.GAUGE;
            };
        }
    }

    /**
     * A series of the family being read: its labels without {@code le} or {@code quantile}, sorted
     * by name (name/value pairs), so that one series is one key whatever order its labels are
     * written in.
     */
    private static final class SeriesKey {
        final String[] labels;
        final int hash;

        SeriesKey(String[] labels) {
            this.labels = labels;
            this.hash = Arrays.hashCode(labels);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SeriesKey k && k.hash == hash && Arrays.equals(k.labels, labels);
        }
    }

    /** A point being assembled from one or more samples. */
    private static final class Pending {
        final Family family;
        final String name;
        /** Sorted name/value pairs. */
        final String[] labels;
        final long line;
        long timeNs;
        boolean timed;
        double value = Double.NaN;
        boolean valueSet;
        boolean createdSet;
        Double count;
        long createdNs;
        /** Bucket bounds (or quantiles) ascending, and their values; {@code n} of them. */
        double[] keys;
        double[] values;
        int n;
        ArrayNode exemplars;

        Pending(Family family, String name, String[] labels, long line) {
            this.family = family;
            this.name = name;
            this.labels = labels;
            this.line = line;
        }

        /**
         * Sets the value at {@code key}, kept in ascending order (samples usually come so: then it is
         * an append); false when the key is there already and {@code replace} is false.
         */
        boolean put(double key, double value, boolean replace) {
            if (keys == null) {
                keys = new double[8];
                values = new double[8];
            }
            int at = n;
            if (n > 0 && !(key > keys[n - 1])) {
                at = Arrays.binarySearch(keys, 0, n, key);
                if (at >= 0) {
                    if (!replace) {
                        return false;
                    }
                    values[at] = value;
                    return true;
                }
                at = -at - 1;
            }
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            System.arraycopy(keys, at, keys, at + 1, n - at);
            System.arraycopy(values, at, values, at + 1, n - at);
            keys[at] = key;
            values[at] = value;
            n++;
            return true;
        }
    }

    /** What bounds the series held for one family: beyond it the longest-held series is written. */
    static final int HELD_SERIES = 10_000;

    static final class FileReading extends ChunkedReading {
        private final boolean openMetrics;
        private final int heldLimit;
        private final Map<String, Family> families = new HashMap<>();
        /** The family whose group of lines is being read; its series not yet written. */
        private Family current;
        private final LinkedHashMap<SeriesKey, Pending> pending = new LinkedHashMap<>();
        /** The series the last sample went to, while held (a series' samples come together in practice). */
        private Pending last;
        private final Strings strings = new Strings();
        /** The suffix of the last sample's name in its family, set by {@link #familyOf}. */
        private String suffix = "";
        private long samples;
        private long untimed;
        private long lineNo;
        private int mostHeld;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                    boolean openMetrics, int heldLimit) {
            super(factory, display, sink, chunkBytes);
            this.openMetrics = openMetrics;
            this.heldLimit = heldLimit;
        }

        /** Series held now (read, not yet written as points). */
        int heldSeries() {
            return pending.size();
        }

        /** The most series held at any time so far. */
        int mostHeldSeries() {
            return mostHeld;
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
                    char first = line.isEmpty() ? ' ' : line.charAt(0);
                    if (first == '#' || (Character.isWhitespace(first) && line.stripLeading().startsWith("#"))) {
                        eof = comment(line.stripLeading());
                    } else if (!line.isBlank()) {
                        sample(Sample.parse(line, openMetrics, strings));
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
                        // A TYPE line starts its family's group, even the family being read.
                        flush();
                        Family f = families.computeIfAbsent(w[1], Family::new);
                        f.type(type);
                        f.declared = true;
                        current = f;
                    } else {
                        Family f = families.computeIfAbsent(w[1], Family::new);
                        if (f != current) {
                            flush();
                            current = f;
                        }
                        if (w[0].equals("HELP")) {
                            f.help = unescapeHelp(rest);
                        } else {
                            f.unit = rest.trim();
                        }
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
            Family f = familyOf(s.name);
            String suffix = this.suffix;
            if (f != current) {
                // The group of the family before has ended: its series are complete.
                flush();
                current = f;
            }
            String[] labels = s.labels;
            String le = null;
            String quantile = null;
            if (f.kind == Kind.HISTOGRAM && suffix.equals("_bucket")) {
                le = label(labels, "le");
                if (le == null) {
                    throw new BadRecordException("the histogram bucket " + s.name + " has no \"le\" label");
                }
                labels = without(labels, "le");
            }
            if (f.kind == Kind.SUMMARY && suffix.isEmpty()) {
                quantile = label(labels, "quantile");
                if (quantile == null) {
                    throw new BadRecordException("the summary sample " + s.name + " has no \"quantile\" label");
                }
                labels = without(labels, "quantile");
            }
            sortPairs(labels);
            ArrayNode exemplar = s.exemplar == null ? null : NODES.arrayNode().add(exemplar(s.exemplar));
            if (f.kind == Kind.GAUGE) {
                // One sample is the whole point.
                Pending p = new Pending(f, s.name, labels, lineNo);
                p.value = s.value;
                p.valueSet = true;
                p.timed = timed;
                p.timeNs = ts;
                p.exemplars = exemplar;
                emit(p);
                return;
            }
            SeriesKey key = null;
            Pending p = last;
            if (p == null || !Arrays.equals(p.labels, labels)) {
                key = new SeriesKey(labels);
                p = pending.get(key);
            }
            boolean valueSample = f.kind == Kind.COUNTER && !suffix.equals("_created");
            if (p != null && valueSample && p.valueSet) {
                // The same series again (another timestamp): its earlier point is complete.
                emit(remove(p));
                p = null;
            }
            if (p == null) {
                String name = f.kind == Kind.COUNTER ? s.name : f.name;
                if (f.kind == Kind.COUNTER && suffix.equals("_created")) {
                    name = openMetrics ? f.name + "_total" : f.name;
                }
                p = new Pending(f, name, labels, lineNo);
                pending.put(key == null ? new SeriesKey(labels) : key, p);
                if (pending.size() > heldLimit) {
                    // Series of one family come together in practice: the longest-held one is done.
                    emit(remove(pending.values().iterator().next()));
                }
                mostHeld = Math.max(mostHeld, pending.size());
            }
            last = p;
            if (timed) {
                p.timeNs = p.timed ? Math.max(p.timeNs, ts) : ts;
                p.timed = true;
            }
            if (suffix.equals("_created")) {
                if (Double.isFinite(s.value) && s.value > 0 && s.value < 9.2e9) {
                    p.createdNs = new BigDecimal(Double.toString(s.value)).movePointRight(9).longValue();
                }
                p.createdSet = true;
            } else if (le != null) {
                double bound = number(le, null, "the bucket bound le");
                if (!p.put(bound, s.value, false)) {
                    throw new BadRecordException("the bucket le=\"" + Excerpts.shorten(le, 20) + "\" of " + f.name
                            + " appears twice");
                }
            } else if (suffix.equals("_count") || suffix.equals("_gcount")) {
                p.count = s.value;
            } else if (suffix.equals("_sum") || suffix.equals("_gsum")) {
                p.value = s.value;
            } else if (quantile != null) {
                p.put(number(quantile, null, "the quantile"), s.value, true);
            } else {
                p.value = s.value;
                p.valueSet = true;
            }
            if (exemplar != null) {
                if (p.exemplars == null) {
                    p.exemplars = exemplar;
                } else {
                    p.exemplars.addAll(exemplar);
                }
            }
            if (f.kind == Kind.COUNTER && p.valueSet && p.createdSet) {
                // A counter has nothing more than its value and its _created.
                emit(remove(p));
            }
        }

        /** Takes a held series out (to write it). */
        private Pending remove(Pending p) {
            pending.remove(new SeriesKey(p.labels));
            if (p == last) {
                last = null;
            }
            return p;
        }

        /** The value of the label {@code name} among name/value pairs, or null. */
        private static String label(String[] pairs, String name) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equals(name)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }

        /** The pairs without the label {@code name} (which is there once). */
        private static String[] without(String[] pairs, String name) {
            String[] out = new String[pairs.length - 2];
            int j = 0;
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i].equals(name)) {
                    out[j++] = pairs[i];
                    out[j++] = pairs[i + 1];
                }
            }
            return out;
        }

        /** Sorts name/value pairs by name in place (an insertion sort: label sets are short, often sorted). */
        private static void sortPairs(String[] pairs) {
            for (int i = 2; i < pairs.length; i += 2) {
                if (pairs[i - 2].compareTo(pairs[i]) <= 0) {
                    continue;
                }
                String name = pairs[i];
                String value = pairs[i + 1];
                int j = i - 2;
                while (j >= 0 && pairs[j].compareTo(name) > 0) {
                    pairs[j + 2] = pairs[j];
                    pairs[j + 3] = pairs[j + 1];
                    j -= 2;
                }
                pairs[j + 2] = name;
                pairs[j + 3] = value;
            }
        }

        /**
         * The family a sample name belongs to; {@link #suffix} is set to the suffix the name has in it
         * ("" for none).
         */
        private Family familyOf(String name) {
            suffix = "";
            Family exact = families.get(name);
            if (exact != null && exact.kind != Kind.HISTOGRAM) {
                return exact;
            }
            for (String sfx : SUFFIXES) {
                if (name.endsWith(sfx) && name.length() > sfx.length()) {
                    int stem = name.length() - sfx.length();
                    Family f = current != null && current.name.length() == stem && name.startsWith(current.name)
                            ? current : families.get(name.substring(0, stem));
                    if (f != null && fits(f.type, sfx)) {
                        suffix = sfx;
                        return f;
                    }
                }
            }
            return exact != null ? exact : families.computeIfAbsent(name, Family::new);
        }

        private static final String[] SUFFIXES = {"_bucket", "_count", "_sum", "_created", "_total", "_gcount", "_gsum",
                "_info"};

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
            for (int i = 0; i < e.labels.length; i += 2) {
                String k = e.labels[i].toLowerCase(Locale.ROOT).replace("_", "");
                if (k.equals("traceid")) {
                    trace = e.labels[i + 1].toLowerCase(Locale.ROOT);
                } else if (k.equals("spanid")) {
                    span = e.labels[i + 1].toLowerCase(Locale.ROOT);
                } else {
                    attrs.put(e.labels[i], e.labels[i + 1]);
                }
            }
            o.put("trace_id", trace);
            o.put("span_id", span);
            o.set("attributes", attrs);
            return o;
        }

        /** Writes the points of the family being read. */
        private void flush() throws InterruptedException {
            if (pending.isEmpty()) {
                return;
            }
            for (Pending p : pending.values()) {
                emit(p);
            }
            pending.clear();
            last = null;
        }

        private void emit(Pending p) throws InterruptedException {
            try {
                sink.chunk().add(point(p));
                spansRead++;
                if (!p.timed) {
                    untimed++;
                }
            } catch (BadRecordException e) {
                reject("line " + p.line, p.name + ": " + e.reason(), p.name + attributes(p.labels));
            }
            afterRecord(spansRead);
        }

        /** Sorted name/value pairs as a JSON object. */
        private static String attributes(String[] pairs) {
            if (pairs.length == 0) {
                return "{}";
            }
            StringBuilder b = new StringBuilder(pairs.length * 12);
            b.append('{');
            for (int i = 0; i < pairs.length; i += 2) {
                if (i > 0) {
                    b.append(',');
                }
                Json.string(b, pairs[i]);
                b.append(':');
                Json.string(b, pairs[i + 1]);
            }
            return b.append('}').toString();
        }

        private MetricPoint point(Pending p) throws BadRecordException {
            Family f = p.family;
            String attrs = attributes(p.labels);
            String exemplars = p.exemplars == null || p.exemplars.isEmpty() ? "" : p.exemplars.toString();
            long time = p.timed ? p.timeNs : 0;
            switch (f.kind) {
                case HISTOGRAM: {
                    if (p.n == 0 && p.count == null) {
                        throw new BadRecordException("a histogram needs _bucket or _count samples");
                    }
                    int infAt = p.n == 0 ? -1 : Arrays.binarySearch(p.keys, 0, p.n, Double.POSITIVE_INFINITY);
                    Double inf = infAt >= 0 ? p.values[infAt] : null;
                    int finite = infAt >= 0 ? p.n - 1 : p.n;
                    double[] bounds = new double[finite];
                    long[] counts = new long[finite + 1];
                    double prev = 0;
                    int i = 0;
                    for (int k = 0; k < p.n; k++) {
                        if (k == infAt) {
                            continue; // NaN bounds sort after +Inf
                        }
                        bounds[i] = p.keys[k];
                        counts[i] = count(p.values[k] - prev, "bucket le=" + p.keys[k]);
                        prev = p.values[k];
                        i++;
                    }
                    double total = inf != null ? inf : p.count != null ? p.count : prev;
                    counts[finite] = count(total - prev, "the +Inf bucket");
                    long n = count(p.count != null ? p.count : total, "_count");
                    return new MetricPoint(p.name, "histogram", f.unit, f.help, p.createdNs, time, p.value, n, null,
                            null, f.type.equals("histogram") ? "cumulative" : "", null, bounds, counts, null, null,
                            attrs, "{}", "", exemplars);
                }
                case SUMMARY: {
                    double[] q = p.n == 0 ? new double[0] : Arrays.copyOf(p.keys, p.n);
                    double[] v = p.n == 0 ? new double[0] : Arrays.copyOf(p.values, p.n);
                    Long n = p.count == null ? null : count(p.count, "_count");
                    return new MetricPoint(p.name, "summary", f.unit, f.help, p.createdNs, time, p.value, n, null,
                            null, "cumulative", null, null, null, q, v, attrs, "{}", "", exemplars);
                }
                case COUNTER:
                    if (!p.valueSet) {
                        throw new BadRecordException("a _created sample without the counter's value");
                    }
                    return new MetricPoint(p.name, "sum", f.unit, f.help, p.createdNs, time, p.value, null, null, null,
                            "cumulative", true, null, null, null, null, attrs, "{}", "", exemplars);
                default:
                    return new MetricPoint(p.name, "gauge", f.unit, f.help, 0, time, p.value, null, null, null, "",
                            null, null, null, null, null, attrs, "{}", "", exemplars);
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
