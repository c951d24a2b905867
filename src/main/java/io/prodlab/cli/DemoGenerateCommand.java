package io.prodlab.cli;

import io.prodlab.demo.DemoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a deterministic synthetic dataset (OTLP/JSON lines, Jaeger JSON or Zipkin v2 JSON) with "
                + "its ground truth into DIR.",
                "The same --spans, --seed and --format always give the same bytes; the three formats hold the same "
                        + "traces (Jaeger and Zipkin in whole microseconds; Zipkin without resource, scope or links)."})
final class DemoGenerateCommand implements Callable<Integer> {
    private static final DemoGenerator.Options DEFAULTS = DemoGenerator.Options.defaults();

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--spans", paramLabel = "N", description = "About how many spans to write (default: the demo set's size).")
    Long spans;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the demo set's).")
    Long seed;

    @Option(names = "--spans-per-line", paramLabel = "K", description = "Spans per OTLP request line.")
    Integer spansPerLine;

    @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write traces.otlp.jsonl.gz (default) or, with --no-gzip, plain traces.otlp.jsonl "
                    + "(traces.jaeger.json, traces.zipkin.json for the other formats).")
    boolean gzip;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "otlp",
            description = "otlp (OTLP/JSON lines, default), jaeger (the Jaeger UI's download) or zipkin (Zipkin v2 "
                    + "JSON, client and server sharing an id).")
    String format;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to write into (created if needed).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((spans != null && spans < 1) || (spansPerLine != null && spansPerLine < 1)) {
            throw new BadInputException("--spans and --spans-per-line must be at least 1.");
        }
        DemoGenerator.Format chosen = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "otlp" -> DemoGenerator.Format.OTLP;
            case "jaeger" -> DemoGenerator.Format.JAEGER;
            case "zipkin" -> DemoGenerator.Format.ZIPKIN;
            default -> throw new BadInputException("--format: expected otlp, jaeger or zipkin, found '" + format + "'.");
        };
        DemoGenerator.Options o = DEFAULTS.withGzip(gzip).withFormat(chosen);
        if (spans != null) {
            o = o.withSpans(spans);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (spansPerLine != null) {
            o = o.withSpansPerLine(spansPerLine);
        }
        DemoGenerator.Result r = new DemoGenerator().generate(dir, o);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + r.spans() + " spans in " + r.traces() + " traces:");
        r.files().forEach(f -> out.println("  " + f));
        out.flush();
        return ExitCode.OK;
    }
}
