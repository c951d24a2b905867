package io.prodlab.cli;

import io.prodlab.model.ServiceStats;
import io.prodlab.store.ServiceStatsQuery;
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

@Command(name = "services", mixinStandardHelpOptions = true,
        description = {"Services with span counts, request rate, errors and latency quantiles.",
                "Requests are a service's server spans (all its spans when it has none); latency in ms, "
                        + "quantiles by linear interpolation (type 7); rate over the time each service was seen."})
final class ServicesCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ServiceStats> services;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            services = new ServiceStatsQuery(workspace).services();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ServiceStats s : services) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("spans", s.spans());
                m.put("requests", s.requests());
                m.put("rate_per_s", Json.finite(s.ratePerS()));
                m.put("errors", s.errors());
                m.put("error_rate", Json.finite(s.errorRate()));
                m.put("p50_ms", Json.finite(s.p50Ms()));
                m.put("p95_ms", Json.finite(s.p95Ms()));
                m.put("p99_ms", Json.finite(s.p99Ms()));
                list.add(m);
            }
            Json.write(out, Map.of("services", list));
        } else {
            TextTable t = new TextTable(List.of("service", "spans", "requests", "req/s", "errors", "error %", "p50 ms", "p95 ms",
                    "p99 ms"));
            for (ServiceStats s : services) {
                t.add(List.of(s.name(), s.spans(), s.requests(), s.ratePerS(), s.errors(), 100 * s.errorRate(), s.p50Ms(),
                        s.p95Ms(), s.p99Ms()));
            }
            t.print(out);
        }
        return ExitCode.OK;
    }
}
