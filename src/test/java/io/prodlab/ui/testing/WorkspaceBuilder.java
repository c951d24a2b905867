package io.prodlab.ui.testing;

import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds workspace content without the importer:
 * {@code aWorkspace().service("cart", 20, 1, 5, 80).writeTo(path)} gives service {@code cart} 20
 * server spans (one an error) with durations spread evenly from 5 to 80 ms, each with one client
 * span below it.
 */
public final class WorkspaceBuilder {
    private static final long T0 = 1_760_000_000_000_000_000L;

    private record ServiceSpec(String name, int requests, int errors, double minMs, double maxMs,
                               List<String> operations) {
    }

    private final List<ServiceSpec> services = new ArrayList<>();
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private final List<io.prodlab.model.Annotation> annotations = new ArrayList<>();
    private String file = "/data/exports/traces.json";

    public static WorkspaceBuilder aWorkspace() {
        return new WorkspaceBuilder();
    }

    public WorkspaceBuilder service(String name, int requests, int errors, double minMs, double maxMs) {
        services.add(new ServiceSpec(name, requests, errors, minMs, maxMs, List.of("GET /")));
        return this;
    }

    /** Names the last service's server spans by turns from {@code names} (request i gets name i mod n). */
    public WorkspaceBuilder operations(String... names) {
        ServiceSpec last = services.remove(services.size() - 1);
        services.add(new ServiceSpec(last.name(), last.requests(), last.errors(), last.minMs(), last.maxMs(),
                List.of(names)));
        return this;
    }

    /** An annotation (a fault window, a deploy) at seconds after T0; {@code toS} null for an open window. */
    public WorkspaceBuilder annotation(String kind, String name, double fromS, Double toS, String target) {
        annotations.add(new io.prodlab.model.Annotation(kind, name, T0 + Math.round(fromS * 1e9),
                toS == null ? null : T0 + Math.round(toS * 1e9), target, "{}"));
        return this;
    }

    public WorkspaceBuilder rejecting(String location, String reason, String excerpt) {
        rejected.add(new RejectedRecord(location, reason, excerpt));
        return this;
    }

    public WorkspaceBuilder fromFile(String path) {
        this.file = path;
        return this;
    }

    /** Creates the workspace at {@code path} (or adds to it) and closes it. */
    public Path writeTo(Path path) throws WorkspaceException {
        try (Workspace ws = Workspace.openOrCreate(path)) {
            writeInto(ws);
        }
        return path;
    }

    /** Writes everything as one committed import of {@link #fromFile}; returns its import id. */
    public long writeInto(Workspace ws) throws WorkspaceException {
        try (ImportWriter w = ws.beginImport(file, Integer.toHexString(file.hashCode()) + System.nanoTime(),
                "otlp-json", 1000)) {
            long id = 1;
            for (ServiceSpec s : services) {
                for (int i = 0; i < s.requests(); i++) {
                    double ms = s.requests() == 1 ? s.minMs()
                            : s.minMs() + (s.maxMs() - s.minMs()) * i / (s.requests() - 1);
                    long dur = Math.round(ms * 1_000_000);
                    long start = T0 + i * 1_000_000_000L;
                    String trace = String.format(Locale.ROOT, "%032x", id);
                    String server = String.format(Locale.ROOT, "%016x", id++);
                    String client = String.format(Locale.ROOT, "%016x", id++);
                    SpanStatus status = i < s.errors() ? SpanStatus.ERROR : SpanStatus.OK;
                    w.addSpan(span(trace, server, "", s.name(), s.operations().get(i % s.operations().size()),
                            SpanKind.SERVER, start, dur, status));
                    w.addSpan(span(trace, client, server, s.name(), SpanKind.CLIENT, start + 1000, dur / 2,
                            SpanStatus.UNSET));
                }
            }
            for (RejectedRecord r : rejected) {
                w.reject(r);
            }
            if (!annotations.isEmpty()) {
                io.prodlab.store.SpanChunk chunk = new io.prodlab.store.SpanChunk();
                annotations.forEach(chunk::add);
                w.write(chunk);
            }
            w.commit("built by WorkspaceBuilder");
            return w.importId();
        }
    }

    public static SpanRecord span(String traceId, String spanId, String parent, String service, SpanKind kind,
                                  long startNs, long durationNs, SpanStatus status) {
        return span(traceId, spanId, parent, service, "GET /", kind, startNs, durationNs, status);
    }

    public static SpanRecord span(String traceId, String spanId, String parent, String service, String name,
                                  SpanKind kind, long startNs, long durationNs, SpanStatus status) {
        return new SpanRecord(traceId, spanId, parent, service, "1.0", name, kind, startNs, startNs + durationNs,
                status, "", "{}", "{\"service.name\":\"" + service + "\"}", "test", "1", "");
    }
}
