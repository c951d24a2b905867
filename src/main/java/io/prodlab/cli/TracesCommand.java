package io.prodlab.cli;

import io.prodlab.model.TraceSummary;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.TraceQuery;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "traces", mixinStandardHelpOptions = true,
        description = {"Search traces: those with a span that matches --where, newest first, with their root "
                + "service and operation, start, duration (ms, first span start to last span end), spans and errors."})
final class TracesCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--where", paramLabel = "FILTER", description = "Traces with a span that matches.")
    String where;

    @Option(names = "--from", paramLabel = "TIME", description = "Traces that start at or after TIME (ISO-8601).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Traces that start before TIME (ISO-8601).")
    String to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N traces "
            + "(default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new BadInputException("--limit must be at least 1.");
        }
        long fromNs = Times.parse("--from", from, Long.MIN_VALUE);
        long toNs = Times.parse("--to", to, Long.MAX_VALUE);
        List<TraceSummary> traces;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            SqlFilter f;
            try {
                f = FilterCompiler.compileOptional(where, "s", FieldCatalog.NONE);
            } catch (FilterSyntaxException e) {
                throw new BadInputException("--where: " + e.getMessage());
            }
            traces = new TraceQuery(workspace).search(f.sql(), f.params(), fromNs, toNs, limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (TraceSummary t : traces) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("trace_id", t.traceId());
                m.put("root_service", t.rootService());
                m.put("root_name", t.rootName());
                m.put("start", Times.format(t.startNs()));
                m.put("duration_ms", t.durationMs());
                m.put("spans", t.spans());
                m.put("errors", t.errors());
                m.put("services", t.services());
                list.add(m);
            }
            Json.write(out, Map.of("traces", list));
        } else {
            TextTable table = new TextTable(List.of("trace", "root", "start", "duration ms", "spans", "errors"));
            for (TraceSummary t : traces) {
                table.add(List.of(t.traceId(), t.rootService() + ": " + t.rootName(), Times.format(t.startNs()),
                        t.durationMs(), t.spans(), t.errors()));
            }
            table.print(out);
        }
        return ExitCode.OK;
    }
}
