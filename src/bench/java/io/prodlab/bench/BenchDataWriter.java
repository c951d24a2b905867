package io.prodlab.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic OTLP/JSON-lines trace export, as the collector's file exporter does: one
 * {@code ExportTraceServiceRequest} per line, one service (resource) per line. Spans look like a
 * small shop's: traces of a server span with client and internal children, ~10 attributes of
 * mixed types each, an occasional exception event and error status. Same seed, same bytes.
 */
public final class BenchDataWriter {
    private static final String[] SERVICES = {"frontend", "cart", "checkout", "payment", "product-catalog",
            "shipping", "email", "recommendation"};
    private static final String[] ROUTES = {"/", "/cart", "/cart/items", "/checkout", "/product/{id}",
            "/api/recommendations", "/api/shipping/quote", "/api/payment/charge"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The most attributes a span gets (the shape of the bench file). */
    public static final int MAX_ATTRIBUTES = 10;

    private final long seed;
    private final int attributes;

    public BenchDataWriter(long seed) {
        this(seed, MAX_ATTRIBUTES);
    }

    /**
     * @param attributes how many of the ten attributes each span gets, in a fixed order (3 gives the
     *                   issue's lean file of about 420 bytes a span; the random draws are the same)
     */
    public BenchDataWriter(long seed, int attributes) {
        if (attributes < 0 || attributes > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes must be 0.." + MAX_ATTRIBUTES);
        }
        this.seed = seed;
        this.attributes = attributes;
    }

    /** Writes {@code spans} spans, {@code spansPerLine} per line, to {@code file}; returns its size in bytes. */
    public long write(Path file, long spans, int spansPerLine) throws IOException {
        if (spans < 0 || spansPerLine < 1) {
            throw new IllegalArgumentException("spans must be >= 0 and spansPerLine >= 1");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            write(out, spans, spansPerLine);
        }
        return Files.size(file);
    }

    /** Writes to a stream (not closed). */
    public void write(OutputStream out, long spans, int spansPerLine) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(1 << 20);
        long written = 0;
        long time = 1_700_000_000_000_000_000L;
        int line = 0;
        while (written < spans) {
            int n = (int) Math.min(spansPerLine, spans - written);
            String service = SERVICES[line % SERVICES.length];
            sb.setLength(0);
            sb.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
            attr(sb, "service.name", service).append(',');
            attr(sb, "service.version", "1." + (line % 3) + ".0").append(',');
            attr(sb, "host.name", service + "-" + (line % 4)).append(',');
            attr(sb, "k8s.namespace.name", "shop").append(',');
            attr(sb, "telemetry.sdk.language", "java");
            sb.append("]},\"scopeSpans\":[{\"scope\":{\"name\":\"io.opentelemetry.http\",\"version\":\"2.1.0\"},\"spans\":[");
            byte[] trace = new byte[16];
            long parent = 0;
            for (int i = 0; i < n; i++) {
                if (i % 5 == 0) {
                    rnd.nextBytes(trace);
                    parent = 0;
                }
                long spanId = rnd.nextLong() | 1L;
                boolean root = parent == 0;
                time += 1 + rnd.nextInt(2_000_000);
                long duration = 100_000 + (long) (rnd.nextDouble() * rnd.nextDouble() * 400_000_000L);
                boolean error = rnd.nextInt(50) == 0;
                String route = ROUTES[rnd.nextInt(ROUTES.length)];
                String method = METHODS[rnd.nextInt(METHODS.length)];
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"traceId\":\"");
                hex(sb, trace);
                sb.append("\",\"spanId\":\"");
                hex(sb, spanId);
                sb.append("\",\"parentSpanId\":\"");
                if (!root) {
                    hex(sb, parent);
                }
                sb.append("\",\"name\":\"").append(method).append(' ').append(route)
                        .append("\",\"kind\":").append(root ? 2 : (i % 5 == 4 ? 1 : 3))
                        .append(",\"startTimeUnixNano\":\"").append(time)
                        .append("\",\"endTimeUnixNano\":\"").append(time + duration).append("\",\"attributes\":[");
                int mark = sb.length();
                attr(sb, "http.request.method", method).append(',');
                attr(sb, "http.route", route).append(',');
                intAttr(sb, "http.response.status_code", error ? 500 : 200).append(',');
                attr(sb, "url.scheme", "https").append(',');
                attr(sb, "server.address", SERVICES[rnd.nextInt(SERVICES.length)] + ".shop.svc").append(',');
                intAttr(sb, "server.port", 8080).append(',');
                attr(sb, "user.id", "u" + rnd.nextInt(100_000)).append(',');
                attr(sb, "cloud.region", REGIONS[rnd.nextInt(REGIONS.length)]).append(',');
                sb.append("{\"key\":\"cart.value\",\"value\":{\"doubleValue\":")
                        .append(Math.round(rnd.nextDouble() * 50_000) / 100.0).append("}},");
                sb.append("{\"key\":\"feature_flag.new_checkout\",\"value\":{\"boolValue\":")
                        .append(rnd.nextBoolean()).append("}}");
                keepAttributes(sb, mark);
                sb.append(']');
                if (error) {
                    sb.append(",\"events\":[{\"timeUnixNano\":\"").append(time + duration / 2)
                            .append("\",\"name\":\"exception\",\"attributes\":[");
                    attr(sb, "exception.type", "java.lang.IllegalStateException").append(',');
                    attr(sb, "exception.message", "payment gateway timed out");
                    sb.append("]}],\"status\":{\"code\":2,\"message\":\"gateway timeout\"}}");
                } else {
                    sb.append(",\"status\":{}}");
                }
                if (root) {
                    parent = spanId;
                }
            }
            sb.append("]}]}]}\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            written += n;
            line++;
        }
    }

