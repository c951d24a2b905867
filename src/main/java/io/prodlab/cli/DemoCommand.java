package io.prodlab.cli;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.AppPaths;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build the demo workspace from the bundled sample data and open it.",
                "The workspace lives under the user's data folder; sample data already imported is not imported again."},
        subcommands = DemoGenerateCommand.class)
final class DemoCommand implements Callable<Integer> {
    private final GuiOpener gui;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--no-gui", description = "Only build the workspace and print where it is.")
    boolean noGui;

    @Spec
    CommandSpec spec;

    DemoCommand(GuiOpener gui) {
        this.gui = gui;
    }

    @Override
    public Integer call() throws Exception {
        Path workspacePath = AppPaths.demoWorkspace();
        List<Path> traces = sampleTraceFiles(AppPaths.sampleDataDir());
        Files.createDirectories(workspacePath.getParent());
        discardIfStale(workspacePath, traces);
        long spans;
        try (Workspace ws = Workspace.openOrCreate(workspacePath, "prodlab demo")) {
            List<FileImportResult> results = new ImportService().importPaths(ws, traces, ImportListener.NONE,
                    () -> Thread.currentThread().isInterrupted());
            for (FileImportResult r : results) {
                if (r.status() == FileImportResult.Status.REFUSED || r.status() == FileImportResult.Status.CANCELLED) {
                    throw new BadInputException("Sample data file " + r.path() + " could not be imported: "
                            + r.message());
                }
            }
            spans = ws.spanCount();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Demo workspace: " + workspacePath + " (" + spans + " spans)");
        out.flush();
        if (!noGui) {
            gui.open(workspacePath);
        }
        return ExitCode.OK;
    }

    /**
     * A demo workspace built from other sample data (an older Prodlab's, or another checkout's)
     * would mix two datasets once the current files are imported beside it: start it afresh.
     * It holds nothing of the user's own; the sample data is judged by path and size.
     */
    private static void discardIfStale(Path workspacePath, List<Path> traces) throws Exception {
        if (!Files.exists(workspacePath)) {
            return;
        }
        java.util.Set<String> current = new java.util.HashSet<>();
        for (Path t : traces) {
            current.add(t.toAbsolutePath().normalize() + "\0" + Files.size(t));
        }
        boolean stale;
        try (Workspace ws = Workspace.open(workspacePath, "prodlab demo")) {
            stale = ws.importLog().imports().stream().anyMatch(i -> !current.contains(
                    Path.of(i.path()).toAbsolutePath().normalize() + "\0" + i.bytes()));
        }
        if (stale) {
            Files.delete(workspacePath);
            Files.deleteIfExists(Path.of(workspacePath + ".wal"));
        }
    }

    /** The trace exports in the sample-data folder (not its ground truth or README). */
    static List<Path> sampleTraceFiles(Path dir) throws BadInputException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("Sample data folder " + dir.toAbsolutePath() + " not found; run Prodlab "
                    + "through app/prodlab from its checkout, or regenerate it with 'prodlab demo generate "
                    + dir + "'.");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> traces = files.filter(p -> p.getFileName().toString().startsWith("traces"))
                    .sorted().toList();
            if (traces.isEmpty()) {
                throw new BadInputException("Sample data folder " + dir.toAbsolutePath()
                        + " has no traces* file; regenerate it with 'prodlab demo generate " + dir + "'.");
            }
            return traces;
        }
    }
}
