package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.SpanChunk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Zipkin v2 JSON: an array of spans ({@code traceId}, {@code id}, {@code parentId},
 * {@code name}, {@code kind}, {@code timestamp}/{@code duration} in microseconds,
 * {@code localEndpoint}, {@code remoteEndpoint}, {@code tags}, {@code annotations}, {@code shared}).
 *
 * <p>Zipkin reports one span in pieces and lets an RPC's two sides share one id, so the file is
 * read whole before anything is written (memory grows with the file; Zipkin's own UI does the same
 * per trace):
 * <ul>
 * <li>Records with the same trace and span id whose kind and local service agree (or are missing
 *     in one of them) are one span: merged as Zipkin merges them (earliest timestamp, latest end,
 *     tags and annotations united, identical copies counted once).</li>
 * <li>When a client side and a server side remain under one id, both are kept: the server side gets
 *     an id of its own (derived from the trace and span id, so re-imports agree) and the client side
 *     as its parent; spans whose parent is that id and that run in the server's service become the
 *     server side's children. A call is so one client span and one server span whose parent is in
 *     another service: the dependency map counts it once.</li>
 * </ul>
 * {@code remoteEndpoint} becomes {@code peer.service}, {@code server.address} and
 * {@code server.port} (when the tags do not set them); an {@code error} tag makes the status error
 * (its value, when it says more than "true", the message); a missing kind is taken from Zipkin v1's
 * core annotations ({@code cs}/{@code cr} client, {@code sr}/{@code ss} server) when they tell one
 * side; a missing timestamp from the earliest annotation; a missing duration ends the span at its
 * latest annotation, or at its start.
 */
