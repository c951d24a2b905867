package io.prodlab.cli;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.graph.DiffMapService;
import io.prodlab.graph.DotWriter;
import io.prodlab.graph.GraphAlgorithms;
import io.prodlab.graph.MapJson;
import io.prodlab.graph.PngWriter;
import io.prodlab.model.ServiceEdge;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.store.Workspace;
import picocli.CommandLine.ArgGroup;
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

@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"The dependency map: which services call which, and the databases, caches, brokers and peers "
                + "they reach, with calls, errors and latency quantiles (ms, from the calling side).",
                "A call is kept when its calling or its called span matches --where; --from/--to keep calls that "
                        + "start in the window."})
final class MapCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    static final class Output {
        @Option(names = "--json", description = "Print the map as JSON.")
        boolean json;

        @Option(names = "--dot", description = "Print the map as Graphviz DOT.")
        boolean dot;

        @Option(names = "--svg", paramLabel = "FILE", description = "Write the map as an SVG picture to FILE.")
        java.nio.file.Path svg;

        @Option(names = "--png", paramLabel = "FILE", description = "Write the map as a PNG picture to FILE (with "
                + "its legend).")
        java.nio.file.Path png;
    }

    @ArgGroup(exclusive = true)
    Output output = new Output();

    @Option(names = "--where", paramLabel = "FILTER", description = "Only calls whose caller or callee span matches.")
    String where;

    @Option(names = "--cohort", paramLabel = "NAME=FILTER", description = "Give two for the diff map of two cohorts "
            + "(the first is the baseline): what appears, disappears or changes between them, with its significance.")
    List<String> cohorts;

    @Option(names = "--focus", paramLabel = "NODE", description = "Only NODE and what lies within --hops calls of it, "
            + "either way.")
    String focus;

    @Option(names = "--hops", paramLabel = "N", defaultValue = "1", description = "How far --focus reaches "
            + "(default: ${DEFAULT-VALUE}).")
    int hops;

    @Option(names = "--operations", paramLabel = "SERVICE", description = "The operation-level map of SERVICE's "
            + "neighbourhood: nodes SERVICE:OPERATION (a span's service and name) for the calls into and out of it.")
    String operations;

    @Option(names = "--from", paramLabel = "TIME", description = "Only calls that start at or after TIME (ISO-8601, "
            + "e.g. 2026-11-01T12:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only calls that start before TIME (ISO-8601).")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long fromNs = Times.parse("--from", from, Long.MIN_VALUE);
        long toNs = Times.parse("--to", to, Long.MAX_VALUE);
        if (cohorts != null && !cohorts.isEmpty()) {
            if (operations != null) {
                throw new BadInputException("--operations and --cohort do not go together: the diff map is of services.");
            }
            return diff(fromNs, toNs);
        }
        DependencyMap map;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            DependencyMapService service = new DependencyMapService(workspace);
            if (operations == null) {
                map = service.build(where, fromNs, toNs);
            } else {
                java.util.Set<String> names = new io.prodlab.store.ServiceStatsQuery(workspace).serviceNames();
                if (!names.contains(operations)) {
                    throw new BadInputException("--operations: there is no service '" + operations
                            + "' in the workspace; services: " + new java.util.TreeSet<>(names) + ".");
                }
                map = service.operations(operations, where, fromNs, toNs);
            }
        } catch (FilterSyntaxException e) {
            throw new BadInputException("--where: " + e.getMessage());
        }
        if (focus != null) {
            if (hops < 0) {
                throw new BadInputException("--hops must be 0 or more.");
            }
            if (map.nodes().stream().noneMatch(n -> n.id().equals(focus))) {
                throw new BadInputException("--focus: there is no node '" + focus + "' in the map; nodes: "
                        + map.nodes().stream().map(DependencyMap.Node::id).toList() + ".");
            }
            map = new GraphAlgorithms(map).neighbourhood(focus, hops);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Json.write(out, json(map));
        } else if (output.dot) {
            out.print(DotWriter.write(map));
            out.flush();
        } else if (output.svg != null) {
            try {
                java.nio.file.Files.writeString(output.svg, io.prodlab.graph.SvgWriter.write(map));
            } catch (java.io.IOException e) {
                throw new BadInputException("--svg: cannot write " + output.svg + " (" + e.getMessage() + ").");
            }
            spec.commandLine().getErr().println("prodlab: wrote " + output.svg + " (" + map.nodes().size() + " nodes, "
                    + map.edges().size() + " edges).");
            spec.commandLine().getErr().flush();
        } else if (output.png != null) {
            try {
                PngWriter.write(map, output.png);
            } catch (java.io.IOException e) {
                throw new BadInputException("--png: cannot write " + output.png + " (" + e.getMessage() + ").");
            }
            spec.commandLine().getErr().println("prodlab: wrote " + output.png + " (" + map.nodes().size() + " nodes, "
                    + map.edges().size() + " edges).");
            spec.commandLine().getErr().flush();
        } else {
            TextTable t = new TextTable(List.of("source", "target", "calls", "errors", "error %", "p50 ms", "p95 ms",
                    "p99 ms"));
            for (ServiceEdge e : map.edges()) {
                t.add(List.of(e.source(), e.target(), e.calls(), e.errors(), 100 * e.errorRate(), e.p50Ms(), e.p95Ms(),
                        e.p99Ms()));
            }
            t.print(out);
        }
        return ExitCode.OK;
    }

    private int diff(long fromNs, long toNs) throws Exception {
        if (cohorts.size() != 2) {
            throw new BadInputException("The diff map takes exactly two --cohort NAME=FILTER (the first is the "
                    + "baseline); got " + cohorts.size() + ".");
        }
        String[][] c = new String[2][];
        for (int i = 0; i < 2; i++) {
            String spec = cohorts.get(i);
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--cohort '" + spec + "': expected NAME=FILTER.");
            }
            c[i] = new String[] {spec.substring(0, eq).strip(), spec.substring(eq + 1)};
        }
        DiffMapService.DiffMap diff;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            try {
                diff = new DiffMapService(workspace).build(c[0][0], c[0][1], c[1][0], c[1][1], where, fromNs, toNs);
            } catch (FilterSyntaxException e) {
                throw new BadInputException("--cohort or --where: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Json.write(out, diffJson(diff));
        } else if (output.dot) {
            out.print(DotWriter.write(diff));
            out.flush();
        } else if (output.png != null) {
            try {
                PngWriter.write(io.prodlab.graph.MapPicture.of(diff), io.prodlab.graph.MapPicture.Style.of(
                        io.prodlab.graph.MapPicture.Palette.light(), io.prodlab.graph.MapPicture.Colouring.ERROR_RATE),
                        output.png);
            } catch (java.io.IOException e) {
                throw new BadInputException("--png: cannot write " + output.png + " (" + e.getMessage() + ").");
            }
        } else {
            TextTable t = new TextTable(List.of("source", "target", "change", diff.baseline() + " calls",
                    diff.candidate() + " calls", "error % diff", "p (bh)", "latency shift ms", "p (bh) "));
            for (DiffMapService.EdgeDiff e : diff.edges()) {
                boolean both = e.change() == DiffMapService.Change.BOTH;
                t.add(List.of(e.source(), e.target(), e.change().name().toLowerCase(java.util.Locale.ROOT),
                        e.baseline() == null ? 0L : e.baseline().calls(), e.candidate() == null ? 0L : e.candidate().calls(),
                        both ? 100 * (e.candidate().errorRate() - e.baseline().errorRate()) : Double.NaN,
                        e.errorsPAdjusted(),
                        both && e.latency().isOk() ? e.latency().value().hodgesLehmann() : Double.NaN,
                        e.latencyPAdjusted()));
            }
            t.print(out);
        }
        return ExitCode.OK;
    }

    static Map<String, Object> diffJson(DiffMapService.DiffMap d) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (DiffMapService.NodeDiff n : d.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("kind", n.kind().code());
            m.put("change", n.change().name().toLowerCase(java.util.Locale.ROOT));
            m.put("baseline", n.baseline() == null ? null : node(n.baseline()));
            m.put("candidate", n.candidate() == null ? null : node(n.candidate()));
            nodes.add(m);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (DiffMapService.EdgeDiff e : d.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.source());
            m.put("target", e.target());
            m.put("change", e.change().name().toLowerCase(java.util.Locale.ROOT));
            m.put("baseline", e.baseline() == null ? null : edge(e.baseline()));
            m.put("candidate", e.candidate() == null ? null : edge(e.candidate()));
            if (e.errors() != null) {
                m.put("error_rate_diff", Json.finite(e.candidate().errorRate() - e.baseline().errorRate()));
                m.put("error_rate_p", Json.finite(e.errors().decidingP()));
                m.put("error_rate_p_bh", Json.finite(e.errorsPAdjusted()));
            }
            if (e.latency() != null && e.latency().isOk()) {
                var mw = e.latency().value();
                m.put("latency_shift_ms", Json.finite(mw.hodgesLehmann()));
                m.put("latency_shift_ci_low", Json.finite(mw.ciLow()));
                m.put("latency_shift_ci_high", Json.finite(mw.ciHigh()));
                m.put("latency_p", Json.finite(mw.p()));
                m.put("latency_p_bh", Json.finite(e.latencyPAdjusted()));
            }
            edges.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("baseline", d.baseline());
        doc.put("candidate", d.candidate());
        doc.put("nodes", nodes);
        doc.put("edges", edges);
        return doc;
    }

    private static Map<String, Object> node(DependencyMap.Node n) {
        return MapJson.node(n);
    }

    private static Map<String, Object> edge(ServiceEdge e) {
        return MapJson.edge(e);
    }

    static Map<String, Object> json(DependencyMap map) {
        return MapJson.document(map);
    }
}
