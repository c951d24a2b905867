package io.prodlab.cli;

import io.prodlab.bench.ImportBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code prodlab bench}: import throughput against the Jackson-tokenize floor and DuckDB's own
 * {@code read_json}, on a generated OTLP/JSON-lines file. Results go to stdout; progress to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure OTLP/JSON import speed against two baselines on the same generated file.")
public final class BenchCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        if (spans < 1 || spansPerLine < 1 || runs < 1 || chunkMb < 1 || (duckdbRuns != null && duckdbRuns < 0)) {
            System.err.println("bench: --spans, --spans-per-line, --runs and --chunk-mb must be at least 1.");
            return 2;
        }
        if (file != null && !file.toFile().isFile()) {
            System.err.println("bench: " + file + ": no such file.");
            return 3;
        }
        try {
            ImportBenchmark.Report report = new ImportBenchmark().run(new ImportBenchmark.Options(spans, spansPerLine,
                    file, dir, runs, duckdbRuns == null ? runs : duckdbRuns, xmx, chunkMb << 20, seed), System.err);
            System.out.print(report.table());
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            return 4;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("bench: interrupted");
            return 4;
        }
    }

    /** Runs the command on its own, before the root CLI registers it. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
