package io.prodlab.demo;

import java.nio.file.Path;

/**
 * Runs the generator outside the CLI: {@code DemoMain DIR [SPANS [SEED [SPANS_PER_LINE [gzip]]]]}, defaults
 * from {@link DemoGenerator.Options#defaults()}. Used by the bounded-memory test (in a small-heap JVM) and
 * to write sample-data/ before the CLI exists.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        DemoGenerator.Options o = DemoGenerator.Options.defaults();
        if (args.length > 1) {
            o = o.withSpans(Long.parseLong(args[1]));
        }
        if (args.length > 2) {
            o = o.withSeed(Long.parseLong(args[2]));
        }
        if (args.length > 3) {
            o = o.withSpansPerLine(Integer.parseInt(args[3]));
        }
        if (args.length > 4) {
            o = o.withGzip(Boolean.parseBoolean(args[4]));
        }
        long t0 = System.nanoTime();
        DemoGenerator.Result r = new DemoGenerator().generate(Path.of(args[0]), o);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(r.files() + " traces=" + r.traces() + " spans=" + r.spans() + " in " + ms + " ms");
    }
}
