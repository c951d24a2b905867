package io.prodlab.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.prodlab.demo.DemoGenerator;
import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures an import (OTLP/JSON lines, Jaeger JSON or Prometheus text, {@link Format}) against two
 * baselines on the same bytes: (a) only tokenizing the file (Jackson for JSON, a byte-level
 * tokenizer for the text format) — the floor for any Java importer — and (b) DuckDB's own reader
 * ({@code read_json} plus {@code unnest}, or {@code read_csv}) into a table like ours — what a
 * DuckDB user would do instead. Each measurement runs in a fresh JVM so that its peak heap, peak RSS
 * (VmHWM) and CPU time are its own; an import also reports the CPU time of each of its threads.
 */
public final class ImportBenchmark {
    /** The phases, in the order they run within one round. */
    public enum Phase {
        TOKENIZE("(a) tokenize only"),
        IMPORT("Prodlab import"),
        DUCKDB("(b) DuckDB's own reader");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    /**
     * @param file an existing OTLP/JSON-lines file to use, or null to generate one into {@code dir}
     * @param childXmx heap limit of each measured JVM ({@code 512m}), or null for the JVM default
     */
    public record Options(long spans, int spansPerLine, Path file, Path dir, int runs, int duckdbRuns,
                          String childXmx, int chunkBytes, long seed, int attributes, Format format) {
    }

    /** The file's format: what is generated, how (a) tokenizes and how (b) reads it. */
    public enum Format {
        /** OTLP/JSON lines ({@link BenchDataWriter}); (b) is {@code read_json} + {@code unnest}. */
        OTLP,
        /** Jaeger UI JSON, one document ({@code demo generate --format jaeger}); (b) is {@code read_json} + {@code unnest}. */
        JAEGER,
        /** Prometheus text exposition, one series a sample; (a) is a byte-level line tokenizer, (b) {@code read_csv}. */
        PROMETHEUS
    }

    /** One phase of one run. */
    public record Measurement(Phase phase, int run, double seconds, double cpuSeconds, long heapMaxBytes,
                              long rssPeakBytes, long rows) {
    }

    /** Everything measured, with medians per phase. */
    public record Report(Path file, long bytes, long spans, int runs, String childXmx, List<Measurement> measurements) {
        public Measurement median(Phase phase) {
            List<Measurement> m = measurements.stream().filter(x -> x.phase == phase)
                    .sorted(Comparator.comparingDouble(Measurement::seconds)).toList();
            return m.get(m.size() / 2);
        }

        private long max(Phase phase, java.util.function.ToLongFunction<Measurement> f) {
            return measurements.stream().filter(x -> x.phase == phase).mapToLong(f).max().orElse(0);
        }

