package io.prodlab.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the demo dataset: OTLP/JSON trace exports of a simulated shop with planted effects, and a
 * ground-truth file naming each effect (see docs/sample-data.md).
 *
 * <p>Deterministic: the same options give byte-identical files on every run and platform — randomness
 * comes only from {@link SplittableRandom} streams seeded by {@link Options#seed()}, floating point goes
 * through {@link StrictMath}, nothing reads the clock or iterates a hash map. Memory does not grow with
 * {@link Options#spans()}: traces are simulated one at a time and streamed out line by line.
 *
 * <p>Thread-safe: each call works on its own state.
 */
public final class DemoGenerator {

    /** Name of the traces file when not compressed. */
    public static final String TRACES_FILE = "traces.otlp.jsonl";
    /** Name of the traces file when gzip-compressed. */
    public static final String TRACES_FILE_GZIP = "traces.otlp.jsonl.gz";
    /** The export formats the traces can be written in: the same logical traces in each. */
    public enum Format {
        /** OTLP/JSON lines, the collector's file exporter (the default). */
        OTLP("traces.otlp.jsonl"),
        /** The Jaeger UI's download: {@code {"data": [trace, ...]}}. */
        JAEGER("traces.jaeger.json"),
        /** Zipkin v2 JSON: one array of spans, client and server sharing an id. */
        ZIPKIN("traces.zipkin.json");

        private final String fileName;

        Format(String fileName) {
            this.fileName = fileName;
        }

        /** The traces file's name, with {@code .gz} when compressed. */
        public String fileName(boolean gzip) {
            return gzip ? fileName + ".gz" : fileName;
        }
    }

    /** Name of the ground-truth file. */
    public static final String GROUND_TRUTH_FILE = "ground-truth.json";

    private static final int PILOT_REQUESTS = 1000;
    private static final int PROGRESS_EVERY_TRACES = 512;

    /**
     * What to generate.
     *
     * @param spans        how many spans to write; generation stops after the first whole request that
     *                     reaches it, so the count is at least this and less than this plus one request's
     *                     spans (its trace and the e-mail trace a placed order triggers)
     * @param seed         seed of every random choice; the same seed and counts give the same bytes
     * @param spansPerLine spans per OTLP/JSON line (one collector export request); at least 1
     * @param gzip         write {@code traces.otlp.jsonl.gz} instead of {@code traces.otlp.jsonl}
     * @param format       the export format; Jaeger and Zipkin count time in microseconds (rounded down),
     *                     Zipkin carries no resource attributes but the service name, no scope and no links
     */
    public record Options(long spans, long seed, int spansPerLine, boolean gzip, Format format) {

        public Options {
            if (spans < 1) {
                throw new IllegalArgumentException("spans must be at least 1, was " + spans);
            }
            if (spansPerLine < 1) {
                throw new IllegalArgumentException("spansPerLine must be at least 1, was " + spansPerLine);
            }
            if (format == null) {
                throw new IllegalArgumentException("format must be given");
            }
        }

        /** OTLP/JSON lines. */
        public Options(long spans, long seed, int spansPerLine, boolean gzip) {
            this(spans, seed, spansPerLine, gzip, Format.OTLP);
        }

        /** Uncompressed output. */
        public Options(long spans, long seed, int spansPerLine) {
            this(spans, seed, spansPerLine, false, Format.OTLP);
        }

        /**
         * The committed demo set in sample-data/: 50,000 spans, seed 42, 500 spans per line, gzip-compressed
         * (about 3 MB; uncompressed about 39 MB). Fewer spans would give the canary too few calls (about 50
         * here) to show its error-rate increase.
         */
        public static Options defaults() {
            return new Options(50_000, 42, 500, true);
        }

        public Options withSpans(long n) {
            return new Options(n, seed, spansPerLine, gzip, format);
        }

        public Options withSeed(long s) {
            return new Options(spans, s, spansPerLine, gzip, format);
        }

        public Options withSpansPerLine(int n) {
            return new Options(spans, seed, n, gzip, format);
        }

        public Options withFormat(Format f) {
            return new Options(spans, seed, spansPerLine, gzip, f);
        }

        public Options withGzip(boolean compress) {
            return new Options(spans, seed, spansPerLine, compress, format);
        }
    }

    /**
     * @param files  the traces file, then the ground-truth file
     * @param traces traces written, including the asynchronous e-mail traces
     * @param spans  spans written
     */
    public record Result(List<Path> files, long traces, long spans) {
        public Result {
            files = List.copyOf(files);
        }
    }

    /** Writes dir/traces.otlp.jsonl (or .jsonl.gz) and dir/ground-truth.json; creates dir if needed. */
    public Result generate(Path dir, Options options) throws IOException {
        return generate(dir, options, written -> { }, () -> false);
    }

    /**
     * As {@link #generate(Path, Options)}, reporting progress and honouring cancellation. Files are written
     * under temporary names and moved into place at the end, so a failed or cancelled run leaves the
     * previous files as they were. A traces file of another format or compression left by an earlier run
     * is deleted, so the folder never holds two copies of the data.
     *
     * @param progress  called now and then with the number of spans written so far
     * @param cancelled polled while writing; when true (or the thread is interrupted) the run stops
     * @throws InterruptedIOException when cancelled
     */
    public Result generate(Path dir, Options options, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        Files.createDirectories(dir);
        ShopTopology shop = new ShopTopology();
        double spansPerRequest = pilotSpansPerRequest(shop, options.seed());
        double expectedRequests = Math.max(1.0, options.spans() / spansPerRequest);
        double meanGapNs = Scenario.RUN_SECONDS * 1e9 / expectedRequests;
        int users = (int) Math.max(20, Math.min(20_000, Math.round(expectedRequests)));

        String tracesName = options.format().fileName(options.gzip());
        Path traces = dir.resolve(tracesName);
        Path tracesTmp = dir.resolve("." + tracesName + ".tmp");
        Realized realized = new Realized();
        TraceSimulator simulator = new TraceSimulator(shop, options.seed(), users, realized);
        SplittableRandom master = new SplittableRandom(options.seed());
        SplittableRandom arrivals = master.split();
        List<SimSpan> trace = new ArrayList<>(64);
        try {
            try (OutputStream out = open(tracesTmp, options.gzip());
                 SpanWriter writer = writer(out, shop, options)) {
                long t = Scenario.START_NS;
                long requests = 0;
                while (realized.spans < options.spans()) {
                    trace.clear();
                    simulator.simulate(master.split(), t, trace);
                    for (SimSpan s : trace) {
                        writer.add(s);
                        if (s.error) {
                            realized.errorSpans++;
                        }
                        realized.firstStartNs = Math.min(realized.firstStartNs, s.startNs);
                        realized.lastEndNs = Math.max(realized.lastEndNs, s.endNs);
                    }
                    writer.endRequest();
                    realized.spans += trace.size();
                    // Poisson arrivals: exponential gaps.
                    t += (long) (-meanGapNs * StrictMath.log(1.0 - arrivals.nextDouble()));
                    if (++requests % PROGRESS_EVERY_TRACES == 0) {
                        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                            throw new InterruptedIOException("demo generation cancelled");
                        }
                        progress.accept(realized.spans);
                    }
                }
                writer.finish();
                realized.lines = writer.lines();
            }
            Files.move(tracesTmp, traces, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tracesTmp);
        }
        for (Format f : Format.values()) {
            for (boolean z : new boolean[] {false, true}) {
                if (!f.fileName(z).equals(tracesName)) {
                    Files.deleteIfExists(dir.resolve(f.fileName(z)));
                }
            }
        }
        progress.accept(realized.spans);

        Path truth = dir.resolve(GROUND_TRUTH_FILE);
        Path truthTmp = dir.resolve("." + GROUND_TRUTH_FILE + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(truthTmp))) {
                new GroundTruthWriter(shop, options, tracesName, realized, users, meanGapNs).write(out);
            }
            Files.move(truthTmp, truth, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(truthTmp);
        }
        return new Result(List.of(traces, truth), realized.traces(), realized.spans);
    }

    private static SpanWriter writer(OutputStream out, ShopTopology shop, Options options) throws IOException {
        return switch (options.format()) {
            case OTLP -> new OtlpJsonLinesWriter(out, shop.instances(), options.spansPerLine());
            case JAEGER -> new JaegerJsonWriter(out, shop.instances());
            case ZIPKIN -> new ZipkinV2JsonWriter(out);
        };
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        // GZIPOutputStream writes a fixed header (no name, mtime 0), so the bytes depend on the data only.
        return gzip ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
                : new BufferedOutputStream(raw, 1 << 16);
    }

    /**
     * Mean spans per request (with its e-mail trace) from a short simulation on a separate stream, so the
     * arrival rate can be set to spread any number of spans over {@link Scenario#RUN_SECONDS}.
     */
    static double pilotSpansPerRequest(ShopTopology shop, long seed) {
        TraceSimulator pilot = new TraceSimulator(shop, seed, 1000, new Realized());
        SplittableRandom random = new SplittableRandom(Mix.mix64(seed ^ 0x5DEECE66DL));
        List<SimSpan> sink = new ArrayList<>(64);
        long spans = 0;
        for (int i = 0; i < PILOT_REQUESTS; i++) {
            sink.clear();
            pilot.simulate(random.split(), Scenario.START_NS, sink);
            spans += sink.size();
        }
        return (double) spans / PILOT_REQUESTS;
    }
}
