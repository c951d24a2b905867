package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.model.SpanKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Zipkin v1 JSON: spans whose sides are told by core annotations ({@code cs}/{@code cr} the
 * client, {@code sr}/{@code ss} the server, {@code ms}/{@code mr} messaging) each with the
 * {@code endpoint} that logged it, and {@code binaryAnnotations} (tags, and the address annotations
 * {@code ca}/{@code sa}/{@code ma}). Files may hold an array of spans, one span object, or an array
 * of such arrays (posts concatenated).
 *
 * <p>Each v1 span is converted as Zipkin's own {@code V1SpanConverter} does: one v2 side per
 * endpoint that logged core annotations (a span that has {@code cs} and {@code sr} becomes a client
 * and a shared server side), the side's start and end from its annotations (the span's own
 * {@code timestamp}/{@code duration} belong to the side that owns it: the client, or the only side),
 * a server side without the span's timestamp marked shared, binary annotations as tags of the side
 * whose endpoint logged them, the core annotations consumed, the others kept as events. The sides
 * then go through the same merging as Zipkin v2 ({@link ZipkinV2JsonReader.SpanGroupReading}): a
 * client and a server side under one id are both kept, the call counted once.
 */
final class ZipkinV1JsonReader implements TraceReader {
    static final String FORMAT = "zipkin-v1-json";
    static final String EXPECTED = "expected Zipkin v1 JSON (spans with \"traceId\", \"id\" and "
            + "\"annotations\"/\"binaryAnnotations\", as an array, one object, or an array of arrays)";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> CORE = Set.of("cs", "cr", "sr", "ss", "ms", "mr");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        Set<String> f = Peeks.firstRecordFields(innermostArray(peek), Set.of(), 1);
        return f != null && ZipkinV2JsonReader.isZipkinV1(f);
    }

    /** An array of arrays (batches) is judged by its first batch: the start from the inner {@code [}. */
    private static byte[] innermostArray(byte[] peek) {
        int i = skipBlank(peek, 0);
        if (i < peek.length && peek[i] == '[') {
            int j = skipBlank(peek, i + 1);
            if (j < peek.length && peek[j] == '[') {
                return java.util.Arrays.copyOfRange(peek, j, peek.length);
            }
        }
        return peek;
    }

    private static int skipBlank(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends ZipkinV2JsonReader.SpanGroupReading {
        private final Map<String, List<ZipkinV2JsonReader.Span>> byId = new LinkedHashMap<>();
        private long records;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }

        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            try (JsonParser p = factory.createParser(in.data)) {
                JsonToken t;
                int doc = 0;
                while ((t = p.nextToken()) != null) {
                    String root = doc == 0 ? "" : "/" + doc;
                    if (t == JsonToken.START_OBJECT) {
                        record(p, root.isEmpty() ? "/" : root);
                    } else if (t == JsonToken.START_ARRAY) {
                        array(p, root, true);
                    } else {
                        throw new ImportException(display + ": line " + p.currentTokenLocation().getLineNr()
                                + ", column " + p.currentTokenLocation().getColumnNr() + ": " + EXPECTED + ", found "
                                + Tokens.describe(p) + ". Nothing was imported.");
                    }
                    doc++;
                }
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }
            long split = emitSides(byId);
            return "Zipkin v1 JSON, " + ImportService.count(records, "record") + " as "
                    + ImportService.count(spansEmitted, "span") + (split == 0 ? ""
                    : ", " + ImportService.count(split, "shared client/server id") + " split");
        }

        /** The elements of an array of spans; at the top, an element may be a batch (an array) itself. */
        private void array(JsonParser p, String root, boolean batchesAllowed) throws IOException, InterruptedException {
            JsonToken t;
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String ptr = root + "/" + i++;
                if (t == JsonToken.START_OBJECT) {
                    record(p, ptr);
                } else if (t == JsonToken.START_ARRAY && batchesAllowed) {
                    array(p, ptr, false);
                } else {
                    long line = p.currentTokenLocation().getLineNr();
                    String found = Tokens.describe(p);
                    p.skipChildren();
                    reject(line, ptr, "expected a Zipkin v1 span object, found " + found, found);
                }
            }
        }

        private void record(JsonParser p, String ptr) throws IOException, InterruptedException {
            long line = p.currentTokenLocation().getLineNr();
            JsonNode node = MAPPER.readTree(p);
            records++;
            try {
                for (ZipkinV2JsonReader.Span s : convert(node, line, ptr)) {
                    byId.computeIfAbsent(s.traceId + s.id, k -> new ArrayList<>()).add(s);
                }
            } catch (BadRecordException e) {
                reject(line, ptr, e.reason(), node.toString());
            }
            if ((records & 1023) == 0 && sink.stopRequested()) {
                throw new InterruptedException("import cancelled");
            }
        }
    }

    // ---------------------------------------------------------------- one v1 span

    /** An endpoint as v1 writes it on each annotation. */
    private record Endpoint(String service, String address, int port) {
        static final Endpoint NONE = new Endpoint(null, null, 0);
    }

    private record V1Annotation(long timestamp, String value, Endpoint endpoint) {
    }

    /** The v2 sides of one v1 span. */
    static List<ZipkinV2JsonReader.Span> convert(JsonNode n, long line, String pointer) throws BadRecordException {
        if (!n.isObject()) {
            throw new BadRecordException("expected a Zipkin v1 span object, found " + Tokens.describe(n));
        }
        String traceId = traceId(n);
        String id = ZipkinV2JsonReader.id(n.get("id"), OtlpIds.SPAN_BYTES, "id", true);
        String parentId = ZipkinV2JsonReader.id(n.get("parentId"), OtlpIds.SPAN_BYTES, "parentId", false);
        String name = ZipkinV2JsonReader.string(n.get("name"), "name");
        long timestamp = ZipkinV2JsonReader.micros(n.get("timestamp"), "timestamp");
        long duration = ZipkinV2JsonReader.micros(n.get("duration"), "duration");

        List<V1Annotation> annotations = annotations(n.get("annotations"));
        Map<String, V1Annotation> core = new LinkedHashMap<>();
        for (V1Annotation a : annotations) {
            if (CORE.contains(a.value)) {
                core.putIfAbsent(a.value, a);
            }
        }
        String excerpt = n.toString();
        List<ZipkinV2JsonReader.Span> sides = new ArrayList<>(2);
        ZipkinV2JsonReader.Span client = side(core, "cs", "cr", SpanKind.CLIENT, line, pointer, excerpt);
        ZipkinV2JsonReader.Span server = side(core, "sr", "ss", SpanKind.SERVER, line, pointer, excerpt);
        ZipkinV2JsonReader.Span producer = side(core, "ms", null, SpanKind.PRODUCER, line, pointer, excerpt);
        ZipkinV2JsonReader.Span consumer = side(core, "mr", null, SpanKind.CONSUMER, line, pointer, excerpt);
        for (ZipkinV2JsonReader.Span s : new ZipkinV2JsonReader.Span[] {client, server, producer, consumer}) {
            if (s != null) {
                sides.add(s);
            }
        }
        Map<String, Endpoint> addresses = new LinkedHashMap<>();
        List<Object[]> tags = binaryAnnotations(n.get("binaryAnnotations"), addresses);
        if (sides.isEmpty()) {
            // A local span: its service is the one that logged "lc", or any annotation's.
            ZipkinV2JsonReader.Span local = new ZipkinV2JsonReader.Span(line, pointer, excerpt);
            local.service = localService(annotations, tags);
            sides.add(local);
        }
        // The span's own timestamp and duration belong to the side that owns it.
        ZipkinV2JsonReader.Span owner = client != null ? client : sides.get(0);
        if (timestamp > 0) {
            owner.timestamp = timestamp;
            owner.endUs = duration > 0 ? timestamp + duration : owner.endUs;
        }
        if (server != null && server != owner) {
            server.shared = true;
        } else if (server != null && timestamp <= 0) {
            // A v1 server side without the span's timestamp is the shared half of a client's span.
            server.shared = true;
        }
        if (client != null && server != null) {
            client.remoteService = server.service;
        }
        for (ZipkinV2JsonReader.Span s : sides) {
            s.traceId = traceId;
            s.id = id;
            s.parentId = parentId;
            s.name = name;
        }
        for (V1Annotation a : annotations) {
            if (!CORE.contains(a.value)) {
                bySide(sides, a.endpoint.service).annotations.add(new ZipkinV2JsonReader.Annotation(a.timestamp, a.value));
            }
        }
        for (Object[] tag : tags) {
            bySide(sides, ((Endpoint) tag[2]).service).tags.putIfAbsent((String) tag[0], (String) tag[1]);
        }
        remote(client != null ? client : sides.get(0), addresses.get("sa"));
        remote(server, addresses.get("ca"));
        remote(producer != null ? producer : consumer, addresses.get("ma"));
        return sides;
    }

    private static String traceId(JsonNode n) throws BadRecordException {
        String low = ZipkinV2JsonReader.id(n.get("traceId"), OtlpIds.TRACE_BYTES, "traceId", true);
        JsonNode high = n.get("traceIdHigh");
        if (high == null || high.isNull()) {
            return low;
        }
        String h = ZipkinV2JsonReader.id(high, OtlpIds.SPAN_BYTES, "traceIdHigh", false);
        return h.isEmpty() ? low : h + low.substring(16);
    }

    private static ZipkinV2JsonReader.Span side(Map<String, V1Annotation> core, String begin, String end, SpanKind kind,
                                                long line, String pointer, String excerpt) {
        V1Annotation b = core.get(begin);
        V1Annotation e = end == null ? null : core.get(end);
        if (b == null && e == null) {
            return null;
        }
        ZipkinV2JsonReader.Span s = new ZipkinV2JsonReader.Span(line, pointer, excerpt);
        s.kind = kind;
        Endpoint ep = b != null ? b.endpoint : e.endpoint;
        s.service = ep.service;
        s.timestamp = b != null ? b.timestamp : e.timestamp;
        s.endUs = e != null && e.timestamp >= s.timestamp ? e.timestamp : 0;
        return s;
    }

    private static ZipkinV2JsonReader.Span bySide(List<ZipkinV2JsonReader.Span> sides, String service) {
        if (service != null) {
            for (ZipkinV2JsonReader.Span s : sides) {
                if (service.equals(s.service)) {
                    return s;
                }
            }
        }
        return sides.get(0);
    }

    private static void remote(ZipkinV2JsonReader.Span s, Endpoint ep) {
        if (s == null || ep == null) {
            return;
        }
        if (ep.service != null && s.remoteService == null) {
            s.remoteService = ep.service;
        }
        if (ep.address != null) {
            s.remoteAddress = ep.address;
        }
        if (ep.port > 0) {
            s.remotePort = ep.port;
        }
    }

    private static String localService(List<V1Annotation> annotations, List<Object[]> tags) {
        for (Object[] t : tags) {
            if ("lc".equals(t[0]) && ((Endpoint) t[2]).service != null) {
                return ((Endpoint) t[2]).service;
            }
        }
        for (V1Annotation a : annotations) {
            if (a.endpoint.service != null) {
                return a.endpoint.service;
            }
        }
        for (Object[] t : tags) {
            if (((Endpoint) t[2]).service != null) {
                return ((Endpoint) t[2]).service;
            }
        }
        return null;
    }

    private static List<V1Annotation> annotations(JsonNode list) throws BadRecordException {
        List<V1Annotation> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new BadRecordException("annotations must be an array, found " + Tokens.describe(list));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String at = "annotations/" + i;
            if (!a.isObject()) {
                throw new BadRecordException(at + ": expected an annotation object, found " + Tokens.describe(a));
            }
            long ts = ZipkinV2JsonReader.micros(a.get("timestamp"), at + "/timestamp");
            if (ts <= 0) {
                throw new BadRecordException(at + " has no timestamp");
            }
            out.add(new V1Annotation(ts, ZipkinV2JsonReader.string(a.get("value"), at + "/value"),
                    endpoint(a.get("endpoint"), at + "/endpoint")));
        }
        return out;
    }

    /** Tags as {key, value, endpoint}; the address annotations go to {@code addresses} by key. */
    private static List<Object[]> binaryAnnotations(JsonNode list, Map<String, Endpoint> addresses)
            throws BadRecordException {
        List<Object[]> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new BadRecordException("binaryAnnotations must be an array, found " + Tokens.describe(list));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode b = list.get(i);
            String at = "binaryAnnotations/" + i;
            if (!b.isObject()) {
                throw new BadRecordException(at + ": expected a binary annotation object, found " + Tokens.describe(b));
            }
            String key = ZipkinV2JsonReader.string(b.get("key"), at + "/key");
            if (key.isEmpty()) {
                throw new BadRecordException(at + " has no key");
            }
            JsonNode v = b.get("value");
            if (v != null && v.isContainerNode()) {
                throw new BadRecordException(at + "/value must be a string, number or boolean, found "
                        + Tokens.describe(v));
            }
            Endpoint ep = endpoint(b.get("endpoint"), at + "/endpoint");
            boolean address = key.equals("ca") || key.equals("sa") || key.equals("ma");
            if (address && v != null && (v.asBoolean(false) || "1".equals(v.asText()))) {
                addresses.putIfAbsent(key, ep);
            } else {
                out.add(new Object[] {key, v == null || v.isNull() ? "" : v.asText(), ep});
            }
        }
        return out;
    }

    private static Endpoint endpoint(JsonNode e, String at) throws BadRecordException {
        if (e == null || e.isNull()) {
            return Endpoint.NONE;
        }
        if (!e.isObject()) {
            throw new BadRecordException(at + " must be an object, found " + Tokens.describe(e));
        }
        String svc = ZipkinV2JsonReader.string(e.get("serviceName"), at + "/serviceName");
        String ip = ZipkinV2JsonReader.string(e.get("ipv4"), at + "/ipv4");
        if (ip.isEmpty()) {
            ip = ZipkinV2JsonReader.string(e.get("ipv6"), at + "/ipv6");
        }
        int port = 0;
        JsonNode pn = e.get("port");
        if (pn != null && !pn.isNull()) {
            // v1 writes ports as signed shorts: -1 is 65535.
            if (!pn.isIntegralNumber() || pn.asInt() < -32768 || pn.asInt() > 65535) {
                throw new BadRecordException(at + "/port must be a port number, found " + Tokens.describe(pn));
            }
            port = pn.asInt() < 0 ? pn.asInt() + 65536 : pn.asInt();
        }
        return new Endpoint(svc.isEmpty() ? null : svc, ip.isEmpty() ? null : ip, port);
    }
}
