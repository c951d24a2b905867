package io.prodlab.bench;

import io.prodlab.cli.BadInputException;
import io.prodlab.cli.CommandExtension;
import io.prodlab.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code prodlab bench}: import throughput against the tokenize floor and DuckDB's own reader, on a
 * generated OTLP/JSON-lines, Jaeger JSON or Prometheus text file. Results go to stdout; progress to stderr.
 * Only the benchmark build has it (Maven profile {@code bench}, docs/BENCHMARKS.md); its failures take
 * the CLI's one error path.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure import speed (OTLP/JSON lines, Jaeger JSON, Prometheus text) against two baselines "
                + "on the same generated file.")
public final class BenchCommand implements Callable<Integer>, CommandExtension {
    @Option(names = "--spans", description = "Spans to generate (default: ${DEFAULT-VALUE}).", defaultValue = "1000000")
    long spans;

    @Option(names = "--spans-per-line", description = "Spans per request line (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int spansPerLine;

    @Option(names = "--file", description = "Use this OTLP/JSON-lines file instead of generating one.")
    Path file;

    @Option(names = "--dir", description = "Where the generated file and scratch workspaces go "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "${java.io.tmpdir}/prodlab-bench")
    Path dir;

    @Option(names = "--runs", description = "Repetitions of each measurement; medians are reported "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int runs;

    @Option(names = "--duckdb-runs", description = "Repetitions of baseline (b) only, which is slow "
            + "(default: the same as --runs).")
    Integer duckdbRuns;

    @Option(names = "--xmx", description = "Heap limit of each measured JVM, e.g. 512m (default: the JVM's own).")
    String xmx;

    @Option(names = "--chunk-mb", description = "CSV megabytes per chunk handed from parser to writer "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int chunkMb;

    @Option(names = "--seed", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--attributes", description = "Attributes per generated span, 0-10; 3 gives the lean file of "
            + "about 420 bytes a span (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int attributes;

    @Option(names = "--format", description = "otlp (OTLP/JSON lines), jaeger (Jaeger UI JSON) or prometheus "
            + "(Prometheus text; --spans is then the samples) (default: ${DEFAULT-VALUE}).", defaultValue = "otlp")
    String format;

    @Option(names = "--verbose", description = "Print the stack trace of a failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (spans < 1 || spansPerLine < 1 || runs < 1 || chunkMb < 1 || (duckdbRuns != null && duckdbRuns < 0)
                || attributes < 0 || attributes > BenchDataWriter.MAX_ATTRIBUTES) {
            throw new UsageException("bench: --spans, --spans-per-line, --runs and --chunk-mb must be at least 1, "
                    + "--duckdb-runs at least 0, --attributes 0 to " + BenchDataWriter.MAX_ATTRIBUTES + ".");
        }
        if (file != null && !file.toFile().isFile()) {
            throw new BadInputException("bench: " + file + ": no such file.");
        }
        ImportBenchmark.Format chosen;
        try {
            chosen = ImportBenchmark.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("bench: --format must be otlp, jaeger or prometheus, found '" + format + "'.");
        }
        ImportBenchmark.Report report = new ImportBenchmark().run(new ImportBenchmark.Options(spans, spansPerLine,
                file, dir, runs, duckdbRuns == null ? runs : duckdbRuns, xmx, chunkMb << 20, seed, attributes, chosen), System.err);
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