        /** A plain-text table of medians and the two ratios. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            double mb = bytes / 1e6;
            sb.append(String.format(Locale.ROOT, "file: %s (%.1f MB, %,d records imported)%n", file, mb, spans));
            sb.append(String.format(Locale.ROOT, "runs: %d per phase (%d of (b)), medians; each in a fresh JVM%s%n",
                    runs, measurements.stream().filter(m -> m.phase == Phase.DUCKDB).count(),
                    childXmx == null ? "" : " with -Xmx" + childXmx));
            sb.append(String.format(Locale.ROOT, "%-30s %9s %9s %12s %8s %14s %14s%n", "phase", "median s", "CPU s",
                    "records/s", "MB/s", "max heap MB", "max RSS MB"));
            for (Phase p : Phase.values()) {
                if (measurements.stream().noneMatch(x -> x.phase == p)) {
                    continue;
                }
                Measurement m = median(p);
                sb.append(String.format(Locale.ROOT, "%-30s %9.2f %9.2f %,12.0f %8.1f %14.0f %14.0f%n", p.label,
                        m.seconds, m.cpuSeconds, spans / m.seconds, mb / m.seconds, max(p, Measurement::heapMaxBytes) / 1e6,
                        max(p, Measurement::rssPeakBytes) / 1e6));
            }
            double imp = median(Phase.IMPORT).seconds;
            sb.append(String.format(Locale.ROOT, "import / (a) = %.2fx", imp / median(Phase.TOKENIZE).seconds));
            if (measurements.stream().anyMatch(x -> x.phase == Phase.DUCKDB)) {
                sb.append(String.format(Locale.ROOT, "   (b) / import = %.2fx", median(Phase.DUCKDB).seconds / imp));
            }
            sb.append(System.lineSeparator());
            sb.append("all runs (s): ");
            for (Phase p : Phase.values()) {
                sb.append(p.name().toLowerCase(Locale.ROOT)).append(' ');
                for (Measurement m : measurements) {
                    if (m.phase == p) {
                        sb.append(String.format(Locale.ROOT, "%.2f ", m.seconds));
                    }
                }
            }
            return sb.append(System.lineSeparator()).toString();
        }
    }

    /** Generates the file if needed, then runs every phase {@code runs} times. */
    public Report run(Options o, PrintStream log) throws IOException, InterruptedException {
        Files.createDirectories(o.dir());
        Path file = o.file();
        if (file == null) {
            file = switch (o.format()) {
                case OTLP -> o.dir().resolve("otlp-bench-" + o.spans() + "x" + o.spansPerLine() + "-seed" + o.seed()
                        + (o.attributes() == BenchDataWriter.MAX_ATTRIBUTES ? "" : "-attrs" + o.attributes()) + ".jsonl");
                case JAEGER -> o.dir().resolve("jaeger-bench-" + o.spans() + "-seed" + o.seed())
                        .resolve(DemoGenerator.Format.JAEGER.fileName(false));
                case PROMETHEUS -> o.dir().resolve("prometheus-bench-" + o.spans() + "-seed" + o.seed() + ".txt");
            };
            if (!Files.isRegularFile(file)) {
                log.printf("generating %s ...%n", file);
                long t0 = System.nanoTime();
                switch (o.format()) {
                    case OTLP -> new BenchDataWriter(o.seed(), o.attributes()).write(file, o.spans(), o.spansPerLine());
                    case JAEGER -> new DemoGenerator().generate(file.getParent(), DemoGenerator.Options.defaults()
                            .withSpans(o.spans()).withSeed(o.seed()).withGzip(false)
                            .withFormat(DemoGenerator.Format.JAEGER));
                    case PROMETHEUS -> new BenchDataWriter(o.seed()).writePrometheus(file, o.spans());
                }
                log.printf(Locale.ROOT, "generated %.1f MB in %.1f s%n", Files.size(file) / 1e6,
                        (System.nanoTime() - t0) / 1e9);
            } else {
                log.printf("reusing %s%n", file);
            }
        }
        long bytes = Files.size(file);
        long spans = o.file() == null && o.format() == Format.OTLP ? o.spans() : -1;
        List<Measurement> all = new ArrayList<>();
        Path work = Files.createTempDirectory(o.dir(), "run-");
        try {
            for (int run = 1; run <= o.runs(); run++) {
                for (Phase phase : Phase.values()) {
                    if (phase == Phase.DUCKDB && run > o.duckdbRuns()) {
                        continue;
                    }
                    clean(work);
                    Measurement m = measureInChild(phase, run, file, work, o);
                    log.printf(Locale.ROOT, "run %d %-30s %7.2f s  CPU %6.2f s  heap %5.0f MB  RSS %5.0f MB  rows %,d%n",
                            run, phase.label, m.seconds, m.cpuSeconds, m.heapMaxBytes / 1e6, m.rssPeakBytes / 1e6,
                            m.rows);
                    all.add(m);
                    if (phase == Phase.IMPORT) {
                        if (spans >= 0 && m.rows != spans) {
                            throw new IllegalStateException("the import stored " + m.rows + " spans, expected " + spans);
                        }
                        spans = m.rows;
                    }
                }
            }
        } finally {
            clean(work);
            Files.deleteIfExists(work);
        }
        return new Report(file, bytes, spans, o.runs(), o.childXmx(), all);
    }

    private static void clean(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Measurement measureInChild(Phase phase, int run, Path file, Path work, Options o)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (o.childXmx() != null) {
            cmd.add("-Xmx" + o.childXmx());
        }
        // Tuning knobs given to this JVM (-Dprodlab.import.lineParsers=0) go to the measured one too.
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("prodlab.import.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ImportBenchmark.class.getName());
        cmd.add(phase.name());
        cmd.add(file.toString());
        cmd.add(work.toString());
        cmd.add(Integer.toString(o.chunkBytes()));
        cmd.add(o.format().name());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (line.startsWith("CPU ")) {
                    System.err.println("    " + line);
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            throw new IOException("measuring " + phase + " failed (exit " + exit + "):\n" + output);
        }
        String[] f = result.split(" ");
        return new Measurement(phase, run, Double.parseDouble(f[1]), Double.parseDouble(f[5]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]));
    }

