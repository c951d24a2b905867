package io.prodlab.cli;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.Workspace;
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
        description = {"Import trace exports into a workspace (created when it does not exist).",
                "Formats are told by content; .gz files are read through; folders are walked.",
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
        try (Workspace workspace = Workspace.openOrCreate(ws.workspace)) {
            results = new ImportService().importPaths(workspace, paths, ImportListener.NONE,
                    () -> Thread.currentThread().isInterrupted());
        }
        if (!existed && results.stream().noneMatch(r -> r.status() == FileImportResult.Status.IMPORTED)) {
            // Nothing landed: leave the disk as it was rather than an empty workspace the user did not ask for.
            Files.deleteIfExists(ws.workspace);
            Files.deleteIfExists(Path.of(ws.workspace + ".wal"));
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
                m.put("metric_points", r.metricPoints());
                m.put("annotations", r.annotations());
                m.put("exposures", r.exposures());
                m.put("rejected", r.rejected());
                m.put("message", r.message());
                files.add(m);
            }
            Json.write(out, Map.of("files", files));
        } else {
            TextTable t = new TextTable(List.of("file", "format", "status", "spans", "events", "links", "rejected",
                    "message"));
            for (FileImportResult r : results) {
                t.add(List.of(r.path(), r.format(), r.status().code(), r.spans(), r.events(), r.links(),
                        r.rejected(), r.message()));
            }
            t.print(out);
        }
        boolean refused = false;
        for (FileImportResult r : results) {
            if (r.status() == FileImportResult.Status.REFUSED) {
                err.println("prodlab: " + r.message());
                refused = true;
            }
        }
        err.flush();
        return refused ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
}
