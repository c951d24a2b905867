package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.SpanChunk;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads Jaeger JSON: the query API's and the UI download's {@code {"data": [trace, ...]}}, a bare
 * trace object ({@code traceID}, {@code spans}, {@code processes}), the UI's fetched-trace state
 * ({@code {"data": trace}}), an array of traces or of spans with their {@code process} inline (the
 * anonymizer's output), and the api_v2 protobuf-JSON form ({@code traceId}/{@code spanId} in base64,
 * RFC 3339 {@code startTime}, {@code "22938000ns"} durations, tags typed by {@code vType}).
 *
 * <p>How fields map (the OpenTelemetry Jaeger translator's rules, read backwards): process
 * {@code serviceName} and tags become the resource ({@code service.name}, {@code service.version}
 * from its tag); tags keep their type; the first {@code CHILD_OF} reference within the trace is the
 * parent, every other reference a link with {@code opentracing.ref_type}; the {@code span.kind} tag
 * gives the kind; {@code otel.status_code}, or an {@code error} tag that is true, the status (its
 * message from {@code otel.status_description}, {@code error.message} or the error log's
 * {@code message}); {@code otel.scope.*} / {@code otel.library.*} the scope; logs are events named by
 * their {@code event} field; microseconds become nanoseconds. Those mapped tags leave the attributes;
 * the {@code error} tag stays.
 *
 * <p>Memory: one trace at a time is held (its processes may come after its spans: Jaeger's query API
 * and UI write them after); a bare array of spans is read span by span. A span that cannot be taken
 * is rejected with its line, JSON pointer and reason; broken JSON refuses the whole file.
 *
 * <p>Speed: the spans and processes of a {@code "data"} array's traces are read from the tokens into
 * drafts ({@link SpanDraft}), not built as Jackson trees; the trace's bytes are kept, and a span the
 * drafts do not cover (repeated fields, api_v2 tags, an inline process, anything that would be
 * rejected) is parsed again from them as a tree and read by the tree code, which gives its message.
 * Bare traces, {@code {"data": trace}} and arrays of traces are read as trees, as before.
 *
 * <p>More cores: with parser threads ({@link #parserThreads}; none on two cores or fewer) the reading thread only tokenizes the {@code "data"} array, cutting it into batches of whole traces
 * (their bytes, about {@link JsonLineBatches.Settings#batchBytes} a batch, at most 192 KB); a parser
 * thread turns each batch into a {@link RecordedRows}, and the reading thread replays the recordings
 * into the chunks in file order, mapping each batch's context ids to the file's: the rows, rejections
 * (with their lines) and chunk boundaries of reading the traces one after the other. At most
 * {@code workers + 1} batches are in flight, and an array of one small batch is parsed on the reading
 * thread.
 */
final class JaegerJsonReader implements TraceReader {
    static final String FORMAT = "jaeger-json";
    static final String EXPECTED = "expected a Jaeger JSON export ({\"data\": [traces]}, a trace with \"spans\" "
            + "and \"processes\", or an array of spans)";
    private static final Set<String> DESCEND = Set.of("data", "spans");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        Set<String> f = Peeks.firstRecordFields(peek, DESCEND, 4);
        if (f == null) {
            return false;
        }
        // A span names its operation; a trace with no spans still has traceID and processes.
        return f.contains("operationName") || (f.contains("traceID") && f.contains("processes"));
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends ChunkedReading {
        private long traces;
        private long handled;
        /** Where rows go: the sink's current chunk, or on a trace parser thread the batch's recording. */
        private Rows rows;
        /** On a trace parser thread, the batch being recorded; null on the reading thread. */
        private RecordedRows recording;
        /** Lines of the file before the bytes being parsed (a parser thread parses one trace's bytes). */
        private long lineOffset;
        /** The bytes the reading thread's parser read, for cutting traces out of a {@code "data"} array. */
        private Recording bytes;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
            rows = Rows.of(sink);
        }

        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            bytes = new Recording(in.data);
            try (JsonParser p = factory.createParser(bytes)) {
                JsonToken t;
                int doc = 0;
                while ((t = p.nextToken()) != null) {
                    String root = doc == 0 ? "" : "/" + doc;
                    long line = p.currentTokenLocation().getLineNr();
                    int column = p.currentTokenLocation().getColumnNr();
                    if (t == JsonToken.START_OBJECT) {
                        topObject(p, root);
                    } else if (t == JsonToken.START_ARRAY) {
                        topArray(p, root);
                    } else {
                        throw new ImportException(display + ": line " + line + ", column " + column + ": " + EXPECTED
                                + ", found " + Tokens.describe(p) + ". Nothing was imported.");
                    }
                    doc++;
                }
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }
            return "Jaeger JSON, " + ImportService.count(traces, "trace");
        }

        /** {@code {"data": ...}} or a bare trace object. */
        private void topObject(JsonParser p, String root) throws IOException, ImportException, InterruptedException {
            Trace trace = new Trace(root);
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if ("data".equals(name) && t == JsonToken.START_ARRAY) {
                    dataArray(p, root);
                } else if ("data".equals(name) && t == JsonToken.START_OBJECT) {
                    Trace inner = new Trace(root + "/data");
                    traceFields(p, inner);
                    finish(inner);
                } else {
                    traceField(p, trace, name, t);
                }
            }
            if (trace.spans.size() > 0 || trace.sawSpans) {
                finish(trace);
            }
        }

        /** {@code "data": [trace, ...]}: on parser threads when there are some, else trace by trace. */
        private void dataArray(JsonParser p, String root) throws IOException, ImportException, InterruptedException {
            TraceBatches batches = parserThreads > 0 ? new TraceBatches(p, root + "/data/") : null;
            try {
                JsonToken t;
                int i = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    int index = i++;
                    if (t == JsonToken.START_OBJECT && batches != null
                            && p.currentTokenLocation().getByteOffset() >= 0) {
                        traces++;
                        batches.add(index);
                    } else if (t == JsonToken.START_OBJECT && drafts && p.currentTokenLocation().getByteOffset() >= 0) {
                        // On this thread, from the tokens, the trace's bytes kept for the spans that need a tree.
                        bytes.keepFrom(p.currentTokenLocation().getByteOffset());
                        streamTrace(p, new Trace(root + "/data/" + index), (start, end) -> bytes.tree(factory, start, end), 0);
                        bytes.release();
                    } else if (t == JsonToken.START_OBJECT) {
                        if (batches != null) {
                            batches.replayAll();
                        }
                        Trace inner = new Trace(root + "/data/" + index);
                        traceFields(p, inner);
                        finish(inner);
                    } else {
                        if (batches != null) {
                            batches.replayAll();
                        }
                        reject(p.currentTokenLocation().getLineNr(), root + "/data/" + index,
                                "expected a trace object, found " + Tokens.describe(p), Tokens.describe(p));
                        p.skipChildren();
                    }
                }
                if (batches != null) {
                    batches.replayAll();
                }
            } finally {
                if (batches != null) {
                    batches.close();
                }
            }
        }

        /** An array of traces, or of spans with their process inline. */
        private void topArray(JsonParser p, String root) throws IOException, InterruptedException {
            JsonToken t;
            int i = 0;
            Trace loose = new Trace(root);
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String ptr = root + "/" + i++;
                long line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    reject(line, ptr, "expected a Jaeger span or trace object, found " + Tokens.describe(p),
                            Tokens.describe(p));
                    p.skipChildren();
                    continue;
                }
                JsonNode node = MAPPER.readTree(p);
                if (node.has("spans") && !node.has("operationName")) {
                    Trace trace = new Trace(ptr);
                    trace.sawSpans = true;
                    JsonNode spans = node.get("spans");
                    if (spans.isArray()) {
                        for (int s = 0; s < spans.size(); s++) {
                            trace.spans.add(new PendingSpan(line, ptr + "/spans/" + s, spans.get(s)));
                        }
                    }
                    trace.processes = node.get("processes");
                    finish(trace);
                } else {
                    // Spans one by one: each must carry its process.
                    emit(loose, new PendingSpan(line, ptr, node));
                    loose.counted = true;
                }
            }
            if (loose.counted) {
                traces++;
            }
        }

        private void traceFields(JsonParser p, Trace trace) throws IOException {
            String name;
            while ((name = p.nextFieldName()) != null) {
                traceField(p, trace, name, p.nextToken());
            }
        }

        private void traceField(JsonParser p, Trace trace, String name, JsonToken t) throws IOException {
            if ("spans".equals(name) && t == JsonToken.START_ARRAY) {
                trace.sawSpans = true;
                int i = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    long line = lineOffset + p.currentTokenLocation().getLineNr();
                    trace.spans.add(new PendingSpan(line, trace.pointer + "/spans/" + i++, MAPPER.readTree(p)));
                }
            } else if ("processes".equals(name) && t == JsonToken.START_OBJECT) {
                trace.processes = MAPPER.readTree(p);
            } else {
                p.skipChildren();
            }
        }

        private void finish(Trace trace) throws InterruptedException {
            traces++;
            for (PendingSpan s : trace.spans) {
                emit(trace, s);
            }
        }

        private void emit(Trace trace, PendingSpan s) throws InterruptedException {
            try {
                span(trace, s.node);
                spansRead++;
            } catch (BadRecordException e) {
                reject(s.line, s.pointer, e.reason(), s.node.toString());
            }
            endOfRecord(s.line);
        }

        /** After a span: hands a full chunk on, or on a parser thread marks where the replay may. */
        private void endOfRecord(long line) throws InterruptedException {
            if (recording != null) {
                recording.lineEnd(line);
            } else {
                afterRecord(++handled);
            }
        }

        private void reject(long line, String pointer, String reason, String excerpt) {
            rows.reject(new RejectedRecord("line " + line + ", " + (pointer.isEmpty() ? "/" : pointer), reason,
                    Excerpts.shorten(excerpt, Excerpts.MAX)));
        }

        // ------------------------------------------------------------ one span

        private void span(Trace trace, JsonNode n) throws BadRecordException {
            if (!n.isObject()) {
                throw new BadRecordException("expected a span object, found " + Tokens.describe(n));
            }
            String traceId = id(field(n, "traceID", "traceId"), OtlpIds.TRACE_BYTES, "traceID");
            String spanId = id(field(n, "spanID", "spanId"), OtlpIds.SPAN_BYTES, "spanID");
            String name = text(n, "operationName", "");
            long startNs = time(field(n, "startTime"), "startTime");
            long durationNs = duration(field(n, "duration"));
            if (durationNs > Long.MAX_VALUE - startNs) {
                throw new BadRecordException("startTime plus duration is past the year 2262");
            }

            // Parent and links from the references.
            String parent = "";
            List<String[]> links = new ArrayList<>();
            JsonNode refs = field(n, "references");
            if (refs != null && !refs.isNull()) {
                if (!refs.isArray()) {
                    throw new BadRecordException("references must be an array, found " + Tokens.describe(refs));
                }
                for (int i = 0; i < refs.size(); i++) {
                    JsonNode r = refs.get(i);
                    if (!r.isObject()) {
                        throw new BadRecordException("references/" + i + ": expected a reference object, found "
                                + Tokens.describe(r));
                    }
                    String type = text(r, "refType", "CHILD_OF").toUpperCase(Locale.ROOT);
                    if (!type.equals("CHILD_OF") && !type.equals("FOLLOWS_FROM")) {
                        throw new BadRecordException("references/" + i + "/refType \"" + Excerpts.shorten(type, 40)
                                + "\" is neither CHILD_OF nor FOLLOWS_FROM");
                    }
                    JsonNode refTrace = field(r, "traceID", "traceId");
                    String rt = refTrace == null ? traceId
                            : id(refTrace, OtlpIds.TRACE_BYTES, "references/" + i + "/traceID");
                    String rs = id(field(r, "spanID", "spanId"), OtlpIds.SPAN_BYTES, "references/" + i + "/spanID");
                    // A span that names itself as its parent (the api_v2 fixture does) would be its own
                    // ancestor: that reference is kept as a link only.
                    if (type.equals("CHILD_OF") && parent.isEmpty() && rt.equals(traceId) && !rs.equals(spanId)) {
                        parent = rs;
                    } else {
                        links.add(new String[]{rt, rs, type.toLowerCase(Locale.ROOT)});
                    }
                }
            }
            JsonNode legacyParent = field(n, "parentSpanID");
            if (parent.isEmpty() && legacyParent != null && legacyParent.isTextual()
                    && !legacyParent.asText().isEmpty() && !OtlpIds.isAllZeros(legacyParent.asText())) {
                parent = id(legacyParent, OtlpIds.SPAN_BYTES, "parentSpanID");
            }

            // Tags: typed attributes, and the ones that map to columns.
            ObjectNode attrs = NODES.objectNode();
            tags(field(n, "tags"), attrs, "tags");
            SpanKind kind = SpanKind.INTERNAL;
            JsonNode k = attrs.get("span.kind");
            if (k != null && k.isTextual()) {
                SpanKind mapped = kind(k.asText());
                if (mapped != null) {
                    kind = mapped;
                    attrs.remove("span.kind");
                }
            }
            SpanStatus status = SpanStatus.UNSET;
            String statusMessage = "";
            JsonNode code = attrs.remove("otel.status_code");
            if (code != null) {
                String c = code.asText().toUpperCase(Locale.ROOT);
                status = c.equals("ERROR") ? SpanStatus.ERROR : c.equals("OK") ? SpanStatus.OK : SpanStatus.UNSET;
            }
            JsonNode err = attrs.get("error");
            if (err != null && (err.asBoolean(false) || "true".equalsIgnoreCase(err.asText()))) {
                status = SpanStatus.ERROR;
            }
            JsonNode description = attrs.remove("otel.status_description");
            if (description != null) {
                statusMessage = description.asText();
            } else if (status == SpanStatus.ERROR && attrs.hasNonNull("error.message")) {
                statusMessage = attrs.get("error.message").asText();
            }
            String scopeName = removeText(attrs, "otel.scope.name", "otel.library.name");
            String scopeVersion = removeText(attrs, "otel.scope.version", "otel.library.version");

            // Events from the logs (read before anything is written, so a bad log rejects the span whole).
            List<Object[]> events = new ArrayList<>();
            JsonNode logs = field(n, "logs");
            if (logs != null && !logs.isNull()) {
                if (!logs.isArray()) {
                    throw new BadRecordException("logs must be an array, found " + Tokens.describe(logs));
                }
                for (int i = 0; i < logs.size(); i++) {
                    JsonNode log = logs.get(i);
                    if (!log.isObject()) {
                        throw new BadRecordException("logs/" + i + ": expected a log object, found " + Tokens.describe(log));
                    }
                    long t = time(field(log, "timestamp"), "logs/" + i + "/timestamp");
                    ObjectNode fields = NODES.objectNode();
                    tags(field(log, "fields"), fields, "logs/" + i + "/fields");
                    JsonNode event = fields.remove("event");
                    String eventName = event == null ? "" : event.asText();
                    if (status == SpanStatus.ERROR && statusMessage.isEmpty() && "error".equals(eventName)
                            && fields.hasNonNull("message")) {
                        statusMessage = fields.get("message").asText();
                    }
                    events.add(new Object[]{t, eventName, fields.toString()});
                }
            }

            int context = context(trace, n, scopeName, scopeVersion);
            Rows chunk = rows;
            chunk.addSpan(traceId, spanId, parent, context, name, kind, startNs, startNs + durationNs, status,
                    statusMessage, attrs.toString(), "", SpanFlags.of(flags(n.get("flags")), 0, 0, 0));
            for (Object[] e : events) {
                chunk.addEvent(traceId, spanId, (Long) e[0], (String) e[1], (String) e[2]);
            }
            for (String[] l : links) {
                chunk.addLink(traceId, spanId, l[0], l[1], "", "{\"opentracing.ref_type\":\"" + l[2] + "\"}");
            }
        }

        /** The span's resource (and scope) context, defined once per distinct process and scope. */
        private int context(Trace trace, JsonNode span, String scopeName, String scopeVersion)
                throws BadRecordException {
            JsonNode process = field(span, "process");
            if (process == null || process.isNull()) {
                JsonNode pid = field(span, "processID");
                if (pid == null || pid.isNull()) {
                    throw new BadRecordException("the span has neither a processID nor a process");
                }
                process = trace.processes == null ? null : trace.processes.get(pid.asText());
                if (process == null) {
                    throw new BadRecordException("processID \"" + Excerpts.shorten(pid.asText(), 40) + "\" is not "
                            + (trace.processes == null ? "defined: the trace has no \"processes\""
                            : "among the trace's processes"));
                }
            }
            if (!process.isObject()) {
                throw new BadRecordException("the span's process must be an object, found " + Tokens.describe(process));
            }
            String service = text(process, "serviceName", "");
            ObjectNode resource = NODES.objectNode();
            resource.put("service.name", service.isEmpty() ? "unknown_service" : service);
            tags(field(process, "tags"), resource, "process/tags");
            JsonNode version = resource.get("service.version");
            String serviceVersion = version == null ? "" : version.asText();
            return context(resource.get("service.name").asText(), serviceVersion, resource.toString(), scopeName,
                    scopeVersion);
        }

        /** The id of a resource and scope, defined in {@link #rows} the first time. */
        private int context(String service, String serviceVersion, String json, String scopeName,
                            String scopeVersion) {
            String key = json + '\u0001' + scopeName + '\u0001' + scopeVersion;
            Integer id = contextIds.get(key);
            if (id == null) {
                id = contextIds.size() + 1;
                contextIds.put(key, id);
                rows.defineContext(id, service, serviceVersion, json, scopeName, scopeVersion);
            }
            return id;
        }

        // ------------------------------------------------------------ traces on parser threads

        /** A reading for a trace parser thread: records batches, never touches the sink's chunks. */
        private FileReading traceParser() {
            OtlpJsonTraceReader.Sink mine = sink;
            return new FileReading(factory, display, new OtlpJsonTraceReader.Sink() {
                @Override
                public SpanChunk chunk() {
                    throw new IllegalStateException("a trace parser thread has no chunk");
                }

                @Override
                public void handOff() {
                    throw new IllegalStateException("a trace parser thread hands nothing on");
                }

                @Override
                public boolean stopRequested() {
                    return mine.stopRequested();
                }
            }, Integer.MAX_VALUE);
        }

        /** On a trace parser thread: the traces of one batch into a new recording, contexts numbered from 1. */
        private RecordedRows parseBatch(TraceBatch b) throws IOException, ImportException, InterruptedException {
            RecordedRows rec = new RecordedRows();
            rows = rec;
            recording = rec;
            contextIds.clear();
            for (int i = 0; i < b.count(); i++) {
                lineOffset = b.lines()[i] - 1;
                try (JsonParser q = factory.createParser(b.data(), b.starts()[i], b.ends()[i] - b.starts()[i])) {
                    q.nextToken();
                    Trace trace = new Trace(b.pointerPrefix() + b.indexes()[i]);
                    if (drafts) {
                        streamTrace(q, trace, (start, end) -> tree(b.data(), (int) start, (int) end), b.starts()[i]);
                    } else {
                        traceFields(q, trace);
                        finish(trace);
                    }
                } catch (JsonProcessingException e) {
                    throw Tokens.brokenJson(display, inFile(e, b.lines()[i], b.columns()[i]), EXPECTED);
                }
            }
            return rec;
        }

        // ------------------------------------------------------------ spans from tokens (parser threads)

        /**
         * On a parser thread: a trace from its bytes ({@code data} from {@code base}). Its spans are
         * read from the tokens into {@link SpanDraft}s, without a tree, and taken once the trace's
         * processes are known; a span the drafts do not cover (anything unusual or wrong: duplicate
         * fields, api_v2 tags, an inline process, a value that would be rejected) is parsed again
         * from its bytes as a tree and read by {@link #span}, so its row or its rejection is the
         * sequential reader's.
         */
        private void streamTrace(JsonParser q, Trace trace, SpanBytes data, long base)
                throws IOException, InterruptedException {
            List<Object> spans = new ArrayList<>();
            // The processes as read from tokens (null: the tree's way), and where their bytes are.
            Map<String, String[]> resources = new HashMap<>();
            long processesStart = -1;
            long processesEnd = -1;
            String name;
            while ((name = q.nextFieldName()) != null) {
                JsonToken t = q.nextToken();
                if ("spans".equals(name) && t == JsonToken.START_ARRAY) {
                    trace.sawSpans = true;
                    int i = 0;
                    while ((t = q.nextToken()) != JsonToken.END_ARRAY) {
                        JsonLocation at = q.currentTokenLocation();
                        long line = lineOffset + at.getLineNr();
                        String pointer = trace.pointer + "/spans/" + i++;
                        if (t != JsonToken.START_OBJECT) {
                            spans.add(new PendingSpan(line, pointer, MAPPER.readTree(q)));
                            continue;
                        }
                        long start = base + at.getByteOffset();
                        SpanDraft d = draft(q);
                        long end = base + q.currentTokenLocation().getByteOffset() + 1;
                        if (d == null) {
                            spans.add(new PendingSpan(line, pointer, data.tree(start, end)));
                        } else {
                            d.line = line;
                            d.pointer = pointer;
                            d.start = start;
                            d.end = end;
                            spans.add(d);
                        }
                    }
                } else if ("processes".equals(name) && t == JsonToken.START_OBJECT) {
                    processesStart = base + q.currentTokenLocation().getByteOffset();
                    resources = streamProcesses(q);
                    processesEnd = base + q.currentTokenLocation().getByteOffset() + 1;
                    trace.processes = null;
                } else {
                    q.skipChildren();
                }
            }
            traces++;
            if (resources == null) {
                resources = new HashMap<>();
            }
            for (Object o : spans) {
                if (!(o instanceof SpanDraft d)) {
                    trace.processes = processes(trace, data, processesStart, processesEnd);
                    emit(trace, (PendingSpan) o);
                    continue;
                }
                int context;
                try {
                    if (!resources.containsKey(d.processId)) {
                        trace.processes = processes(trace, data, processesStart, processesEnd);
                    }
                    context = draftContext(trace, d, resources);
                } catch (BadRecordException e) {
                    emit(trace, new PendingSpan(d.line, d.pointer, data.tree(d.start, d.end)));
                    continue;
                }
                rows.addSpan(d.traceId, d.spanId, d.parent, context, d.name, d.kind, d.startNs, d.endNs, d.status,
                        d.statusMessage, d.attributes, "", SpanFlags.of(d.flags, 0, 0, 0));
                for (Object[] e : d.events) {
                    rows.addEvent(d.traceId, d.spanId, (Long) e[0], (String) e[1], (String) e[2]);
                }
                for (String[] l : d.links) {
                    rows.addLink(d.traceId, d.spanId, l[0], l[1], "", "{\"opentracing.ref_type\":\"" + l[2] + "\"}");
                }
                spansRead++;
                endOfRecord(d.line);
            }
        }

        /** The trace's processes as a tree, parsed from their bytes the first time the tree's way needs them. */
        private JsonNode processes(Trace trace, SpanBytes data, long start, long end) throws IOException {
            return trace.processes != null || start < 0 ? trace.processes : data.tree(start, end);
        }

        /**
         * The processes object the parser is on, each process's resource as {@link #context(Trace,
         * JsonNode, String, String)} renders it ({service, version, json}); null (the object stepped
         * over) when one of them is not an object, repeats, or is one the drafts do not cover.
         */
        private Map<String, String[]> streamProcesses(JsonParser q) throws IOException {
            Map<String, String[]> out = new HashMap<>();
            boolean ok = true;
            String pid;
            while ((pid = q.nextFieldName()) != null) {
                JsonToken t = q.nextToken();
                if (!ok || t != JsonToken.START_OBJECT || out.containsKey(pid)) {
                    ok = false;
                    q.skipChildren();
                    continue;
                }
                String service = null;
                Attrs tags = null;
                String name;
                while ((name = q.nextFieldName()) != null) {
                    JsonToken v = q.nextToken();
                    if (ok && "serviceName".equals(name)) {
                        ok = service == null && (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL);
                        service = v == JsonToken.VALUE_STRING ? q.getText() : "";
                        q.skipChildren();
                    } else if (ok && "tags".equals(name)) {
                        ok = tags == null;
                        tags = new Attrs();
                        ok &= streamTags(q, v, tags);
                    } else {
                        q.skipChildren();
                    }
                }
                if (ok) {
                    Attrs resource = new Attrs();
                    resource.set("service.name", service == null || service.isEmpty() ? "unknown_service" : service);
                    if (tags != null) {
                        resource.setAll(tags);
                    }
                    Object version = resource.get("service.version");
                    out.put(pid, new String[]{Attrs.text(resource.get("service.name")),
                            version == null ? "" : Attrs.text(version), resource.json()});
                }
            }
            return ok ? out : null;
        }

        private JsonNode tree(byte[] data, int start, int end) throws IOException {
            try (JsonParser t = factory.createParser(data, start, end - start)) {
                return MAPPER.readTree(t);
            }
        }

        /** As {@link #context(Trace, JsonNode, String, String)} for a draft's processID (each process rendered once a trace). */
        private int draftContext(Trace trace, SpanDraft d, Map<String, String[]> resources) throws BadRecordException {
            String[] r = resources.get(d.processId);
            if (r == null) {
                JsonNode process = trace.processes == null ? null : trace.processes.get(d.processId);
                if (process == null || !process.isObject()) {
                    throw new BadRecordException("the span's process is not an object among the trace's processes");
                }
                String service = text(process, "serviceName", "");
                ObjectNode resource = NODES.objectNode();
                resource.put("service.name", service.isEmpty() ? "unknown_service" : service);
                tags(field(process, "tags"), resource, "process/tags");
                JsonNode version = resource.get("service.version");
                r = new String[]{resource.get("service.name").asText(), version == null ? "" : version.asText(),
                        resource.toString()};
                resources.put(d.processId, r);
            }
            return context(r[0], r[1], r[2], d.scopeName, d.scopeVersion);
        }

        /**
         * Reads the span object the parser is on (leaving it on the span's end) into a draft, as
         * {@link #span} would read its tree; null when the draft does not cover it.
         */
        private SpanDraft draft(JsonParser q) throws IOException {
            JsonNode traceA = null, traceB = null, spanA = null, spanB = null, operation = null, start = null;
            JsonNode dur = null, legacyParent = null, flagsNode = null, pid = null;
            List<JsonNode[]> refs = null;
            Attrs attrs = null;
            List<Object[]> logs = null;
            boolean ok = true;
            int seen = 0;
            String name;
            while ((name = q.nextFieldName()) != null) {
                JsonToken t = q.nextToken();
                int bit = SPAN_FIELDS.indexOf(name);
                if (!ok || (bit >= 0 && (seen & (1 << bit)) != 0)) {
                    ok = false;
                    q.skipChildren();
                    continue;
                }
                if (bit < 0) {
                    q.skipChildren();
                    continue;
                }
                seen |= 1 << bit;
                switch (name) {
                    case "tags" -> {
                        attrs = new Attrs();
                        ok = streamTags(q, t, attrs);
                    }
                    case "references" -> {
                        refs = new ArrayList<>();
                        ok = streamRefs(q, t, refs);
                    }
                    case "logs" -> {
                        logs = new ArrayList<>();
                        ok = streamLogs(q, t, logs);
                    }
                    case "process" -> {
                        // An inline process (the anonymizer's) goes the tree's way.
                        ok = t == JsonToken.VALUE_NULL;
                        q.skipChildren();
                    }
                    default -> {
                        JsonNode v = scalar(q, t);
                        if (v == null) {
                            ok = false;
                            q.skipChildren();
                        }
                        switch (name) {
                            case "traceID" -> traceA = v;
                            case "traceId" -> traceB = v;
                            case "spanID" -> spanA = v;
                            case "spanId" -> spanB = v;
                            case "operationName" -> operation = v;
                            case "startTime" -> start = v;
                            case "duration" -> dur = v;
                            case "parentSpanID" -> legacyParent = v;
                            case "flags" -> flagsNode = v;
                            case "processID" -> pid = v;
                            default -> throw new IllegalStateException(name);
                        }
                    }
                }
            }
            if (!ok || pid == null || !pid.isTextual()) {
                return null;
            }
            try {
                return draft(traceA != null ? traceA : traceB, spanA != null ? spanA : spanB, operation, start, dur,
                        refs, legacyParent, attrs == null ? new Attrs() : attrs, logs, flagsNode, pid.asText());
            } catch (BadRecordException e) {
                return null;
            }
        }

        /** {@link #span}'s reading of the fields, in its order (any problem: the tree path says what). */
        private SpanDraft draft(JsonNode traceNode, JsonNode spanNode, JsonNode operation, JsonNode startNode,
                                JsonNode durationNode, List<JsonNode[]> refs, JsonNode legacyParent, Attrs attrs,
                                List<Object[]> logs, JsonNode flagsNode, String processId)
                throws BadRecordException, IOException {
            SpanDraft d = new SpanDraft();
            d.traceId = id(traceNode, OtlpIds.TRACE_BYTES, "traceID");
            d.spanId = id(spanNode, OtlpIds.SPAN_BYTES, "spanID");
            if (operation != null && !operation.isNull() && !operation.isTextual()) {
                return null;
            }
            d.name = operation == null || operation.isNull() ? "" : operation.asText();
            d.startNs = time(startNode, "startTime");
            long durationNs = duration(durationNode);
            if (durationNs > Long.MAX_VALUE - d.startNs) {
                return null;
            }
            d.endNs = d.startNs + durationNs;
            String parent = "";
            if (refs != null) {
                for (JsonNode[] r : refs) {
                    // refType, traceID, traceId, spanID, spanId
                    if (r[0] != null && !r[0].isNull() && !r[0].isTextual()) {
                        return null;
                    }
                    String type = (r[0] == null || r[0].isNull() ? "CHILD_OF" : r[0].asText()).toUpperCase(Locale.ROOT);
                    if (!type.equals("CHILD_OF") && !type.equals("FOLLOWS_FROM")) {
                        return null;
                    }
                    JsonNode refTrace = r[1] != null ? r[1] : r[2];
                    String rt = refTrace == null ? d.traceId : id(refTrace, OtlpIds.TRACE_BYTES, "traceID");
                    String rs = id(r[3] != null ? r[3] : r[4], OtlpIds.SPAN_BYTES, "spanID");
                    if (type.equals("CHILD_OF") && parent.isEmpty() && rt.equals(d.traceId) && !rs.equals(d.spanId)) {
                        parent = rs;
                    } else {
                        d.links.add(new String[]{rt, rs, type.toLowerCase(Locale.ROOT)});
                    }
                }
            }
            if (parent.isEmpty() && legacyParent != null && legacyParent.isTextual()
                    && !legacyParent.asText().isEmpty() && !OtlpIds.isAllZeros(legacyParent.asText())) {
                parent = id(legacyParent, OtlpIds.SPAN_BYTES, "parentSpanID");
            }
            d.parent = parent;

            Object k = attrs.get("span.kind");
            if (k instanceof String ks) {
                SpanKind mapped = kind(ks);
                if (mapped != null) {
                    d.kind = mapped;
                    attrs.remove("span.kind");
                }
            }
            Object code = attrs.remove("otel.status_code");
            if (code != null) {
                String c = Attrs.text(code).toUpperCase(Locale.ROOT);
                d.status = c.equals("ERROR") ? SpanStatus.ERROR : c.equals("OK") ? SpanStatus.OK : SpanStatus.UNSET;
            }
            Object err = attrs.get("error");
            if (err != null && (Attrs.isTrue(err) || "true".equalsIgnoreCase(Attrs.text(err)))) {
                d.status = SpanStatus.ERROR;
            }
            Object description = attrs.remove("otel.status_description");
            if (description != null) {
                d.statusMessage = Attrs.text(description);
            } else if (d.status == SpanStatus.ERROR && attrs.get("error.message") != null) {
                d.statusMessage = Attrs.text(attrs.get("error.message"));
            }
            d.scopeName = attrs.removeText("otel.scope.name", "otel.library.name");
            d.scopeVersion = attrs.removeText("otel.scope.version", "otel.library.version");
            if (logs != null) {
                for (Object[] log : logs) {
                    long t = time((JsonNode) log[0], "timestamp");
                    Attrs fields = (Attrs) log[1];
                    Object event = fields.remove("event");
                    String eventName = event == null ? "" : Attrs.text(event);
                    if (d.status == SpanStatus.ERROR && d.statusMessage.isEmpty() && "error".equals(eventName)
                            && fields.get("message") != null) {
                        d.statusMessage = Attrs.text(fields.get("message"));
                    }
                    d.events.add(new Object[]{t, eventName, fields.json()});
                }
            }
            d.attributes = attrs.json();
            d.flags = flags(flagsNode);
            d.processId = processId;
            return d;
        }

        /** Tags ({@code key}/{@code type}/{@code value}) into {@code out}; false (the rest stepped over) for anything else. */
        private boolean streamTags(JsonParser q, JsonToken t, Attrs out) throws IOException {
            return streamObjects(q, t, tag -> streamTag(tag, out));
        }

        /**
         * An array of objects (or null) the parser is on, each read by {@code each}; false, the rest
         * stepped over, when one is not an object or {@code each} does not cover it.
         */
        private boolean streamObjects(JsonParser q, JsonToken t, ObjectReader each) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return true;
            }
            if (t != JsonToken.START_ARRAY) {
                q.skipChildren();
                return false;
            }
            boolean ok = true;
            while ((t = q.nextToken()) != JsonToken.END_ARRAY) {
                if (!ok || t != JsonToken.START_OBJECT) {
                    ok = false;
                    q.skipChildren();
                    continue;
                }
                ok = each.read(q);
            }
            return ok;
        }

        private boolean streamTag(JsonParser q, Attrs out) throws IOException {
            String key = null;
            String type = null;
            JsonToken vt = null;
            String vText = null;
            long vLong = 0;
            double vDouble = 0;
            boolean ok = true;
            String name;
            while ((name = q.nextFieldName()) != null) {
                JsonToken t = q.nextToken();
                if (!ok) {
                    q.skipChildren();
                    continue;
                }
                switch (name) {
                    case "key" -> {
                        ok = key == null && t == JsonToken.VALUE_STRING;
                        key = ok ? q.getText() : null;
                        q.skipChildren();
                    }
                    case "type" -> {
                        ok = type == null && t == JsonToken.VALUE_STRING;
                        type = ok ? q.getText().toLowerCase(Locale.ROOT) : null;
                        q.skipChildren();
                    }
                    case "value" -> {
                        ok = vt == null;
                        vt = t;
                        if (t == JsonToken.VALUE_STRING) {
                            vText = q.getText();
                        } else if (t == JsonToken.VALUE_NUMBER_INT
                                && q.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            vLong = q.getLongValue();
                            vDouble = vLong;
                        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                            vDouble = q.getDoubleValue();
                        } else if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                            ok = false;
                            q.skipChildren();
                        }
                    }
                    case "vType", "vStr", "vInt64", "vBool", "vFloat64", "vBinary" -> {
                        ok = false;   // api_v2's typed tags: the tree's way
                        q.skipChildren();
                    }
                    default -> q.skipChildren();
                }
            }
            if (!ok || key == null || vt == null) {
                return false;
            }
            Object v;
            switch (type == null ? "string" : type) {
                case "string", "binary" -> {
                    if (vt != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    v = vText;
                }
                case "bool" -> {
                    if (vt == JsonToken.VALUE_TRUE || vt == JsonToken.VALUE_FALSE) {
                        v = vt == JsonToken.VALUE_TRUE;
                    } else if (vt == JsonToken.VALUE_STRING && (vText.equals("true") || vText.equals("false"))) {
                        v = Boolean.parseBoolean(vText);
                    } else {
                        return false;
                    }
                }
                case "int64" -> {
                    if (vt == JsonToken.VALUE_NUMBER_INT) {
                        v = vLong;
                    } else if (vt == JsonToken.VALUE_STRING) {
                        try {
                            v = Long.parseLong(vText.trim());
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    } else {
                        return false;
                    }
                }
                case "float64" -> {
                    double d;
                    if (vt == JsonToken.VALUE_NUMBER_INT || vt == JsonToken.VALUE_NUMBER_FLOAT) {
                        d = vDouble;
                    } else if (vt == JsonToken.VALUE_STRING) {
                        try {
                            d = Double.parseDouble(vText.trim());
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    } else {
                        return false;
                    }
                    v = Double.isFinite(d) ? (Object) d : Double.toString(d);
                }
                default -> {
                    return false;
                }
            }
            out.set(key, v);
            return true;
        }

        /** References as their refType, traceID, traceId, spanID and spanId values; false for anything else. */
        private boolean streamRefs(JsonParser q, JsonToken t, List<JsonNode[]> out) throws IOException {
            return streamObjects(q, t, ref -> {
                JsonNode[] r = new JsonNode[5];
                boolean ok = true;
                String name;
                while ((name = ref.nextFieldName()) != null) {
                    JsonToken v = ref.nextToken();
                    int i = switch (name) {
                        case "refType" -> 0;
                        case "traceID" -> 1;
                        case "traceId" -> 2;
                        case "spanID" -> 3;
                        case "spanId" -> 4;
                        default -> -1;
                    };
                    if (i >= 0 && ok) {
                        ok = r[i] == null && (r[i] = scalar(ref, v)) != null;
                    }
                    ref.skipChildren();
                }
                out.add(r);
                return ok;
            });
        }

        /** Logs as their timestamp value and fields; false for anything else. */
        private boolean streamLogs(JsonParser q, JsonToken t, List<Object[]> out) throws IOException {
            return streamObjects(q, t, log -> {
                JsonNode time = null;
                Attrs fields = null;
                boolean ok = true;
                String name;
                while ((name = log.nextFieldName()) != null) {
                    JsonToken v = log.nextToken();
                    if (ok && "timestamp".equals(name)) {
                        ok = time == null && (time = scalar(log, v)) != null;
                        log.skipChildren();
                    } else if (ok && "fields".equals(name)) {
                        ok = fields == null;
                        fields = new Attrs();
                        ok &= streamTags(log, v, fields);
                    } else {
                        log.skipChildren();
                    }
                }
                out.add(new Object[]{time, fields == null ? new Attrs() : fields});
                return ok;
            });
        }

        /** Puts a batch's recording into the sink's chunks, as if this reading had parsed its traces. */
        private void replay(RecordedRows rec) throws InterruptedException {
            int[] fileIds = new int[8];
            for (Object o : rec.ops) {
                if (o instanceof RecordedRows.Span s) {
                    rows.addSpan(s.traceId(), s.spanId(), s.parentSpanId(), fileIds[s.contextId()], s.name(), s.kind(),
                            s.startNs(), s.endNs(), s.status(), s.statusMessage(), s.attributesJson(), s.traceState(),
                            s.extra());
                    spansRead++;
                } else if (o instanceof RecordedRows.Event e) {
                    rows.addEvent(e.traceId(), e.spanId(), e.timeNs(), e.name(), e.attributesJson());
                } else if (o instanceof RecordedRows.Link l) {
                    rows.addLink(l.traceId(), l.spanId(), l.linkedTraceId(), l.linkedSpanId(), l.traceState(),
                            l.attributesJson());
                } else if (o instanceof RecordedRows.Context c) {
                    if (c.id() >= fileIds.length) {
                        fileIds = Arrays.copyOf(fileIds, Math.max(c.id() + 1, fileIds.length * 2));
                    }
                    fileIds[c.id()] = context(c.serviceName(), c.serviceVersion(), c.resourceJson(), c.scopeName(),
                            c.scopeVersion());
                } else if (o instanceof RejectedRecord r) {
                    rows.reject(r);
                } else if (o instanceof RecordedRows.LineEnd) {
                    afterRecord(++handled);
                } else {
                    throw new IllegalStateException("unknown recorded row " + o.getClass());
                }
            }
        }

        /**
         * The traces of one {@code "data"} array cut into batches on the reading thread, parsed on
         * parser threads (or, for an array of one small batch, on the reading thread), replayed in order.
         */
        private final class TraceBatches {
            private final JsonParser p;
            private final String pointerPrefix;
            private final JsonLineBatches.Settings settings = JsonLineBatches.current;
            private final int workers = parserThreads;
            /**
             * Bytes a batch is cut at: at most {@link #MAX_BATCH_BYTES}, so that its buffer is no
             * humongous object for G1 (half a 1 MB region): 1 MB batches set off a concurrent cycle
             * almost every batch (62 of 67 collections of the bench file's import).
             */
            private final int batchBytes = Math.min(settings.batchBytes(), MAX_BATCH_BYTES);
            private final ArrayDeque<Future<RecordedRows>> inFlight = new ArrayDeque<>();
            private ExecutorService pool;
            private ThreadLocal<FileReading> parsers;
            private FileReading inlineParser;
            private int count;
            private long[] starts = new long[64];
            private long[] ends = new long[64];
            private long[] lines = new long[64];
            private int[] columns = new int[64];
            private int[] indexes = new int[64];

            TraceBatches(JsonParser p, String pointerPrefix) {
                this.p = p;
                this.pointerPrefix = pointerPrefix;
            }

            /** The trace object the parser is on: stepped over, its bytes taken into the current batch. */
            void add(int index) throws IOException, ImportException, InterruptedException {
                JsonLocation at = p.currentTokenLocation();
                long start = at.getByteOffset();
                if (count == 0) {
                    bytes.keepFrom(start);
                }
                p.skipChildren();
                long end = p.currentTokenLocation().getByteOffset() + 1;
                if (count == starts.length) {
                    int n = count * 2;
                    starts = Arrays.copyOf(starts, n);
                    ends = Arrays.copyOf(ends, n);
                    lines = Arrays.copyOf(lines, n);
                    columns = Arrays.copyOf(columns, n);
                    indexes = Arrays.copyOf(indexes, n);
                }
                starts[count] = start;
                ends[count] = end;
                lines[count] = at.getLineNr();
                columns[count] = at.getColumnNr();
                indexes[count] = index;
                count++;
                if (end - starts[0] >= batchBytes) {
                    submit(cut());
                }
                // Keep at most workers + 1 batches in flight; replay what is done, so the writer gets chunks.
                while (inFlight.size() > workers + 1
                        || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
                    replay(JsonLineBatches.result(inFlight.poll()));
                }
            }

            /** Parses what is cut and replays every batch in flight: the rows of the traces so far. */
            void replayAll() throws IOException, ImportException, InterruptedException {
                if (count > 0) {
                    TraceBatch b = cut();
                    if (pool == null) {
                        if (inlineParser == null) {
                            inlineParser = traceParser();
                        }
                        replay(inlineParser.parseBatch(b));
                    } else {
                        submit(b);
                    }
                }
                while (!inFlight.isEmpty()) {
                    replay(JsonLineBatches.result(inFlight.poll()));
                }
            }

            void close() {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }

            private TraceBatch cut() {
                long base = starts[0];
                byte[] data = bytes.take(ends[count - 1], batchBytes + 2 * Recording.WINDOW);
                int[] s = new int[count];
                int[] e = new int[count];
                for (int i = 0; i < count; i++) {
                    s[i] = (int) (starts[i] - base);
                    e[i] = (int) (ends[i] - base);
                }
                TraceBatch b = new TraceBatch(data, s, e, Arrays.copyOf(lines, count), Arrays.copyOf(columns, count),
                        Arrays.copyOf(indexes, count), count, pointerPrefix);
                count = 0;
                return b;
            }

            private void submit(TraceBatch b) {
                if (pool == null) {
                    pool = JsonLineBatches.parserThreads(workers, "prodlab-import-trace-parser-");
                    parsers = ThreadLocal.withInitial(FileReading.this::traceParser);
                }
                ThreadLocal<FileReading> mine = parsers;
                inFlight.add(pool.submit(() -> mine.get().parseBatch(b)));
            }
        }
    }

    // ---------------------------------------------------------------- values

    /** Adds typed tags ({@code key}/{@code type}/{@code value}, or api_v2's {@code vType}/{@code v*}) to {@code out}. */
    static void tags(JsonNode tags, ObjectNode out, String where) throws BadRecordException {
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray()) {
            throw new BadRecordException(where + " must be an array, found " + Tokens.describe(tags));
        }
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isObject()) {
                throw new BadRecordException(where + "/" + i + ": expected a tag object, found " + Tokens.describe(tag));
            }
            JsonNode key = tag.get("key");
            if (key == null || !key.isTextual()) {
                throw new BadRecordException(where + "/" + i + ": the tag has no \"key\" string");
            }
            out.set(key.asText(), tagValue(tag, where, i, key.asText()));
        }
    }

    /** Where a tag is, for a message: built only when there is something to say (not for every tag). */
    private static String tagAt(String where, int i, String key) {
        return where + "/" + i + " (\"" + Excerpts.shorten(key, 60) + "\")";
    }

    private static JsonNode tagValue(JsonNode tag, String where, int i, String key) throws BadRecordException {
        boolean apiV2 = tag.has("vType") || tag.has("vStr") || tag.has("vInt64") || tag.has("vBool")
                || tag.has("vFloat64") || tag.has("vBinary");
        String type;
        JsonNode v;
        if (apiV2) {
            type = tag.path("vType").asText("STRING").toLowerCase(Locale.ROOT);
            v = switch (type) {
                case "string" -> tag.path("vStr").isMissingNode() ? NODES.textNode("") : tag.get("vStr");
                case "bool" -> tag.path("vBool").isMissingNode() ? NODES.booleanNode(false) : tag.get("vBool");
                case "int64" -> tag.path("vInt64").isMissingNode() ? NODES.numberNode(0L) : tag.get("vInt64");
                case "float64" -> tag.path("vFloat64").isMissingNode() ? NODES.numberNode(0.0) : tag.get("vFloat64");
                case "binary" -> tag.path("vBinary").isMissingNode() ? NODES.textNode("") : tag.get("vBinary");
                default -> null;
            };
        } else {
            type = tag.path("type").asText("string").toLowerCase(Locale.ROOT);
            v = tag.get("value");
        }
        if (v == null || v.isNull()) {
            if (type.equals("string") || type.equals("bool") || type.equals("int64") || type.equals("float64")
                    || type.equals("binary")) {
                throw new BadRecordException(tagAt(where, i, key) + ": the " + type + " tag has no value");
            }
        }
        switch (type) {
            case "string", "binary":
                // Binary values are base64 text, as OTLP's bytesValue.
                if (v.isContainerNode()) {
                    throw new BadRecordException(tagAt(where, i, key) + ": a " + type + " tag's value must be a string, found "
                            + Tokens.describe(v));
                }
                return NODES.textNode(v.asText());
            case "bool":
                if (v.isBoolean()) {
                    return v;
                }
                if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                    return NODES.booleanNode(Boolean.parseBoolean(v.asText()));
                }
                throw new BadRecordException(tagAt(where, i, key) + ": a bool tag's value must be true or false, found " + Tokens.describe(v));
            case "int64":
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return NODES.numberNode(v.asLong());
                }
                if (v.isTextual()) {
                    try {
                        return NODES.numberNode(Long.parseLong(v.asText().trim()));
                    } catch (NumberFormatException e) {
                        // Reported below.
                    }
                }
                throw new BadRecordException(tagAt(where, i, key) + ": an int64 tag's value must be a 64-bit integer, found "
                        + Tokens.describe(v));
            case "float64":
                double d;
                if (v.isNumber()) {
                    d = v.asDouble();
                } else if (v.isTextual()) {
                    try {
                        d = Double.parseDouble(v.asText().trim());
                    } catch (NumberFormatException e) {
                        throw new BadRecordException(tagAt(where, i, key) + ": a float64 tag's value must be a number, found "
                                + Tokens.describe(v));
                    }
                } else {
                    throw new BadRecordException(tagAt(where, i, key) + ": a float64 tag's value must be a number, found " + Tokens.describe(v));
                }
                // JSON has no NaN or infinity: those stay readable as strings.
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
            default:
                throw new BadRecordException(tagAt(where, i, key) + ": tag type \"" + Excerpts.shorten(type, 40)
                        + "\" is not one of string, bool, int64, float64, binary");
        }
    }

    /**
     * An id as lower-case hex of {@code bytes} bytes: hex of up to that many digits (left-padded with
     * zeros: Jaeger drops leading zeros and has 64-bit trace ids), or base64 (api_v2).
     */
    static String id(JsonNode node, int bytes, String field) throws BadRecordException {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            throw new BadRecordException("the span has no " + field);
        }
        if (!node.isTextual()) {
            throw new BadRecordException(field + " must be a hex string, found " + Tokens.describe(node));
        }
        String raw = node.asText();
        int max = bytes * 2;
        if (raw.length() <= max && isHex(raw)) {
            String hex = "0".repeat(max - raw.length()) + raw.toLowerCase(Locale.ROOT);
            if (OtlpIds.isAllZeros(hex)) {
                throw new BadRecordException(field + " is all zeros, which is not a valid id");
            }
            return hex;
        }
        try {
            return OtlpIds.normalize(raw, bytes, field);
        } catch (OtlpIds.BadIdException e) {
            throw new BadRecordException(field + " \"" + Excerpts.shorten(raw, 60) + "\" is neither up to " + max
                    + " hex digits nor base64 of " + bytes + " bytes");
        }
    }

    private static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** A time: microseconds since the epoch (a number), or RFC 3339 text (api_v2); in nanoseconds. */
    static long time(JsonNode node, String field) throws BadRecordException {
        if (node == null || node.isNull()) {
            throw new BadRecordException("the span has no " + field);
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() <= 0 || node.asLong() > Long.MAX_VALUE / 1000) {
                throw new BadRecordException(field + " " + node.asText() + " is not a time in microseconds since 1970");
            }
            return node.asLong() * 1000;
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            try {
                OffsetDateTime t = OffsetDateTime.parse(s);
                return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                    return time(NODES.numberNode(new java.math.BigInteger(s)), field);
                }
                throw new BadRecordException(field + " \"" + Excerpts.shorten(s, 60)
                        + "\" is neither microseconds since 1970 nor an RFC 3339 time");
            }
        }
        throw new BadRecordException(field + " must be a number of microseconds, found " + Tokens.describe(node));
    }

    /**
     * A duration in nanoseconds: microseconds (a number), or text with a unit ({@code "22938000ns"},
     * {@code "0.5s"}, as api_v2 writes it). A missing duration is 0 (protobuf leaves zero out).
     */
    /** Jaeger's span flags (1 sampled, 2 debug), as a number or text ({@link Tokens#wholeCount}). */
    static int flags(JsonNode node) {
        return node != null && (node.isIntegralNumber() || node.isTextual()) ? Tokens.wholeCount(node.asText()) : 0;
    }

    static long duration(JsonNode node) throws BadRecordException {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() < 0 || node.asLong() > Long.MAX_VALUE / 1000) {
                throw new BadRecordException("duration " + node.asText() + " is not a duration in microseconds");
            }
            return node.asLong() * 1000;
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
            for (String[] u : units) {
                if (s.endsWith(u[0])) {
                    try {
                        BigDecimal ns = new BigDecimal(s.substring(0, s.length() - u[0].length()))
                                .multiply(new BigDecimal(u[1]));
                        if (ns.signum() < 0 || ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                            break;
                        }
                        return ns.longValue();
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
            throw new BadRecordException("duration \"" + Excerpts.shorten(s, 60)
                    + "\" is neither microseconds nor a duration with a unit (ns, us, ms, s)");
        }
        throw new BadRecordException("duration must be a number of microseconds, found " + Tokens.describe(node));
    }

    private static SpanKind kind(String tag) {
        return switch (tag.toLowerCase(Locale.ROOT)) {
            case "server" -> SpanKind.SERVER;
            case "client" -> SpanKind.CLIENT;
            case "producer" -> SpanKind.PRODUCER;
            case "consumer" -> SpanKind.CONSUMER;
            case "internal" -> SpanKind.INTERNAL;
            default -> null;
        };
    }

    private static JsonNode field(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String name, String dflt) throws BadRecordException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new BadRecordException(name + " must be a string, found " + Tokens.describe(v));
        }
        return v.asText();
    }

    private static String removeText(ObjectNode attrs, String... keys) {
        String found = "";
        for (String k : keys) {
            JsonNode v = attrs.remove(k);
            if (v != null && found.isEmpty()) {
                found = v.asText();
            }
        }
        return found;
    }

    /** A trace being collected: its spans wait for its processes. */
    private static final class Trace {
        final String pointer;
        final List<PendingSpan> spans = new ArrayList<>();
        JsonNode processes;
        boolean sawSpans;
        boolean counted;

        Trace(String pointer) {
            this.pointer = pointer;
        }
    }

    private record PendingSpan(long line, String pointer, JsonNode node) {
    }

    private static final int MAX_BATCH_BYTES = 192 << 10;

    /**
     * Parser threads for the traces of a {@code "data"} array: none on two cores or fewer, where the
     * second core is the writer's and DuckDB's and the threads only added CPU (the bench file's
     * import took 5.5 s and 10.3 s of CPU with two, 3.5 s and 5.9 s without: docs/BENCHMARKS.md);
     * else as many as {@link JsonLineBatches} uses. {@code -Dprodlab.import.jaegerParsers=N} overrides
     * it (benchmarks); tests set it.
     */
    static final int DEFAULT_PARSER_THREADS = Integer.getInteger("prodlab.import.jaegerParsers",
            Runtime.getRuntime().availableProcessors() > 2 ? JsonLineBatches.Settings.DEFAULT.workers() : 0);

    static volatile int parserThreads = DEFAULT_PARSER_THREADS;

    /**
     * Whether spans of a {@code "data"} array are read from the tokens ({@link SpanDraft}); false
     * reads every span as a tree, the way the drafts are checked against (tests only).
     */
    static volatile boolean drafts = true;

    /** Reads one object of an array, the parser on its START_OBJECT, to its END_OBJECT; false: not covered. */
    private interface ObjectReader {
        boolean read(JsonParser q) throws IOException;
    }

    /** Where a trace's bytes are, for parsing one value of it again as a tree. */
    private interface SpanBytes {
        JsonNode tree(long start, long end) throws IOException;
    }

    /** The span fields a draft reads (bit {@code i} of its seen-mask is field {@code i}: a repeat goes the tree's way). */
    private static final List<String> SPAN_FIELDS = List.of("traceID", "traceId", "spanID", "spanId", "operationName",
            "startTime", "duration", "references", "parentSpanID", "tags", "logs", "flags", "processID", "process");

    /** A span read from tokens: everything but its context, which waits for the trace's processes. */
    private static final class SpanDraft {
        long line;
        String pointer;
        long start;
        long end;
        String traceId;
        String spanId;
        String parent;
        String name;
        SpanKind kind = SpanKind.INTERNAL;
        long startNs;
        long endNs;
        SpanStatus status = SpanStatus.UNSET;
        String statusMessage = "";
        String attributes;
        int flags;
        String processId;
        String scopeName;
        String scopeVersion;
        final List<Object[]> events = new ArrayList<>();
        final List<String[]> links = new ArrayList<>();
    }

    /** The token the parser is on as the tree would hold it; null for an object or an array. */
    private static JsonNode scalar(JsonParser q, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(q.getText());
            case VALUE_NUMBER_INT -> switch (q.getNumberType()) {
                case INT -> NODES.numberNode(q.getIntValue());
                case LONG -> NODES.numberNode(q.getLongValue());
                default -> NODES.numberNode(q.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(q.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> null;
        };
    }

    /**
     * Typed tag values by key, in the order an {@link ObjectNode} keeps them (a repeated key keeps
     * its place and takes the later value): a {@code String} (string, binary, a float that is not
     * finite), {@code Boolean}, {@code Long} or {@code Double}; written as JSON by Jackson, as the
     * tree's {@code toString()} writes it.
     */
    private static final class Attrs {
        private static final JsonFactory JSON = new JsonFactory();
        private final List<String> keys = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        void set(String key, Object value) {
            int i = keys.indexOf(key);
            if (i >= 0) {
                values.set(i, value);
            } else {
                keys.add(key);
                values.add(value);
            }
        }

        void setAll(Attrs other) {
            for (int i = 0; i < other.keys.size(); i++) {
                set(other.keys.get(i), other.values.get(i));
            }
        }

        Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }

        Object remove(String key) {
            int i = keys.indexOf(key);
            if (i < 0) {
                return null;
            }
            keys.remove(i);
            return values.remove(i);
        }

        /** As {@link #removeText(ObjectNode, String...)}. */
        String removeText(String... names) {
            String found = "";
            for (String k : names) {
                Object v = remove(k);
                if (v != null && found.isEmpty()) {
                    found = text(v);
                }
            }
            return found;
        }

        /** The value's {@code JsonNode.asText()}. */
        static String text(Object v) {
            return v.toString();
        }

        /** The value's {@code JsonNode.asBoolean(false)}. */
        static boolean isTrue(Object v) {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s) {
                return s.trim().equals("true");
            }
            return v instanceof Long l && l != 0;
        }

        String json() throws IOException {
            StringWriter w = new StringWriter(32 + 48 * keys.size());
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                for (int i = 0; i < keys.size(); i++) {
                    g.writeFieldName(keys.get(i));
                    Object v = values.get(i);
                    if (v instanceof String str) {
                        g.writeString(str);
                    } else if (v instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else if (v instanceof Long l) {
                        g.writeNumber(l);
                    } else {
                        g.writeNumber((Double) v);
                    }
                }
                g.writeEndObject();
            }
            return w.toString();
        }
    }

    /**
     * Whole traces of a {@code "data"} array: trace {@code i} is {@code data[starts[i], ends[i])}, starts
     * at line {@code lines[i]}, column {@code columns[i]} of the file and is {@code data/indexes[i]}.
     */
    private record TraceBatch(byte[] data, int[] starts, int[] ends, long[] lines, int[] columns, int[] indexes,
                              int count, String pointerPrefix) {
    }

    /**
     * Jackson's refusal of a trace parsed from its own bytes, placed in the file (the trace starts
     * at {@code line}, {@code column}).
     */
    private static JsonProcessingException inFile(JsonProcessingException e, long line, int column) {
        JsonLocation l = e.getLocation();
        if (l == null || l.getLineNr() < 1) {
            return e;
        }
        int col = l.getLineNr() == 1 ? column + l.getColumnNr() - 1 : l.getColumnNr();
        JsonLocation at = new JsonLocation(l.contentReference(), -1L, -1L, (int) (line + l.getLineNr() - 1), col);
        return new JsonParseException(null, e.getOriginalMessage(), at, e);
    }

    /**
     * The bytes a parser reads from {@code in}, kept from {@link #keepFrom} on so that whole traces
     * can be taken out ({@link #take}). Otherwise only the last {@link #WINDOW} bytes are kept: the
     * token the parser is on lies in them (Jackson's input buffer holds 8,000 bytes).
     */
    private static final class Recording extends InputStream {
        static final int WINDOW = 64 << 10;
        private final InputStream in;
        private byte[] buf = new byte[4 * WINDOW];
        /** File offset of {@code buf[0]}. */
        private long base;
        private int length;
        private boolean kept;

        Recording(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (!kept && length + n > 2 * WINDOW) {
                    dropBefore(base + length - WINDOW);
                }
                if (length + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
                }
                System.arraycopy(b, off, buf, length, n);
                length += n;
            }
            return n;
        }

        /** The value in the kept bytes from file offset {@code start} to {@code end}, as a tree. */
        JsonNode tree(JsonFactory factory, long start, long end) throws IOException {
            try (JsonParser t = factory.createParser(buf, (int) (start - base), (int) (end - start))) {
                return MAPPER.readTree(t);
            }
        }

        /** Stops keeping bytes (the trace they were kept for is read). */
        void release() {
            kept = false;
        }

        /** Keeps every byte from file offset {@code offset} on (the start of a batch's first trace). */
        void keepFrom(long offset) {
            if (offset < base) {
                throw new IllegalStateException("byte " + offset + " is no longer kept (from " + base + ")");
            }
            dropBefore(offset);
            kept = true;
        }

        /**
         * The kept bytes up to file offset {@code end} (they start at the {@link #keepFrom} offset; the
         * array may be longer); what was read after {@code end} stays, unmarked, in a new buffer of
         * about {@code capacity} bytes (the next batch's).
         */
        byte[] take(long end, int capacity) {
            byte[] out = buf;
            int k = (int) (end - base);
            byte[] rest = new byte[Math.max(length - k, Math.max(4 * WINDOW, capacity))];
            System.arraycopy(out, k, rest, 0, length - k);
            buf = rest;
            length -= k;
            base = end;
            kept = false;
            return out;
        }

        private void dropBefore(long offset) {
            int k = (int) (offset - base);
            if (k <= 0) {
                return;
            }
            System.arraycopy(buf, k, buf, 0, length - k);
            length -= k;
            base = offset;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
