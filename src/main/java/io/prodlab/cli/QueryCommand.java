package io.prodlab.cli;

import io.prodlab.store.QueryResult;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run read-only SQL against a workspace (tables: spans, span_events, span_links, imports, "
                + "rejected, schema_version).", "The workspace is opened read-only: a statement that writes is refused."})
final class QueryCommand implements Callable<Integer> {
    enum Format { table, csv, json }

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
        QueryResult result;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            result = workspace.query(sql, Integer.MAX_VALUE - 8);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> {
                List<List<Object>> rows = new ArrayList<>(result.rows().size());
                for (List<Object> r : result.rows()) {
                    List<Object> row = new ArrayList<>(r.size());
                    for (Object v : r) {
                        row.add(jsonValue(v));
                    }
                    rows.add(row);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("columns", result.columns());
                doc.put("rows", rows);
                Json.write(out, doc);
            }
            case csv -> {
                out.println(csvLine(result.columns()));
                for (List<Object> r : result.rows()) {
                    out.println(csvLine(r));
                }
                out.flush();
            }
            case table -> {
                TextTable t = new TextTable(result.columns());
                result.rows().forEach(t::add);
                t.print(out);
            }
        }
        return ExitCode.OK;
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
