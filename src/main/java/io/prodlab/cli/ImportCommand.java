package io.prodlab.cli;

import io.prodlab.ingest.CsvMapping;
import io.prodlab.ingest.ExportProbe;
import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportHints;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.RejectedRow;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import trace, metric, log, fault-window and exposure exports into a workspace (created when it",
                "does not exist). Formats are told by content; --json names each file's format:",
                "  otlp-json            OTLP/JSON traces, metrics and logs (a document or JSON lines, also mixed line",
                "                       by line as the collector's file exporter writes them)",
                "  otlp-protobuf        a binary OTLP export request, or a stream of them each after its length",
                "  jaeger-json          the Jaeger UI's download, the query API's {\"data\": [...]}, span arrays",
                "  zipkin-v2-json       Zipkin v2 span arrays",
                "  zipkin-v1-json       Zipkin v1 spans (annotations and binaryAnnotations)",
                "  prometheus-text      the Prometheus text exposition",
                "  openmetrics-text     OpenMetrics text",
                "  prometheus-protobuf  the Prometheus protobuf exposition (length-delimited MetricFamily)",
                "  prometheus-api-json  a Prometheus HTTP API query response (vector, matrix, scalar)",
                "  chaostoolkit-journal a Chaos Toolkit run's journal.json (fault windows)",
                "  chaos-mesh           Chaos Mesh objects, YAML or JSON, with their status (fault windows; objects",
                "                       that carry no time need --window)",
                "  exposures-json       flag exposures (go-feature-flag, GrowthBook, Statsig, LaunchDarkly, OpenFeature)",
                "  go-feature-flag-csv  go-feature-flag's exporter CSV",
                "  csv                  CSV with a header of spans, metrics, windows or exposures: columns mapped by",
                "                       name, or as --map says; times in s, ms, µs, ns (told by the column name or",
                "                       the values' size, shown in the file's summary) or ISO-8601",
                ".gz files are read through; folders are walked; each file of a .zip is imported as a file of its",
                "own. A file that decompresses past 1 GB and 200 times its size, or past 64 GB, is refused as a",
                "zip or gzip bomb. A file already imported (same content) is skipped; a file that is not a",
                "supported export is refused (exit 3) and nothing of it is written."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--json", description = "Print per-file counts as JSON.")
    boolean json;

    @Option(names = "--map", paramLabel = "COLUMN=FIELD[:UNIT],...",
            description = {"How a CSV file's columns map to fields, over the mapping by name (repeatable). Fields: "
                    + "trace_id, span_id, parent_span_id, service, kind, status, start, end, duration, unit_id, "
                    + "flag_key, variant, reason, version, metric, name, target, value, time, unit. A time field "
                    + "may give its unit: start:ms, time:iso (units s, ms, us, ns, iso)."})
    List<String> maps = new ArrayList<>();

    @Option(names = "--window", paramLabel = "FROM/TO",
            description = {"The window (ISO-8601, TO may be empty for an open one) over which fault definitions "
                    + "that carry no time (Chaos Mesh manifests as written) are imported; without it they are "
                    + "refused."})
    String window;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Files or folders to import.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImportHints hints = hints();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new BadInputException("File " + p + " does not exist.");
            }
        }
        boolean existed = Files.exists(ws.workspace);
        List<FileImportResult> results;
        try (Workspace workspace = Workspace.openOrCreate(ws.workspace, "prodlab import")) {
            results = new ImportService().importPaths(workspace, paths, ImportListener.NONE,
                    () -> Thread.currentThread().isInterrupted(), hints);
            results = FileImportResult.withExtents(workspace, results);
        } catch (WorkspaceException | RuntimeException e) {
            if (!existed) {
                Workspace.discard(ws.workspace);
            }
            throw e;
        }
        boolean kept = existed || results.stream().anyMatch(r -> r.status() == FileImportResult.Status.IMPORTED);
        if (!kept) {
            // Nothing landed: leave the disk as it was rather than an empty workspace the user did not ask for.
            Workspace.discard(ws.workspace);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            Map<String, ExportProbe.Recognition> recognised = new HashMap<>();
            for (ExportProbe.Recognition r : ExportProbe.recognise(paths, hints)) {
                recognised.put(r.path(), r);
            }
            List<Map<String, Object>> files = new ArrayList<>();
            for (FileImportResult r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", r.path());
                m.put("format", r.format());
                m.put("status", r.status().code());
                m.put("spans", r.spans());
                m.put("events", r.events());
                m.put("links", r.links());
                m.put("logs", r.logs());
                m.put("metric_points", r.metricPoints());
                m.put("annotations", r.annotations());
                m.put("exposures", r.exposures());
                m.put("duplicates", r.duplicates());
                m.put("rejected", r.rejected());
                m.put("message", r.message());
                details(m, r, recognised.get(r.path()));
                files.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("files", files);
            Map<String, Object> workspace = new LinkedHashMap<>();
            workspace.put("path", ws.workspace.toString());
            workspace.put("created", !existed && kept);
            workspace.put("kept", kept);
            doc.put("workspace", workspace);
            Json.write(out, doc);
        } else {
            TextTable t = new TextTable(List.of("file", "format", "status", "spans", "events", "links", "logs",
                    "metric points", "annotations", "exposures", "duplicates", "rejected", "message"));
            for (FileImportResult r : results) {
                t.add(List.of(r.path(), r.format(), r.status().code(), r.spans(), r.events(), r.links(), r.logs(),
                        r.metricPoints(), r.annotations(), r.exposures(), r.duplicates(), r.rejected(), r.message()));
            }
            t.print(out);
        }
        long refused = results.stream().filter(r -> r.status() == FileImportResult.Status.REFUSED).count();
        for (FileImportResult r : results) {
            if (r.status() == FileImportResult.Status.REFUSED) {
                err.println("prodlab: " + r.message());
            }
        }
        if (refused > 0) {
            err.println("prodlab: " + refused + " of " + results.size() + " file" + (results.size() == 1 ? "" : "s")
                    + " refused; " + (kept ? (existed ? "the others were imported into " + ws.workspace + "."
                    : "the others were imported into the new workspace " + ws.workspace + ".")
                    : "no new workspace was kept (" + ws.workspace + " was not created)."));
        }
        err.flush();
        return refused > 0 ? ExitCode.BAD_INPUT : ExitCode.OK;
    }

    /** The --map and --window options as hints for every file; bad text is bad usage (exit 2). */
    private ImportHints hints() throws UsageException {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String m : maps) {
            try {
                for (Map.Entry<String, String> e : CsvMapping.parse(m).entrySet()) {
                    if (mapping.put(e.getKey(), e.getValue()) != null) {
                        throw new IllegalArgumentException("column " + e.getKey() + " is mapped twice");
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--map " + m + ": " + e.getMessage() + ".");
            }
        }
        ImportHints.TimeWindow w = null;
        if (window != null) {
            int slash = window.indexOf('/');
            if (slash < 0) {
                throw new UsageException("--window " + window + ": expected FROM/TO in ISO-8601, such as "
                        + "2026-11-01T12:00:00Z/2026-11-01T12:05:00Z (TO may be empty).");
            }
            try {
                long from = Times.parse("--window", window.substring(0, slash), -1);
                String to = window.substring(slash + 1);
                w = new ImportHints.TimeWindow(from, to.isBlank() ? null : Times.parse("--window", to, -1));
            } catch (BadInputException | IllegalArgumentException e) {
                throw new UsageException("--window " + window + ": " + e.getMessage());
            }
        }
        return mapping.isEmpty() && w == null ? ImportHints.NONE : ImportHints.all(new ImportHints.ForFile(mapping, w));
    }

    /** What --json adds to a file's counts: its import, time range, services, rejected records and CSV mapping. */
    private static void details(Map<String, Object> m, FileImportResult r, ExportProbe.Recognition recognised) {
        m.put("import_id", r.importId() > 0 ? r.importId() : null);
        if (recognised != null && r.status() == FileImportResult.Status.REFUSED && !recognised.format().equals("unknown")) {
            // What the file was recognised as, though its reader refused it (a manifest without times).
            m.put("recognised_format", recognised.format());
        }
        ImportExtentQuery.Extent e = r.extent();
        Map<String, Object> range = null;
        if (e != null && e.firstNs() != null) {
            range = new LinkedHashMap<>();
            range.put("start", Times.format(e.firstNs()));
            range.put("end", Times.format(e.lastNs()));
            range.put("start_ns", e.firstNs());
            range.put("end_ns", e.lastNs());
        }
        m.put("time_range", range);
        m.put("services", e == null ? List.of() : e.services());
        List<Map<String, Object>> rejected = new ArrayList<>();
        if (e != null) {
            for (RejectedRow row : e.rejectedRecords()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("location", row.location());
                x.put("reason", row.reason());
                rejected.add(x);
            }
        }
        m.put("rejected_records", rejected);
        CsvMapping csv = recognised == null ? null : recognised.csv();
        if (csv != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", csv.kind());
            c.put("columns", csv.fields());
            c.put("time_units", csv.timeUnits());
            c.put("guesses", csv.guesses());
            c.put("map", csv.asOption());
            m.put("csv", c);
        }
        if (recognised != null && !recognised.untimedFaults().isEmpty()) {
            m.put("untimed_faults", recognised.untimedFaults());
        }
    }
}
