package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.SpanChunk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OTLP/JSON exports with Jackson's streaming parser into {@link SpanChunk}s: one
 * {@code ExportTraceServiceRequest} document, JSON lines of them (the collector's file exporter),
 * or Jaeger API v3's {@code {"result": {...}}} wrapper. Keys may come in any order. This class
 * frames the file and reads spans; the metrics and logs of an export — also mixed line by line
 * with traces, as the collector's file exporter writes one file for all signals — go to
 * {@link OtlpJsonMetricReader} and {@link OtlpJsonLogReader}.
 *
 * <p>Memory does not grow with the file: a chunk is handed to the {@link Sink} whenever it is
 * full and nothing in it still waits for information further on (a resource written after its
 * spans, or — in JSON lines — the end of the current line, so that a broken line can be taken
 * back whole). A bad record is rejected with its place and reason and reading goes on; a file
 * that is not a trace export, or a single document whose JSON is broken, is refused with an
 * {@link ImportException}.
 *
 * <p>JSON lines are parsed on several threads ({@link JsonLineBatches}): this reader cuts the file
 * into batches, {@linkplain #parallelParser() parser readers} record each batch's rows, and this
 * reader {@linkplain #replay replays} them in file order, so the chunks are the ones it would have
 * filled itself.
 *
 * <p>Used by one thread at a time.
 */
final class OtlpJsonTraceReader implements OtlpPlace {
    static final String EXPECTED = "expected an OTLP/JSON export (an object with \"resourceSpans\", "
            + "\"resourceMetrics\" or \"resourceLogs\")";
    /**
     * A JSON line whose rows exceed this many chunks is handed on before the line ends (so memory
     * stays bounded); if such a line then breaks, it cannot be taken back, and the file is refused.
     */
    static final int LINE_SPILL_CHUNKS = 4;
    private static final int MAX_DEDUPED_CONTEXTS = 10_000;

    /** Where full chunks go. */
    interface Sink {
        /** The chunk being filled. */
        SpanChunk chunk();

        /** Gives the current chunk away; {@link #chunk()} then returns an empty one. */
        void handOff() throws InterruptedException;

        /** Polled between records: true stops reading with an InterruptedException. */
        boolean stopRequested();
    }

    /** What the reader saw, for the import's summary. */
    record Summary(boolean jsonLines, long lines, long documents, long rejectedLines, long repeatedKeys) {
    }

    private final JsonFactory factory;
    private final String display;
    private final Sink sink;
    private final int chunkBytes;
    /** Where records go: the sink's current chunk, or on a parallel line parser the batch's recording. */
    private Rows rows;
    private final AnyValueJson anyValue = new AnyValueJson();
    private final SpanState span = new SpanState();
    private final OtlpJsonMetricReader metrics = new OtlpJsonMetricReader(this, anyValue);
    private final OtlpJsonLogReader logs = new OtlpJsonLogReader(this, anyValue);
    private volatile long spansRead;
    private long otherRecords;

    private boolean jsonLines;
    private long lineNo;
    private boolean lineSpilled;
    private String prefix = "";
    private String scopeKey = "scopeSpans";
    private int rsIndex;
    private int ssIndex;
    private ResourceState resource;
    private ScopeState scope;
    private int nextContextId = 1;
    private int pendingContexts;
    private final Map<String, Integer> contextIds = new HashMap<>();

    OtlpJsonTraceReader(JsonFactory factory, String display, Sink sink, int chunkBytes) {
        this.factory = factory;
        this.display = display;
        this.sink = sink;
        this.chunkBytes = chunkBytes;
        this.rows = Rows.of(sink);
    }

    JsonFactory factory() {
        return factory;
    }

    /** Spans read so far (safe to read from another thread). */
    long spansRead() {
        return spansRead;
    }

    Summary read(TraceInput in) throws IOException, ImportException, InterruptedException {
        jsonLines = in.jsonLines;
        return in.jsonLines ? readLines(in) : readDocuments(in);
    }

    // ---------------------------------------------------------------- framing

    private Summary readDocuments(TraceInput in) throws IOException, ImportException, InterruptedException {
        long docs = 0;
        try (JsonParser p = factory.createParser(in.data)) {
            JsonToken t = p.nextToken();
            while (t != null) {
                long line = p.currentTokenLocation().getLineNr();
                int column = p.currentTokenLocation().getColumnNr();
                try {
                    document(p, t);
                } catch (NotTraceExport e) {
                    throw new ImportException(display + ": line " + line + ", column " + column + ": " + e.getMessage()
                            + "; " + TraceReaders.READS + ". Nothing was imported.");
                }
                docs++;
                t = p.nextToken();
            }
        } catch (JsonProcessingException e) {
            throw Tokens.brokenJson(display, e, EXPECTED);
        }
        return new Summary(false, 0, docs, 0, anyValue.repeatedKeys);
    }

    private Summary readLines(TraceInput in) throws IOException, ImportException, InterruptedException {
        LineInputStream lines = new LineInputStream(in.data);
        LineCounts counts = new LineCounts();
        JsonLineBatches.Settings parallel = JsonLineBatches.current;
        if (parallel.workers() > 0) {
            new JsonLineBatches(this, lines, counts, parallel, Math.min(parallel.maxLineBytes(), chunkBytes)).run();
        } else {
            while (lines.nextLine()) {
                readLine(factory.createParser(lines), lines.lineNumber(), lines::head, counts);
                handOffIfFull(true);
            }
        }
        if (counts.good == 0) {
            if (counts.nonBlank == 0) {
                throw new ImportException(display + ": the file is empty; " + EXPECTED + ". Nothing was imported.");
            }
            String firstFailure = counts.firstFailure;
            String what = counts.nonBlank == 1 ? firstFailure : "none of its " + counts.nonBlank
                    + " lines is an OTLP export; " + firstFailure;
            throw new ImportException(display + ": " + what + (firstFailure.contains(EXPECTED) ? "" : "; " + EXPECTED)
                    + ". Nothing was imported.");
        }
        return new Summary(true, counts.lastLine, counts.docs, counts.bad, anyValue.repeatedKeys + counts.repeatedKeys);
    }

    /** What the lines read so far held (summed over the batches of a parallel read, in file order). */
    static final class LineCounts {
        long good;
        long nonBlank;
        long bad;
        long docs;
        long lastLine;
        /** Attributes dropped for a repeated key by readers other than this one (parallel parsers). */
        long repeatedKeys;
        String firstFailure;

        void add(LineCounts o) {
            good += o.good;
            nonBlank += o.nonBlank;
            bad += o.bad;
            docs += o.docs;
            lastLine = Math.max(lastLine, o.lastLine);
            repeatedKeys += o.repeatedKeys;
            if (firstFailure == null) {
                firstFailure = o.firstFailure;
            }
        }
    }

    /**
     * Reads one JSON line (the parser on it) into {@link #rows}; a broken line is taken back whole
     * and rejected with its number, its reason and {@code head}, the start of the line.
     */
    void readLine(JsonParser p, long line, LineHead head, LineCounts counts)
            throws IOException, ImportException, InterruptedException {
        lineNo = line;
        counts.lastLine = line;
        rows.mark();
        lineSpilled = false;
        long spansBefore = spansRead;
        String failure = null;
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            counts.nonBlank++;
            while (t != null) {
                document(p, t);
                counts.docs++;
                t = p.nextToken();
            }
            counts.good++;
        } catch (JsonProcessingException e) {
            failure = (e.getLocation() == null ? "" : "column " + e.getLocation().getColumnNr() + ": ")
                    + "not valid JSON (" + Tokens.jacksonReason(e) + ")";
        } catch (NotTraceExport e) {
            failure = e.getMessage();
        } finally {
            p.close();
        }
        if (failure != null) {
            counts.bad++;
            if (counts.firstFailure == null) {
                counts.firstFailure = "line " + lineNo + ": " + failure;
            }
            metrics.reset();
            logs.reset();
            // Scopes of the broken line that waited for their resource will never be defined.
            pendingContexts = 0;
            if (lineSpilled) {
                // Part of the line is loaded already: rejecting it would keep half a record.
                throw new ImportException(display + ": line " + lineNo + ": " + failure + "; the line holds more "
                        + "than " + Excerpts.bytes(LINE_SPILL_CHUNKS * (long) chunkBytes) + " of records, too much to "
                        + "take back alone, so the whole file is refused. Nothing was imported.");
            }
            rows.rollbackToMark();
            spansRead = spansBefore;
            rows.reject(new RejectedRecord("line " + lineNo, failure, head.get()));
        }
    }

    /** The start of a line, for the excerpt of its rejection. */
    interface LineHead {
        String get() throws IOException;
    }

    /** After a line the reading thread read itself: hands a full chunk on. */
    void afterLine() throws InterruptedException {
        handOffIfFull(true);
    }

    // ---------------------------------------------------------------- parallel JSON lines

    /**
     * A reader for a thread that parses batches of lines ({@link JsonLineBatches}): records into a
     * {@link RecordedRows} per batch, never hands anything on, stops when this reader's sink says so.
     */
    OtlpJsonTraceReader parallelParser() {
        Sink mine = sink;
        OtlpJsonTraceReader r = new OtlpJsonTraceReader(factory, display, new Sink() {
            @Override
            public SpanChunk chunk() {
                throw new IllegalStateException("a parallel line parser has no chunk");
            }

            @Override
            public void handOff() {
                throw new IllegalStateException("a parallel line parser hands nothing on");
            }

            @Override
            public boolean stopRequested() {
                return mine.stopRequested();
            }
        }, Integer.MAX_VALUE);
        r.jsonLines = true;
        return r;
    }

    /** On a parallel parser: the lines of one batch into a new recording, with contexts numbered from 1. */
    RecordedRows parseBatch(JsonLineBatches.Batch b, LineCounts counts) throws IOException, ImportException,
            InterruptedException {
        RecordedRows rec = new RecordedRows();
        rows = rec;
        contextIds.clear();
        nextContextId = 1;
        pendingContexts = 0;
        long keysBefore = anyValue.repeatedKeys;
        for (int i = 0; i < b.count(); i++) {
            int start = b.start(i);
            int length = b.end(i) - start;
            int line = i;
            readLine(factory.createParser(b.data(), start, length), b.firstLine() + i, () -> b.head(line), counts);
            rec.lineEnd(b.firstLine() + i);
        }
        counts.repeatedKeys += anyValue.repeatedKeys - keysBefore;
        rows = null;
        return rec;
    }

    /** File context id of each of the replayed batch's own context ids (0: none yet). */
    private int[] batchContexts = new int[16];

    /**
     * On the reading thread: puts a batch's recording into the sink's chunks, mapping its contexts
     * to the file's (the same key, the same id, as if this reader had read the lines) and handing a
     * full chunk on only between lines.
     */
    void replay(RecordedRows rec) throws InterruptedException {
        java.util.Arrays.fill(batchContexts, 0);
        Rows out = rows;
        for (Object o : rec.ops) {
            if (o instanceof RecordedRows.Span s) {
                out.addSpan(s.traceId(), s.spanId(), s.parentSpanId(), fileContext(s.contextId()), s.name(), s.kind(),
                        s.startNs(), s.endNs(), s.status(), s.statusMessage(), s.attributesJson(), s.traceState(),
                        s.extra());
                spansRead++;
            } else if (o instanceof RecordedRows.Event e) {
                out.addEvent(e.traceId(), e.spanId(), e.timeNs(), e.name(), e.attributesJson());
            } else if (o instanceof RecordedRows.Link l) {
                out.addLink(l.traceId(), l.spanId(), l.linkedTraceId(), l.linkedSpanId(), l.traceState(),
                        l.attributesJson());
            } else if (o instanceof RecordedRows.LineEnd end) {
                lineNo = end.lineNumber();
                if (sink.stopRequested()) {
                    throw new InterruptedException("import cancelled");
                }
                handOffIfFull(true);
            } else if (o instanceof RecordedRows.Context c) {
                defineReplayed(c);
            } else if (o instanceof RejectedRecord r) {
                out.reject(r);
            } else if (o instanceof io.prodlab.model.MetricPoint m) {
                out.add(m);
            } else if (o instanceof io.prodlab.model.LogRecord l) {
                out.add(l);
            } else {
                throw new IllegalStateException("unknown recorded row " + o.getClass());
            }
        }
    }

    private void makeRoomForContext(int batchId) {
        if (batchId >= batchContexts.length) {
            batchContexts = java.util.Arrays.copyOf(batchContexts, Math.max(batchId + 1, batchContexts.length * 2));
        }
    }

    private int fileContext(int batchId) {
        makeRoomForContext(batchId);
        int id = batchContexts[batchId];
        if (id == 0) {
            // Used before it was defined: a resource written after its spans, defined later in the line.
            id = nextContextId++;
            batchContexts[batchId] = id;
        }
        return id;
    }

    private void defineReplayed(RecordedRows.Context c) {
        int batchId = c.id();
        makeRoomForContext(batchId);
        if (batchContexts[batchId] != 0) {
            rows.defineContext(batchContexts[batchId], c.serviceName(), c.serviceVersion(), c.resourceJson(),
                    c.scopeName(), c.scopeVersion());
            return;
        }
        String key = c.resourceJson() + '\u0001' + c.scopeName() + '\u0001' + c.scopeVersion();
        Integer id = contextIds.get(key);
        if (id == null) {
            id = nextContextId++;
            rows.defineContext(id, c.serviceName(), c.serviceVersion(), c.resourceJson(), c.scopeName(),
                    c.scopeVersion());
            if (contextIds.size() < MAX_DEDUPED_CONTEXTS) {
                contextIds.put(key, id);
            }
        }
        batchContexts[batchId] = id;
    }

    /** A JSON value that is not a trace export where a whole document was expected. */
    static final class NotTraceExport extends Exception {
        private static final long serialVersionUID = 1L;

        NotTraceExport(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------- structure

    private void document(JsonParser p, JsonToken t) throws IOException, NotTraceExport, InterruptedException {
        if (t != JsonToken.START_OBJECT) {
            String found = Tokens.describe(p);
            p.skipChildren();
            throw new NotTraceExport(EXPECTED + ", found " + found);
        }
        boolean found = false;
        List<String> others = new ArrayList<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            t = p.nextToken();
            if ("resourceSpans".equals(name)) {
                prefix = "";
                resourceSpansArray(p, t);
                found = true;
            } else if ("resourceMetrics".equals(name)) {
                prefix = "";
                metrics.resourceArray(p, t);
                found = true;
            } else if ("resourceLogs".equals(name)) {
                prefix = "";
                logs.resourceArray(p, t);
                found = true;
            } else if ("result".equals(name) && t == JsonToken.START_OBJECT) {
                String inner;
                while ((inner = p.nextFieldName()) != null) {
                    JsonToken it = p.nextToken();
                    if ("resourceSpans".equals(inner)) {
                        prefix = "/result";
                        resourceSpansArray(p, it);
                        found = true;
                    } else {
                        others.add("result." + inner);
                        p.skipChildren();
                    }
                }
            } else {
                others.add(name);
                p.skipChildren();
            }
        }
        if (!found) {
            throw new NotTraceExport(EXPECTED + ", found " + describeKeys(others));
        }
    }

    private static String describeKeys(List<String> keys) {
        if (keys.isEmpty()) {
            return "an empty object";
        }
        String kind = keys.contains("traceId") && keys.contains("id") ? (keys.contains("binaryAnnotations")
                ? " (a Zipkin v1 span, which Prodlab does not read yet)"
                : " (a single Zipkin span: Prodlab reads Zipkin v2 as an array of spans)")
                : keys.contains("data") && keys.contains("status") ? " (a Prometheus HTTP API response?)"
                : keys.contains("data") || keys.contains("traceID") || keys.contains("spans")
                ? " (not Jaeger JSON either: its spans would have \"operationName\")" : "";
        StringBuilder sb = new StringBuilder("an object with ");
        for (int i = 0; i < Math.min(keys.size(), 5); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(Excerpts.shorten(keys.get(i), 40)).append('"');
        }
        if (keys.size() > 5) {
            sb.append(", ...");
        }
        return sb.append(kind).toString();
    }

    private void resourceSpansArray(JsonParser p, JsonToken t) throws IOException, NotTraceExport,
            InterruptedException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            String found = Tokens.describe(p);
            p.skipChildren();
            throw new NotTraceExport("\"resourceSpans\" must be an array, found " + found);
        }
        rsIndex = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                reject(p, pointer(-1, -1), "expected a ResourceSpans object, found " + Tokens.describe(p), Tokens.describe(p));
                p.skipChildren();
            } else {
                resourceSpans(p);
            }
            rsIndex++;
        }
    }

    private void resourceSpans(JsonParser p) throws IOException, InterruptedException {
        resource = new ResourceState();
        ssIndex = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "resource" -> resource(p, t);
                case "scopeSpans", "instrumentationLibrarySpans" -> {
                    scopeKey = name;
                    scopeSpansArray(p, t);
                }
                default -> p.skipChildren();
            }
        }
        if (!resource.resolved) {
            resource.resolve("{}", null, null);
        }
        definePendingContexts();
        handOffIfFull(false);
    }

    private void resource(JsonParser p, JsonToken t) throws IOException {
        if (resource.resolved) {
            p.skipChildren();
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            if (t != JsonToken.VALUE_NULL) {
                resource.error = "its \"resource\" must be an object, found " + Tokens.describe(p);
                p.skipChildren();
            }
            resource.resolve("{}", null, null);
            definePendingContexts();
            return;
        }
        StringBuilder json = new StringBuilder(128);
        String[] svc = new String[2];
        int depth = p.getParsingContext().getNestingDepth();
        try {
            String name;
            while ((name = p.nextFieldName()) != null) {
                p.nextToken();
                if ("attributes".equals(name) && json.length() == 0) {
                    anyValue.keyValueList(p, json, 0, (key, value) -> {
                        if ("service.name".equals(key)) {
                            svc[0] = value;
                        } else if ("service.version".equals(key)) {
                            svc[1] = value;
                        }
                    });
                } else {
                    p.skipChildren();
                }
            }
            resource.resolve(json.length() == 0 ? "{}" : json.toString(), svc[0], svc[1]);
        } catch (BadRecordException e) {
            skipTo(p, depth);
            resource.error = "its resource is invalid: " + e.reason();
            resource.resolve("{}", null, null);
        }
        definePendingContexts();
    }

    private void scopeSpansArray(JsonParser p, JsonToken t) throws IOException, InterruptedException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            reject(p, prefix + "/resourceSpans/" + rsIndex + "/" + scopeKey, "\"" + scopeKey
                    + "\" must be an array, found " + Tokens.describe(p), Tokens.describe(p));
            p.skipChildren();
            return;
        }
        ssIndex = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                reject(p, pointer(ssIndex, -1), "expected a ScopeSpans object, found " + Tokens.describe(p),
                        Tokens.describe(p));
                p.skipChildren();
            } else {
                scopeSpans(p);
            }
            ssIndex++;
        }
    }

    private void scopeSpans(JsonParser p) throws IOException, InterruptedException {
        scope = new ScopeState(resource);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "scope", "instrumentationLibrary" -> scope(p, t);
                case "spans" -> spansArray(p, t);
                default -> p.skipChildren();
            }
        }
        if (!scope.resolved) {
            scope.resolve("", "");
        }
        definePendingContexts();
        handOffIfFull(false);
    }

    private void scope(JsonParser p, JsonToken t) throws IOException {
        if (scope.resolved) {
            p.skipChildren();
            return;
        }
        String scopeName = "";
        String scopeVersion = "";
        if (t == JsonToken.START_OBJECT) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken vt = p.nextToken();
                if ("name".equals(name) && vt == JsonToken.VALUE_STRING) {
                    scopeName = p.getText();
                } else if ("version".equals(name) && vt == JsonToken.VALUE_STRING) {
                    scopeVersion = p.getText();
                } else if (("name".equals(name) || "version".equals(name)) && vt != JsonToken.VALUE_NULL) {
                    scope.error = "its scope's \"" + name + "\" must be a string, found " + Tokens.describe(p);
                    p.skipChildren();
                } else {
                    // Scope attributes have no column in the workspace (see docs/BENCHMARKS.md, known gaps).
                    p.skipChildren();
                }
            }
        } else if (t != JsonToken.VALUE_NULL) {
            scope.error = "its \"scope\" must be an object, found " + Tokens.describe(p);
            p.skipChildren();
        }
        scope.resolve(scopeName, scopeVersion);
        definePendingContexts();
    }

    private void spansArray(JsonParser p, JsonToken t) throws IOException, InterruptedException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            reject(p, pointer(ssIndex, -1) + "/spans", "\"spans\" must be an array, found " + Tokens.describe(p),
                    Tokens.describe(p));
            p.skipChildren();
            return;
        }
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            span(p, t, index++);
        }
    }

    // ---------------------------------------------------------------- spans

    private void span(JsonParser p, JsonToken t, int index) throws IOException, InterruptedException {
        long line = jsonLines ? lineNo : p.currentTokenLocation().getLineNr();
        SpanState s = span;
        s.reset();
        if (t != JsonToken.START_OBJECT) {
            String found = Tokens.describe(p);
            p.skipChildren();
            rejectSpan(line, index, "expected a Span object, found " + found, found);
            return;
        }
        int depth = p.getParsingContext().getNestingDepth();
        String error = null;
        try {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken vt = p.nextToken();
                try {
                    spanField(p, s, name, vt);
                } catch (BadRecordException e) {
                    // Note the first problem, step over the bad value and read on, so the excerpt can
                    // show the rest of the span.
                    if (error == null) {
                        error = e.reason();
                    }
                    skipTo(p, depth + 1);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new BadRecordException("unexpected " + Tokens.describe(p));
            }
            if (error != null) {
                throw new BadRecordException(error);
            }
            emit(s);
        } catch (BadRecordException e) {
            skipTo(p, depth);
            rejectSpan(line, index, e.reason(), s.excerpt());
        }
        if ((spansRead & 1023) == 0 && sink.stopRequested()) {
            throw new InterruptedException("import cancelled");
        }
        handOffIfFull(false);
    }

    private void spanField(JsonParser p, SpanState s, String name, JsonToken vt) throws IOException,
            BadRecordException {
        switch (name) {
            case "traceId" -> s.rawTraceId = idText(p, vt, "traceId");
            case "spanId" -> s.rawSpanId = idText(p, vt, "spanId");
            case "parentSpanId" -> s.rawParentSpanId = idText(p, vt, "parentSpanId");
            case "traceState" -> s.traceState = optionalString(p, vt, "traceState");
            case "name" -> s.name = optionalString(p, vt, "name");
            case "kind" -> s.kind = kind(p, vt);
            case "startTimeUnixNano" -> s.startNs = vt == JsonToken.VALUE_NULL ? -1
                    : Tokens.unixNanos(p, "startTimeUnixNano");
            case "endTimeUnixNano" -> s.endNs = vt == JsonToken.VALUE_NULL ? -1
                    : Tokens.unixNanos(p, "endTimeUnixNano");
            case "attributes" -> {
                s.attributes.setLength(0);
                anyValue.keyValueList(p, s.attributes, 0, AnyValueJson.KeyValueVisitor.NONE);
            }
            case "status" -> status(p, vt, s);
            case "events" -> events(p, vt, s);
            case "links" -> links(p, vt, s);
            case "flags" -> s.flags = unsigned(p, vt);
            case "droppedAttributesCount" -> s.droppedAttributes = unsigned(p, vt);
            case "droppedEventsCount" -> s.droppedEvents = unsigned(p, vt);
            case "droppedLinksCount" -> s.droppedLinks = unsigned(p, vt);
            default -> p.skipChildren();
        }
    }

    /** A span's flags or a dropped count, as a JSON number or string ({@link Tokens#wholeCount}). */
    static int unsigned(JsonParser p, JsonToken vt) throws IOException {
        if (vt != JsonToken.VALUE_NUMBER_INT && vt != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return 0;
        }
        return Tokens.wholeCount(p.getText());
    }

    private void emit(SpanState s) throws BadRecordException {
        if (resource.error != null) {
            throw new BadRecordException(resource.error);
        }
        if (scope.error != null) {
            throw new BadRecordException(scope.error);
        }
        String traceId = id(s.rawTraceId, OtlpIds.TRACE_BYTES, "traceId");
        String spanId = id(s.rawSpanId, OtlpIds.SPAN_BYTES, "spanId");
        String parent = "";
        if (s.rawParentSpanId != null && !s.rawParentSpanId.isEmpty()
                && !OtlpIds.isAllZeros(s.rawParentSpanId)) {
            parent = id(s.rawParentSpanId, OtlpIds.SPAN_BYTES, "parentSpanId");
        }
        if (s.startNs < 0) {
            throw new BadRecordException("the span has no startTimeUnixNano (missing or 0)");
        }
        if (s.endNs < 0) {
            throw new BadRecordException("the span has no endTimeUnixNano (missing or 0)");
        }
        if (s.endNs < s.startNs) {
            throw new BadRecordException("endTimeUnixNano " + s.endNs + " is before startTimeUnixNano " + s.startNs);
        }
        String[] linkTraces = new String[s.linkCount];
        String[] linkSpans = new String[s.linkCount];
        for (int i = 0; i < s.linkCount; i++) {
            LinkState l = s.links.get(i);
            linkTraces[i] = id(l.rawTraceId, OtlpIds.TRACE_BYTES, "links/" + i + "/traceId");
            linkSpans[i] = id(l.rawSpanId, OtlpIds.SPAN_BYTES, "links/" + i + "/spanId");
        }
        Rows chunk = rows;
        chunk.addSpan(traceId, spanId, parent, contextId(), s.name, s.kind, s.startNs, s.endNs, s.status,
                s.statusMessage, s.attributes.length() == 0 ? "{}" : s.attributes, s.traceState,
                SpanFlags.of(s.flags, s.droppedAttributes, s.droppedEvents, s.droppedLinks));
        for (int i = 0; i < s.eventCount; i++) {
            EventState e = s.events.get(i);
            chunk.addEvent(traceId, spanId, Math.max(e.timeNs, 0), e.name,
                    e.attributes.length() == 0 ? "{}" : e.attributes);
        }
        for (int i = 0; i < s.linkCount; i++) {
            LinkState l = s.links.get(i);
            chunk.addLink(traceId, spanId, linkTraces[i], linkSpans[i], l.traceState,
                    l.attributes.length() == 0 ? "{}" : l.attributes);
        }
        spansRead++;
    }

    private static String id(String raw, int bytes, String field) throws BadRecordException {
        if (raw == null || raw.isEmpty()) {
            throw new BadRecordException("the span has no " + field);
        }
        try {
            return OtlpIds.normalize(raw, bytes, field);
        } catch (OtlpIds.BadIdException e) {
            throw new BadRecordException(e.getMessage());
        }
    }

    private static String idText(JsonParser p, JsonToken t, String field) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRecordException(field + " must be a hex or base64 string, found " + Tokens.describe(p));
        }
        return p.getText();
    }

    private static String optionalString(JsonParser p, JsonToken t, String field) throws IOException,
            BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRecordException(field + " must be a string, found " + Tokens.describe(p));
        }
        return p.getText();
    }

    private static SpanKind kind(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return SpanKind.INTERNAL;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            SpanKind k = p.getNumberType() == JsonParser.NumberType.INT ? SpanKind.fromOtlpNumber(p.getIntValue()) : null;
            if (k == null) {
                throw new BadRecordException("kind " + p.getText() + " is not an OTLP span kind (0-5)");
            }
            return k;
        }
        if (t == JsonToken.VALUE_STRING) {
            String k = p.getText();
            String bare = k.startsWith("SPAN_KIND_") ? k.substring("SPAN_KIND_".length()) : k;
            switch (bare.toUpperCase(java.util.Locale.ROOT)) {
                case "UNSPECIFIED", "INTERNAL":
                    return SpanKind.INTERNAL;
                case "SERVER":
                    return SpanKind.SERVER;
                case "CLIENT":
                    return SpanKind.CLIENT;
                case "PRODUCER":
                    return SpanKind.PRODUCER;
                case "CONSUMER":
                    return SpanKind.CONSUMER;
                default:
                    throw new BadRecordException("kind \"" + Excerpts.shorten(k, 40) + "\" is not an OTLP span kind");
            }
        }
        throw new BadRecordException("kind must be a number or a SPAN_KIND_* name, found " + Tokens.describe(p));
    }

    private static void status(JsonParser p, JsonToken t, SpanState s) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException("status must be an object, found " + Tokens.describe(p));
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken vt = p.nextToken();
            if ("code".equals(name)) {
                s.status = statusCode(p, vt);
            } else if ("message".equals(name)) {
                s.statusMessage = optionalString(p, vt, "status.message");
            } else {
                p.skipChildren();
            }
        }
    }

    private static SpanStatus statusCode(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return SpanStatus.UNSET;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            SpanStatus st = p.getNumberType() == JsonParser.NumberType.INT ? SpanStatus.fromOtlpNumber(p.getIntValue())
                    : null;
            if (st == null) {
                throw new BadRecordException("status.code " + p.getText() + " is not an OTLP status code (0-2)");
            }
            return st;
        }
        if (t == JsonToken.VALUE_STRING) {
            String c = p.getText();
            String bare = c.startsWith("STATUS_CODE_") ? c.substring("STATUS_CODE_".length()) : c;
            switch (bare.toUpperCase(java.util.Locale.ROOT)) {
                case "UNSET":
                    return SpanStatus.UNSET;
                case "OK":
                    return SpanStatus.OK;
                case "ERROR":
                    return SpanStatus.ERROR;
                default:
                    throw new BadRecordException("status.code \"" + Excerpts.shorten(c, 40)
                            + "\" is not an OTLP status code");
            }
        }
        throw new BadRecordException("status.code must be a number or a STATUS_CODE_* name, found "
                + Tokens.describe(p));
    }

    private void events(JsonParser p, JsonToken t, SpanState s) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("events must be an array, found " + Tokens.describe(p));
        }
        s.eventCount = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = s.eventCount;
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecordException("events/" + i + ": expected an event object, found " + Tokens.describe(p));
            }
            EventState e = s.nextEvent();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken vt = p.nextToken();
                switch (name) {
                    case "timeUnixNano" -> e.timeNs = vt == JsonToken.VALUE_NULL ? -1
                            : Tokens.unixNanos(p, "events/" + i + "/timeUnixNano");
                    case "name" -> e.name = optionalString(p, vt, "events/" + i + "/name");
                    case "attributes" -> {
                        e.attributes.setLength(0);
                        anyValue.keyValueList(p, e.attributes, 0, AnyValueJson.KeyValueVisitor.NONE);
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void links(JsonParser p, JsonToken t, SpanState s) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("links must be an array, found " + Tokens.describe(p));
        }
        s.linkCount = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = s.linkCount;
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecordException("links/" + i + ": expected a link object, found " + Tokens.describe(p));
            }
            LinkState l = s.nextLink();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken vt = p.nextToken();
                switch (name) {
                    case "traceId" -> l.rawTraceId = idText(p, vt, "links/" + i + "/traceId");
                    case "spanId" -> l.rawSpanId = idText(p, vt, "links/" + i + "/spanId");
                    case "traceState" -> l.traceState = optionalString(p, vt, "links/" + i + "/traceState");
                    case "attributes" -> {
                        l.attributes.setLength(0);
                        anyValue.keyValueList(p, l.attributes, 0, AnyValueJson.KeyValueVisitor.NONE);
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    /** Advances to the END_OBJECT/END_ARRAY that closes the container opened at nesting {@code depth}. */
    static void skipTo(JsonParser p, int depth) throws IOException {
        while (p.getParsingContext().getNestingDepth() >= depth) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
        }
    }

    // ---------------------------------------------------------------- for the readers of the other signals

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public long line(JsonParser p) {
        return jsonLines ? lineNo : p.currentTokenLocation().getLineNr();
    }

    @Override
    public void reject(long line, String pointer, String reason, String excerpt) {
        rows.reject(new RejectedRecord("line " + line + ", " + pointer, reason,
                Excerpts.shorten(excerpt, Excerpts.MAX)));
    }

    @Override
    public Rows chunk() {
        return rows;
    }

    @Override
    public void afterRecord() throws InterruptedException {
        if ((++otherRecords & 1023) == 0 && sink.stopRequested()) {
            throw new InterruptedException("import cancelled");
        }
        handOffIfFull(false);
    }

    /** Metric points and log records read so far. */
    long otherRecordsRead() {
        return metrics.pointsRead() + logs.recordsRead();
    }

    // ---------------------------------------------------------------- contexts and rejections

    private int contextId() {
        ScopeState sc = scope;
        if (sc.contextId == 0) {
            if (sc.resolved && sc.resource.resolved) {
                String key = sc.resource.json + '\u0001' + sc.name + '\u0001' + sc.version;
                Integer id = contextIds.get(key);
                if (id == null) {
                    id = nextContextId++;
                    define(id, sc);
                    if (contextIds.size() < MAX_DEDUPED_CONTEXTS) {
                        contextIds.put(key, id);
                    }
                }
                sc.contextId = id;
            } else {
                sc.contextId = nextContextId++;
                sc.pending = true;
                pendingContexts++;
                sc.resource.pendingScopes.add(sc);
            }
        }
        return sc.contextId;
    }

    private void definePendingContexts() {
        ResourceState r = resource;
        if (r == null || !r.resolved || r.pendingScopes.isEmpty()) {
            return;
        }
        for (var it = r.pendingScopes.iterator(); it.hasNext(); ) {
            ScopeState sc = it.next();
            if (sc.resolved) {
                define(sc.contextId, sc);
                sc.pending = false;
                pendingContexts--;
                it.remove();
            }
        }
    }

    private void define(int id, ScopeState sc) {
        ResourceState r = sc.resource;
        rows.defineContext(id, r.serviceName, r.serviceVersion, r.json, sc.name, sc.version);
    }

    private void handOffIfFull(boolean atLineEnd) throws InterruptedException {
        if (rows.bytes() < chunkBytes || pendingContexts > 0) {
            return;
        }
        if (jsonLines && !atLineEnd) {
            // Inside a line: hold it back so that a break later in the line can take it back whole.
            if (rows.bytes() < (long) LINE_SPILL_CHUNKS * chunkBytes) {
                return;
            }
            lineSpilled = true;
        }
        sink.handOff();
        rows.mark();
    }

    private String pointer(int scopeIndex, int spanIndex) {
        StringBuilder sb = new StringBuilder(prefix).append("/resourceSpans/").append(rsIndex);
        if (scopeIndex >= 0) {
            sb.append('/').append(scopeKey).append('/').append(scopeIndex);
        }
        if (spanIndex >= 0) {
            sb.append("/spans/").append(spanIndex);
        }
        return sb.toString();
    }

    private void reject(JsonParser p, String pointer, String reason, String excerpt) {
        long line = jsonLines ? lineNo : p.currentTokenLocation().getLineNr();
        rows.reject(new RejectedRecord("line " + line + ", " + pointer, reason, Excerpts.shorten(excerpt,
                Excerpts.MAX)));
    }

    private void rejectSpan(long line, int index, String reason, String excerpt) {
        rows.reject(new RejectedRecord("line " + line + ", " + pointer(ssIndex, index), reason,
                Excerpts.shorten(excerpt, Excerpts.MAX)));
    }

    // ---------------------------------------------------------------- state holders (reused)

    private static final class ResourceState {
        boolean resolved;
        String json;
        String serviceName;
        String serviceVersion;
        String error;
        final List<ScopeState> pendingScopes = new ArrayList<>(2);

        void resolve(String json, String serviceName, String serviceVersion) {
            this.json = json;
            // The OpenTelemetry resource semantic conventions name this default.
            this.serviceName = serviceName == null || serviceName.isEmpty() ? "unknown_service" : serviceName;
            this.serviceVersion = serviceVersion == null ? "" : serviceVersion;
            this.resolved = true;
        }
    }

    private static final class ScopeState {
        final ResourceState resource;
        boolean resolved;
        boolean pending;
        String name = "";
        String version = "";
        String error;
        int contextId;

        ScopeState(ResourceState resource) {
            this.resource = resource;
        }

        void resolve(String name, String version) {
            this.name = name;
            this.version = version;
            this.resolved = true;
        }
    }

    private static final class EventState {
        long timeNs;
        String name;
        final StringBuilder attributes = new StringBuilder(64);
    }

    private static final class LinkState {
        String rawTraceId;
        String rawSpanId;
        String traceState;
        final StringBuilder attributes = new StringBuilder(64);
    }

    private static final class SpanState {
        String rawTraceId;
        String rawSpanId;
        String rawParentSpanId;
        String traceState;
        String name;
        SpanKind kind;
        long startNs;
        long endNs;
        SpanStatus status;
        String statusMessage;
        final StringBuilder attributes = new StringBuilder(512);
        final List<EventState> events = new ArrayList<>();
        int eventCount;
        final List<LinkState> links = new ArrayList<>();
        int linkCount;
        int flags;
        int droppedAttributes;
        int droppedEvents;
        int droppedLinks;

        void reset() {
            flags = 0;
            droppedAttributes = 0;
            droppedEvents = 0;
            droppedLinks = 0;
            rawTraceId = null;
            rawSpanId = null;
            rawParentSpanId = null;
            traceState = "";
            name = "";
            kind = SpanKind.INTERNAL;
            startNs = -1;
            endNs = -1;
            status = SpanStatus.UNSET;
            statusMessage = "";
            attributes.setLength(0);
            eventCount = 0;
            linkCount = 0;
        }

        EventState nextEvent() {
            if (eventCount == events.size()) {
                events.add(new EventState());
            }
            EventState e = events.get(eventCount++);
            e.timeNs = -1;
            e.name = "";
            e.attributes.setLength(0);
            return e;
        }

        LinkState nextLink() {
            if (linkCount == links.size()) {
                links.add(new LinkState());
            }
            LinkState l = links.get(linkCount++);
            l.rawTraceId = null;
            l.rawSpanId = null;
            l.traceState = "";
            l.attributes.setLength(0);
            return l;
        }

        String excerpt() {
            StringBuilder sb = new StringBuilder();
            sb.append("name=\"").append(name == null ? "" : name).append('"');
            if (rawTraceId != null) {
                sb.append(" traceId=").append(rawTraceId);
            }
            if (rawSpanId != null) {
                sb.append(" spanId=").append(rawSpanId);
            }
            if (startNs >= 0) {
                sb.append(" start=").append(startNs);
            }
            if (endNs >= 0) {
                sb.append(" end=").append(endNs);
            }
            return sb.toString();
        }
    }
}
