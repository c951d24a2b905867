package io.prodlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM, as {@code prodlab ARGS...}, capturing what it prints. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Cli(w -> { }).run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A workspace in {@code dir} holding the bundled demo shop (sample-data/), imported by the CLI. */
    static java.nio.file.Path demoShop(java.nio.file.Path dir) {
        java.nio.file.Path ws = dir.resolve("shop.prodlab");
        CliRun r = of("import", "-w", ws.toString(), "sample-data/traces.otlp.jsonl.gz");
        if (r.exit() != 0) {
            throw new AssertionError("importing the demo shop failed: " + r.err());
        }
        return ws;
    }
}