    /** Cuts the attributes written since {@code mark} down to the first {@link #attributes}. */
    private void keepAttributes(StringBuilder sb, int mark) {
        if (attributes == MAX_ATTRIBUTES) {
            return;
        }
        int end = mark;
        for (int kept = 0; kept < attributes; kept++) {
            end = sb.indexOf("{\"key\":", end + 1);
            if (end < 0) {
                return;
            }
        }
        // end is the start of the first attribute dropped; drop the comma before it too.
        sb.setLength(attributes == 0 ? mark : end - 1);
    }

    private static StringBuilder attr(StringBuilder sb, String key, String value) {
        return sb.append("{\"key\":\"").append(key).append("\",\"value\":{\"stringValue\":\"").append(value)
                .append("\"}}");
    }

    private static StringBuilder intAttr(StringBuilder sb, String key, long value) {
        return sb.append("{\"key\":\"").append(key).append("\",\"value\":{\"intValue\":\"").append(value)
                .append("\"}}");
    }

    private static void hex(StringBuilder sb, byte[] b) {
        for (byte x : b) {
            sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
        }
    }

    private static void hex(StringBuilder sb, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (v >>> shift) & 0xF]);
        }
    }

    /**
     * Writes a Prometheus text exposition (0.0.4) of {@code samples} samples, each its own series (a
     * large scrape or a federation dump): counters, gauges and a histogram family in turn, with HELP
     * and TYPE lines, labels of the shop's services, millisecond timestamps. Returns the bytes written.
     */
    public long writePrometheus(Path file, long samples) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long ts = 1_700_000_000_000L;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(1 << 16);
            int family = 0;
            while (written < samples) {
                String name;
                switch (family % 3) {
                    case 0 -> {
                        name = "http_server_requests_f" + family + "_total";
                        sb.append("# HELP ").append(name).append(" Requests served, by route and status.\n");
                        sb.append("# TYPE ").append(name).append(" counter\n");
                    }
                    case 1 -> {
                        name = "process_resident_memory_f" + family + "_bytes";
                        sb.append("# HELP ").append(name).append(" Resident memory.\n");
                        sb.append("# TYPE ").append(name).append(" gauge\n");
                    }
                    default -> {
                        name = "http_server_duration_f" + family + "_seconds";
                        sb.append("# HELP ").append(name).append(" Request duration.\n");
                        sb.append("# TYPE ").append(name).append(" histogram\n");
                    }
                }
                // 1,000 series a family; a histogram series is 8 samples (6 buckets, sum, count).
                for (int i = 0; i < 1000 && written < samples; i++) {
                    String labels = "service=\"" + SERVICES[i % SERVICES.length] + "\",instance=\"pod-" + (i / 8)
                            + "\",route=\"" + ROUTES[rnd.nextInt(ROUTES.length)] + "\",code=\""
                            + (rnd.nextInt(50) == 0 ? 500 : 200) + "\"";
                    long t = ts + rnd.nextInt(15_000);
                    if (family % 3 == 2) {
                        long cum = 0;
                        for (String le : new String[] {"0.005", "0.05", "0.25", "1", "5", "+Inf"}) {
                            cum += rnd.nextInt(1000);
                            sb.append(name, 0, name.length() - "_seconds".length()).append("_seconds_bucket{")
                                    .append(labels).append(",le=\"").append(le).append("\"} ").append(cum)
                                    .append(' ').append(t).append('\n');
                        }
                        sb.append(name).append("_sum{").append(labels).append("} ")
                                .append(Math.round(rnd.nextDouble() * cum * 100) / 1000.0).append(' ').append(t)
                                .append('\n');
                        sb.append(name).append("_count{").append(labels).append("} ").append(cum).append(' ')
                                .append(t).append('\n');
                        written += 8;
                    } else {
                        sb.append(name).append('{').append(labels).append("} ")
                                .append(family % 3 == 0 ? Long.toString(rnd.nextLong(1_000_000_000L))
                                        : Double.toString(Math.round(rnd.nextDouble() * 1e9) / 1.0))
                                .append(' ').append(t).append('\n');
                        written++;
                    }
                    if (sb.length() > 1 << 15) {
                        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                        sb.setLength(0);
                    }
                }
                family++;
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return Files.size(file);
    }
}