final class ZipkinV2JsonReader implements TraceReader {
    static final String FORMAT = "zipkin-v2-json";
    static final String EXPECTED = "expected Zipkin v2 JSON (an array of spans with \"traceId\" and \"id\")";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> V2_MEMBERS = Set.of("localEndpoint", "remoteEndpoint", "kind", "tags", "shared");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        if (firstNonBlank(peek) != '[') {
            return false;
        }
        Set<String> f = Peeks.firstRecordFields(peek, Set.of(), 1);
        if (f == null || !f.contains("traceId") || !f.contains("id") || f.contains("operationName")
                || f.contains("binaryAnnotations")) {
            return false;
        }
        // v1 spans carry their endpoints in annotations; a v2 span names them, or has no annotations.
        return f.stream().anyMatch(V2_MEMBERS::contains) || !f.contains("annotations");
    }

    static boolean isZipkinV1(Set<String> f) {
        return f.contains("traceId") && f.contains("id") && !f.contains("operationName")
                && (f.contains("binaryAnnotations") || f.stream().noneMatch(V2_MEMBERS::contains));
    }

    private static int firstNonBlank(byte[] peek) {
        for (byte b : peek) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return -1;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends SpanGroupReading {

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }

        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            Map<String, List<Span>> byId = new LinkedHashMap<>();
            long records = 0;
            try (JsonParser p = factory.createParser(in.data)) {
                JsonToken t;
                int doc = 0;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_ARRAY) {
                        throw new ImportException(display + ": line " + p.currentTokenLocation().getLineNr()
                                + ", column " + p.currentTokenLocation().getColumnNr() + ": " + EXPECTED + ", found "
                                + Tokens.describe(p) + ". Nothing was imported.");
                    }
                    String root = doc == 0 ? "" : "/" + doc;
                    int i = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        String ptr = root + "/" + i++;
                        long line = p.currentTokenLocation().getLineNr();
                        if (t != JsonToken.START_OBJECT) {
                            String found = Tokens.describe(p);
                            p.skipChildren();
                            reject(line, ptr, "expected a Zipkin span object, found " + found, found);
                            continue;
                        }
                        JsonNode node = MAPPER.readTree(p);
                        records++;
                        try {
                            Span s = parse(node, line, ptr);
                            byId.computeIfAbsent(s.traceId + s.id, k -> new ArrayList<>()).add(s);
                        } catch (BadRecordException e) {
                            reject(line, ptr, e.reason(), node.toString());
                        }
                        if ((records & 1023) == 0 && sink.stopRequested()) {
                            throw new InterruptedException("import cancelled");
                        }
                    }
                    doc++;
                }
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }

            long split = emitSides(byId);
            return "Zipkin v2 JSON, " + ImportService.count(records, "record") + " as "
                    + ImportService.count(spansEmitted, "span") + (split == 0 ? ""
                    : ", " + ImportService.count(split, "shared client/server id") + " split");
        }
    }

    /**
     * The reading shared by Zipkin's two JSON versions: records parsed into {@link Span}s and grouped
     * by trace and span id are merged into sides and written, a shared client/server id split.
     */
    abstract static class SpanGroupReading extends ChunkedReading {
        /** Spans written (after merging), for the summary. */
        protected long spansEmitted;

        SpanGroupReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }

        /**
         * Merges each id's records into sides, splits a client and a server side under one id, and
         * writes every span; returns how many ids were split.
         */
        protected final long emitSides(Map<String, List<Span>> byId) throws InterruptedException {
            // One span per side of each id; a client and a server side under one id are split.
            Map<String, Pair> pairs = new HashMap<>();
            List<Span> spans = new ArrayList<>();
            for (List<Span> group : byId.values()) {
                List<Span> sides = merge(group);
                Span client = null;
                Span server = null;
                for (Span s : sides) {
                    SpanKind k = s.effectiveKind();
                    if (k == SpanKind.CLIENT && client == null) {
                        client = s;
                    } else if (k == SpanKind.SERVER && server == null) {
                        server = s;
                    }
                }
                if (client != null && server != null) {
                    server.emitId = derivedId(server.traceId, server.id);
                    server.emitParent = client.id;
                    server.parentFixed = true;
                    pairs.put(server.traceId + server.id, new Pair(client.service, server.service, server.emitId));
                }
                spans.addAll(sides);
            }
            long split = pairs.size();
            for (Span s : spans) {
                if (!s.parentFixed && !s.parentId.isEmpty()) {
                    Pair pair = pairs.get(s.traceId + s.parentId);
                    boolean callerSide = pair != null && eq(s.service, pair.clientService)
                            && !eq(s.service, pair.serverService);
                    s.emitParent = pair == null || callerSide ? s.parentId : pair.serverId;
                }
                emit(s);
            }
            spansEmitted = spans.size();
            return split;
        }

        private static boolean eq(String a, String b) {
            return a == null ? b == null : a.equals(b);
        }

        private void emit(Span s) throws InterruptedException {
            try {
                long startUs = s.timestamp;
                if (startUs <= 0) {
                    startUs = s.annotations.stream().mapToLong(a -> a.timestamp).min().orElse(0);
                }
                if (startUs <= 0) {
                    throw new BadRecordException("the span has no timestamp, and no annotation to take one from");
                }
                long endUs = s.endUs > 0 ? s.endUs : Math.max(startUs,
                        s.annotations.stream().mapToLong(a -> a.timestamp).max().orElse(startUs));
                if (endUs < startUs) {
                    endUs = startUs;
                }
                if (endUs > Long.MAX_VALUE / 1000) {
                    throw new BadRecordException("timestamp plus duration is past the year 2262");
                }
                ObjectNode attrs = NODES.objectNode();
                s.tags.forEach(attrs::put);
                if (s.remoteService != null && !attrs.has("peer.service")) {
                    attrs.put("peer.service", s.remoteService);
                }
                if (s.remoteAddress != null && !attrs.has("server.address")) {
                    attrs.put("server.address", s.remoteAddress);
                }
                if (s.remotePort > 0 && !attrs.has("server.port")) {
                    attrs.put("server.port", s.remotePort);
                }
                SpanStatus status = SpanStatus.UNSET;
                String message = "";
                String error = s.tags.get("error");
                if (error != null) {
                    status = SpanStatus.ERROR;
                    message = error.equalsIgnoreCase("true") ? "" : error;
                }
                int context = serviceContext(s.service);
                SpanChunk chunk = sink.chunk();
                String id = s.emitId != null ? s.emitId : s.id;
                chunk.addSpan(s.traceId, id, s.emitParent == null ? s.parentId : s.emitParent, context, s.name,
                        s.effectiveKind() == null ? SpanKind.INTERNAL : s.effectiveKind(), startUs * 1000, endUs * 1000,
                        status, message, attrs.toString(), "");
                for (Annotation a : s.annotations) {
                    chunk.addEvent(s.traceId, id, a.timestamp * 1000, a.value, "{}");
                }
                spansRead++;
            } catch (BadRecordException e) {
                reject(s.line, s.pointer, e.reason(), s.excerpt);
            }
            afterRecord(spansRead);
        }

        protected final void reject(long line, String pointer, String reason, String excerpt) {
            reject("line " + line + ", " + pointer, reason, excerpt);
        }
    }

    /** The records of one id merged into sides: records whose kind and local service agree are one. */
    static List<Span> merge(List<Span> group) {
        List<Span> sides = new ArrayList<>(2);
        for (Span r : group) {
            Span into = null;
            for (Span s : sides) {
                if ((s.kind == null || r.kind == null || s.kind == r.kind)
                        && (s.service == null || r.service == null || s.service.equals(r.service))) {
                    into = s;
                    break;
                }
            }
            if (into == null) {
                sides.add(r);
            } else {
                into.absorb(r);
            }
        }
        return sides;
    }

    /** An id for the server side of a shared id: stable, and (as a hash) not another span's. */
    static String derivedId(String traceId, String id) {
        byte[] h = TraceInput.sha256Digest().digest((traceId + ":" + id + ":server").getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(h, 0, 8);
        return OtlpIds.isAllZeros(hex) ? "0000000000000001" : hex;
    }

    // ---------------------------------------------------------------- one record

    static Span parse(JsonNode n, long line, String pointer) throws BadRecordException {
        Span s = new Span(line, pointer, n.toString());
        s.traceId = id(n.get("traceId"), OtlpIds.TRACE_BYTES, "traceId", true);
        s.id = id(n.get("id"), OtlpIds.SPAN_BYTES, "id", true);
        s.parentId = id(n.get("parentId"), OtlpIds.SPAN_BYTES, "parentId", false);
        s.name = string(n.get("name"), "name");
        JsonNode kind = n.get("kind");
        if (kind != null && !kind.isNull()) {
            if (!kind.isTextual()) {
                throw new BadRecordException("kind must be a string, found " + Tokens.describe(kind));
            }
            s.kind = switch (kind.asText().toUpperCase(Locale.ROOT)) {
                case "CLIENT" -> SpanKind.CLIENT;
                case "SERVER" -> SpanKind.SERVER;
                case "PRODUCER" -> SpanKind.PRODUCER;
                case "CONSUMER" -> SpanKind.CONSUMER;
                default -> throw new BadRecordException("kind \"" + Excerpts.shorten(kind.asText(), 40)
                        + "\" is not CLIENT, SERVER, PRODUCER or CONSUMER");
            };
        }
        s.timestamp = micros(n.get("timestamp"), "timestamp");
        long duration = micros(n.get("duration"), "duration");
        s.endUs = s.timestamp > 0 && duration > 0 ? s.timestamp + duration : 0;
        JsonNode local = n.get("localEndpoint");
        if (local != null && !local.isNull()) {
            if (!local.isObject()) {
                throw new BadRecordException("localEndpoint must be an object, found " + Tokens.describe(local));
            }
            String svc = string(local.get("serviceName"), "localEndpoint/serviceName");
            s.service = svc.isEmpty() ? null : svc;
        }
        JsonNode remote = n.get("remoteEndpoint");
        if (remote != null && !remote.isNull()) {
            if (!remote.isObject()) {
                throw new BadRecordException("remoteEndpoint must be an object, found " + Tokens.describe(remote));
            }
            String svc = string(remote.get("serviceName"), "remoteEndpoint/serviceName");
            s.remoteService = svc.isEmpty() ? null : svc;
            String ip = string(remote.get("ipv4"), "remoteEndpoint/ipv4");
            if (ip.isEmpty()) {
                ip = string(remote.get("ipv6"), "remoteEndpoint/ipv6");
            }
            s.remoteAddress = ip.isEmpty() ? null : ip;
            JsonNode port = remote.get("port");
            if (port != null && !port.isNull()) {
                if (!port.canConvertToInt() || !port.isIntegralNumber() || port.asInt() < 0 || port.asInt() > 65535) {
                    throw new BadRecordException("remoteEndpoint/port must be a port number, found " + Tokens.describe(port));
                }
                s.remotePort = port.asInt();
            }
        }
        JsonNode tags = n.get("tags");
        if (tags != null && !tags.isNull()) {
            if (!tags.isObject()) {
                throw new BadRecordException("tags must be an object, found " + Tokens.describe(tags));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isContainerNode()) {
                    throw new BadRecordException("tags/" + e.getKey() + " must be a string, found "
                            + Tokens.describe(e.getValue()));
                }
                // Zipkin's tags are strings; a number or bool written bare is read as its text.
                s.tags.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        JsonNode annotations = n.get("annotations");
        if (annotations != null && !annotations.isNull()) {
            if (!annotations.isArray()) {
                throw new BadRecordException("annotations must be an array, found " + Tokens.describe(annotations));
            }
            for (int i = 0; i < annotations.size(); i++) {
                JsonNode a = annotations.get(i);
                if (!a.isObject()) {
                    throw new BadRecordException("annotations/" + i + ": expected an annotation object, found "
                            + Tokens.describe(a));
                }
                long ts = micros(a.get("timestamp"), "annotations/" + i + "/timestamp");
                if (ts <= 0) {
                    throw new BadRecordException("annotations/" + i + " has no timestamp");
                }
                s.annotations.add(new Annotation(ts, string(a.get("value"), "annotations/" + i + "/value")));
            }
        }
        JsonNode shared = n.get("shared");
        s.shared = shared != null && shared.asBoolean(false);
        return s;
    }

    static String id(JsonNode node, int bytes, String field, boolean required) throws BadRecordException {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            if (required) {
                throw new BadRecordException("the span has no " + field);
            }
            return "";
        }
        if (!node.isTextual()) {
            throw new BadRecordException(field + " must be a hex string, found " + Tokens.describe(node));
        }
        String raw = node.asText();
        int max = bytes * 2;
        boolean hex = !raw.isEmpty() && raw.length() <= max && raw.chars().allMatch(c -> (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
        if (!hex) {
            throw new BadRecordException(field + " \"" + Excerpts.shorten(raw, 60) + "\" is not up to " + max
                    + " hex digits");
        }
        String padded = "0".repeat(max - raw.length()) + raw.toLowerCase(Locale.ROOT);
        if (OtlpIds.isAllZeros(padded)) {
            if (required) {
                throw new BadRecordException(field + " is all zeros, which is not a valid id");
            }
            return "";
        }
        return padded;
    }

    static long micros(JsonNode node, String field) throws BadRecordException {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0
                || node.asLong() > Long.MAX_VALUE / 1000) {
            throw new BadRecordException(field + " must be a number of microseconds, found " + Tokens.describe(node));
        }
        return node.asLong();
    }

    static String string(JsonNode node, String field) throws BadRecordException {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new BadRecordException(field + " must be a string, found " + Tokens.describe(node));
        }
        return node.asText();
    }

    record Annotation(long timestamp, String value) {
    }

    private record Pair(String clientService, String serverService, String serverId) {
    }

    /** One record, then the side of an id it was merged into. */
    static final class Span {
        final long line;
        final String pointer;
        final String excerpt;
        String traceId;
        String id;
        String parentId;
        String name;
        SpanKind kind;
        long timestamp;
        long endUs;
        String service;
        String remoteService;
        String remoteAddress;
        int remotePort;
        boolean shared;
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<Annotation> annotations = new ArrayList<>();
        String emitId;
        String emitParent;
        boolean parentFixed;

        Span(long line, String pointer, String excerpt) {
            this.line = line;
            this.pointer = pointer;
            this.excerpt = excerpt;
        }

        /** The kind, or the side Zipkin v1's core annotations tell when only one side is there. */
        SpanKind effectiveKind() {
            if (kind != null) {
                return kind;
            }
            boolean client = false;
            boolean server = false;
            for (Annotation a : annotations) {
                client |= a.value.equals("cs") || a.value.equals("cr");
                server |= a.value.equals("sr") || a.value.equals("ss");
            }
            if (client && !server) {
                return SpanKind.CLIENT;
            }
            if (server && !client) {
                return SpanKind.SERVER;
            }
            return shared ? SpanKind.SERVER : null;
        }

        void absorb(Span r) {
            if (r.timestamp > 0 && (timestamp <= 0 || r.timestamp < timestamp)) {
                timestamp = r.timestamp;
            }
            endUs = Math.max(endUs, r.endUs);
            if (name.isEmpty()) {
                name = r.name;
            }
            if (kind == null) {
                kind = r.kind;
            }
            if (service == null) {
                service = r.service;
            }
            if (parentId.isEmpty()) {
                parentId = r.parentId;
            }
            if (remoteService == null) {
                remoteService = r.remoteService;
            }
            if (remoteAddress == null) {
                remoteAddress = r.remoteAddress;
            }
            if (remotePort == 0) {
                remotePort = r.remotePort;
            }
            shared |= r.shared;
            r.tags.forEach(tags::putIfAbsent);
            for (Annotation a : r.annotations) {
                if (!annotations.contains(a)) {
                    annotations.add(a);
                }
            }
        }
    }
}
