package io.prodlab.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL statement against a workspace (tables: spans, span_events, span_links, "
                + "logs, metric_points, annotations, exposures, imports, rejected, experiments, "
                + "experiment_deviations, experiment_looks, schema_version).",
                "The workspace is opened read-only and the statement cannot reach any other file: a statement that "
                        + "writes, or reads or writes a file, is refused (exit 3). Rows are streamed as they come.",
                "Works while the desktop app has the workspace open; refused while an import writes it."})
final class QueryCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    /** The table format aligns its columns on the first rows; later rows keep those widths. */
    static final int TABLE_SAMPLE_ROWS = 1000;

    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(index = "0", paramLabel = "SQL", description = "One SQL statement.")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = Workspace.openReadOnlyStreaming(ws.workspace)) {
            SqlConsole.RowSink sink = switch (format) {
                case csv -> new CsvSink(out);
                case json -> new JsonSink(out);
                case table -> new TableSink(out);
            };
            new SqlConsole(workspace).run(sql, sink);
            if (sink instanceof Finishing f) {
                f.finish();
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** A sink with something to write after the last row. */
    private interface Finishing {
        void finish() throws IOException;
    }

    private static final class CsvSink implements SqlConsole.RowSink {
        private final PrintWriter out;

        CsvSink(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names) {
            if (!names.isEmpty()) {
                out.println(csvLine(names));
            }
        }

        @Override
        public void row(Object[] values) {
            out.println(csvLine(Arrays.asList(values)));
        }
    }

    private static final class JsonSink implements SqlConsole.RowSink, Finishing {
        private final JsonGenerator g;
        private final PrintWriter out;

        JsonSink(PrintWriter out) throws IOException {
            this.g = Json.generator(out);
            this.out = out;
        }

        @Override
        public void columns(List<String> names) throws IOException {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
        }

        @Override
        public void row(Object[] values) throws IOException {
            g.writeStartArray();
            for (Object v : values) {
                g.writeObject(jsonValue(v));
            }
            g.writeEndArray();
        }

        @Override
        public void finish() throws IOException {
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            Json.endDocument(g, out);
        }
    }

    private static final class TableSink implements SqlConsole.RowSink, Finishing {
        private final PrintWriter out;
        private TextTable table;
        private boolean printed;

        TableSink(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names) {
            table = names.isEmpty() ? null : new TextTable(names);
        }

        @Override
        public void row(Object[] values) {
            if (printed) {
                table.printMore(out, Arrays.asList(values));
                return;
            }
            table.add(Arrays.asList(values));
            if (table.size() == TABLE_SAMPLE_ROWS) {
                table.print(out);
                printed = true;
            }
        }

        @Override
        public void finish() {
            if (table != null && !printed) {
                table.print(out);
            }
        }
    }

    /** Numbers and booleans stay JSON numbers and booleans; everything else is its text. */
    static Object jsonValue(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            return Json.finite(d);
        }
        if (v instanceof Float f) {
            return Json.finite(f);
        }
        return v.toString();
    }

    static String csvLine(List<?> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = cells.get(i);
            String s = v == null ? "" : v.toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
