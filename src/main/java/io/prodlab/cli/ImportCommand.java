package io.prodlab.cli;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import trace, metric and log exports into a workspace (created when it does not exist).",
                "Formats are told by content: OTLP/JSON traces, metrics and logs (a document or JSON lines,",
                "also mixed line by line as the collector's file exporter writes them), Jaeger JSON",
                "(the UI's download, the query API's {\"data\": [...]}, span arrays, api_v2 JSON) and",
                "Zipkin v2 JSON span arrays and OTLP protobuf (a binary export request, or a stream of them",
                "each after its length); .gz files are read through; folders are walked; each file of a",
                ".zip is imported as a file of its own. A file that decompresses past 1 GB and 200 times its",
                "size, or past 64 GB, is refused as a zip or gzip bomb.",
                "--json names each file's format (otlp-json, otlp-protobuf, jaeger-json, zipkin-v2-json).",
                "A file already imported (same content) is skipped; a file that is not a supported export is "
                        + "refused (exit 3) and nothing of it is written."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--json", description = "Print per-file counts as JSON.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Files or folders to import.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new BadInputException("File " + p + " does not exist.");
            }
        }
        boolean existed = Files.exists(ws.workspace);
        List<FileImportResult> results;
        try (Workspace workspace = Workspace.openOrCreate(ws.workspace, "prodlab import")) {
            results = new ImportService().importPaths(workspace, paths, ImportListener.NONE,
                    () -> Thread.currentThread().isInterrupted());
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
                    "metric points", "duplicates", "rejected", "message"));
            for (FileImportResult r : results) {
                t.add(List.of(r.path(), r.format(), r.status().code(), r.spans(), r.events(), r.links(), r.logs(),
                        r.metricPoints(), r.duplicates(), r.rejected(), r.message()));
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
}