    /**
     * Child entry point: {@code PHASE FILE WORKDIR CHUNK_BYTES}; prints
     * {@code RESULT seconds heapMaxBytes vmHwmBytes rows cpuSeconds} (the process's CPU time, every thread
     * and DuckDB's included, JVM start excluded).
     */
    public static void main(String[] args) throws Exception {
        Phase phase = Phase.valueOf(args[0]);
        Path file = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int chunkBytes = Integer.parseInt(args[3]);
        Format format = args.length > 4 ? Format.valueOf(args[4]) : Format.OTLP;
        AtomicLong heapMax = new AtomicLong();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ThreadCpu threadCpu = new ThreadCpu();
        Thread sampler = new Thread(() -> {
            int tick = 0;
            while (!Thread.currentThread().isInterrupted()) {
                heapMax.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                if (++tick % 20 == 0) {
                    threadCpu.sample();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        long rows = switch (phase) {
            case TOKENIZE -> format == Format.PROMETHEUS ? tokenizeText(file) : tokenize(file);
            case IMPORT -> importFile(file, work, chunkBytes, format);
            case DUCKDB -> switch (format) {
                case OTLP -> duckdbReadJson(file, work);
                case JAEGER -> duckdbReadJaeger(file, work);
                case PROMETHEUS -> duckdbReadCsv(file, work);
            };
        };
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        sampler.interrupt();
        sampler.join();
        threadCpu.sample();
        threadCpu.print(System.out, cpuSeconds);
        heapMax.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        System.out.printf(Locale.ROOT, "RESULT %.4f %d %d %d %.4f%n", seconds, heapMax.get(), vmHwmBytes(), rows,
                cpuSeconds);
    }

    /** Baseline (a): every token of the file, no other work. */
    static long tokenize(Path file) throws IOException {
        JsonFactory f = new JsonFactory();
        long tokens = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = f.createParser(in)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /**
     * Baseline (a) for Prometheus text: every token of every line found (metric name, each label
     * name and quoted value, escapes stepped over, the value and the timestamp), comments skipped,
     * nothing converted: the floor for a reader of the text format.
     */
    static long tokenizeText(Path file) throws IOException {
        long tokens = 0;
        byte[] buf = new byte[1 << 16];
        boolean lineStart = true;
        boolean comment = false;
        boolean inQuotes = false;
        boolean escaped = false;
        boolean inToken = false;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        lineStart = true;
                        comment = false;
                        inQuotes = false;
                        inToken = false;
                        continue;
                    }
                    if (lineStart) {
                        lineStart = false;
                        comment = b == '#';
                    }
                    if (comment) {
                        continue;
                    }
                    if (inQuotes) {
                        if (escaped) {
                            escaped = false;
                        } else if (b == '\\') {
                            escaped = true;
                        } else if (b == '"') {
                            inQuotes = false;
                        }
                        continue;
                    }
                    if (b == '"') {
                        inQuotes = true;
                        tokens++;
                        inToken = false;
                    } else if (b == ' ' || b == '{' || b == '}' || b == ',' || b == '=') {
                        inToken = false;
                    } else if (!inToken) {
                        inToken = true;
                        tokens++;
                    }
                }
            }
        }
        return tokens;
    }

    private static long importFile(Path file, Path work, int chunkBytes, Format format) throws Exception {
        try (Workspace ws = Workspace.openOrCreate(work.resolve("bench.prodlab"))) {
            List<FileImportResult> r = new ImportService(chunkBytes).importPaths(ws, List.of(file),
                    ImportListener.NONE, () -> false);
            if (r.get(0).status() != FileImportResult.Status.IMPORTED) {
                throw new IllegalStateException(r.get(0).message());
            }
            return format == Format.PROMETHEUS ? r.get(0).metricPoints() : ws.spanCount();
        }
    }

    /** Baseline (b) for Jaeger JSON: DuckDB reads the one document and unnests traces and spans. */
    private static long duckdbReadJaeger(Path file, Path work) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("readjson.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("""
                    create table spans as
                    with t as (select unnest(data) as tr from read_json('%s', maximum_object_size = %d)),
                         s as (select unnest(tr.spans) as s from t)
                    select s.traceID as trace_id, s.spanID as span_id, s.operationName as name,
                           s.startTime * 1000 as start_ns, s.duration * 1000 as duration_ns,
                           to_json(s.tags) as attributes, to_json(s."references") as refs, s.processID as process_id
                    from s
                    """.formatted(file.toString().replace("'", "''"), Files.size(file) + 1));
            return count(st, "spans");
        }
    }

    /**
     * Baseline (b) for Prometheus text: DuckDB's CSV reader splits each sample line at its spaces
     * (series, value, timestamp; the generated labels have no spaces), comments skipped, and the
     * metric name is cut from the series.
     */
    private static long duckdbReadCsv(Path file, Path work) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("readcsv.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("""
                    create table points as
                    select split_part(series, '{', 1) as name, series, value, ts * 1000000 as time_ns
                    from read_csv('%s', delim = ' ', header = false, comment = '#', auto_detect = false,
                                  columns = {'series': 'varchar', 'value': 'double', 'ts': 'bigint'})
                    """.formatted(file.toString().replace("'", "''")));
            return count(st, "points");
        }
    }

    private static long count(Statement st, String table) throws Exception {
        try (ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Baseline (b): DuckDB reads and unnests the OTLP structure itself. */
    private static long duckdbReadJson(Path file, Path work) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("readjson.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("""
                    create table spans as
                    with r as (select unnest(resourceSpans) as rs
                               from read_json('%s', format = 'newline_delimited', maximum_object_size = 1073741824)),
                         ss as (select rs.resource as resource, unnest(rs.scopeSpans) as ss from r),
                         sp as (select resource, ss.scope as scope, unnest(ss.spans) as s from ss)
                    select s.traceId as trace_id, s.spanId as span_id, coalesce(s.parentSpanId, '') as parent_span_id,
                           list_filter(resource.attributes, lambda a: a.key = 'service.name')[1].value.stringValue
                               as service_name,
                           s.name as name, s.kind as kind,
                           s.startTimeUnixNano::bigint as start_ns, s.endTimeUnixNano::bigint as end_ns,
                           s.endTimeUnixNano::bigint - s.startTimeUnixNano::bigint as duration_ns,
                           coalesce(s.status.code, 0) as status, to_json(s.attributes) as attributes,
                           to_json(resource.attributes) as resource, scope.name as scope_name
                    from sp
                    """.formatted(file.toString().replace("'", "''")));
            try (ResultSet rs = st.executeQuery("select count(*) from spans")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * CPU time per Java thread, sampled every 100 ms (a thread that ends loses at most that much),
     * summed by name with the trailing number dropped: which thread bounds the import on a machine
     * whose other load makes wall time noisy. What the Java threads do not account for is DuckDB's
     * native threads, the garbage collector and the JIT.
     */
    static final class ThreadCpu {
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final java.util.Map<Long, Long> byId = new java.util.HashMap<>();
        private final java.util.Map<Long, String> names = new java.util.HashMap<>();

        synchronized void sample() {
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(t.getThreadId());
                if (cpu > 0) {
                    byId.put(t.getThreadId(), cpu);
                    names.put(t.getThreadId(), t.getThreadName().replaceAll("-?[0-9]+$", ""));
                }
            }
        }

        synchronized void print(PrintStream out, double processCpuSeconds) {
            java.util.Map<String, Long> byName = new java.util.TreeMap<>();
            long sum = 0;
            for (var e : byId.entrySet()) {
                byName.merge(names.get(e.getKey()), e.getValue(), Long::sum);
                sum += e.getValue();
            }
            for (var e : byName.entrySet()) {
                if (e.getValue() >= 50_000_000L) {
                    out.printf(Locale.ROOT, "CPU %-32s %7.2f s%n", e.getKey(), e.getValue() / 1e9);
                }
            }
            out.printf(Locale.ROOT, "CPU %-32s %7.2f s%n", "(not Java threads: DuckDB, GC, JIT)",
                    processCpuSeconds - sum / 1e9);
        }
    }

    /** CPU time of the whole process so far (every thread, native ones too). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Peak resident set size of this process (Linux; 0 elsewhere). */
    static long vmHwmBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
