package io.prodlab.cli;

import io.prodlab.graph.TraceTree;
import io.prodlab.model.SpanRecord;
import io.prodlab.store.TraceQuery;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"One trace as a tree: each span with its offset from the trace's start and its duration "
                + "(ms), its status, and '*' on the critical path (the spans the trace waited on).",
                "'orphan' marks a span whose parent is not in the workspace; 'skew' one that starts before its "
                        + "parent (clocks of two hosts disagree)."})
final class TraceCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Parameters(index = "0", paramLabel = "TRACE_ID", description = "The trace id (hex).")
    String traceId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!traceId.matches("[0-9A-Fa-f]{1,32}")) {
            throw new BadInputException("'" + traceId + "' is not a trace id: expected up to 32 hex digits.");
        }
        List<SpanRecord> spans;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            spans = new TraceQuery(workspace).spans(traceId);
        }
        if (spans.isEmpty()) {
            throw new BadInputException("No trace " + traceId + " in workspace " + ws.workspace
                    + "; 'prodlab traces -w " + ws.workspace + "' lists some.");
        }
        TraceTree tree = new TraceTree(spans);
        long start = spans.stream().mapToLong(SpanRecord::startNs).min().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TraceTree.Row r : tree.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("span_id", r.span().spanId());
                m.put("parent_span_id", r.span().parentSpanId());
                m.put("depth", r.depth());
                m.put("service", r.span().serviceName());
                m.put("name", r.span().name());
                m.put("kind", r.span().kind().code());
                m.put("offset_ms", (r.span().startNs() - start) / 1e6);
                m.put("duration_ms", r.span().durationNs() / 1e6);
                m.put("status", r.span().status().code());
                m.put("critical", r.critical());
                m.put("orphan", r.orphan());
                m.put("clock_skew", r.startsBeforeParent());
                rows.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("trace_id", spans.get(0).traceId());
            doc.put("spans", rows);
            Json.write(out, doc);
        } else {
            TextTable t = new TextTable(List.of("span", "offset ms", "duration ms", "status", "", "notes"));
            for (TraceTree.Row r : tree.rows()) {
                String notes = (r.orphan() ? "orphan " : "") + (r.startsBeforeParent() ? "skew" : "");
                t.add(List.of("  ".repeat(r.depth()) + r.span().serviceName() + ": " + r.span().name(),
                        (r.span().startNs() - start) / 1e6, r.span().durationNs() / 1e6, r.span().status().code(),
                        r.critical() ? "*" : "", notes.strip()));
            }
            t.print(out);
        }
        return ExitCode.OK;
    }
}
