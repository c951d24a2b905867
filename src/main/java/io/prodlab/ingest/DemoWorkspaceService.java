package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Builds the demo workspace from the bundled sample data: imports its trace files into the workspace,
 * once (a second build finds them imported and skips them), and starts the workspace afresh when it
 * holds anything else. Used by {@code prodlab demo} and by the desktop app's start page.
 */
public final class DemoWorkspaceService {
    /** What another process is told holds the workspace while the demo is built. */
    private static final String PURPOSE = "Prodlab (building the demo workspace)";
    private final ImportService importer;

    public DemoWorkspaceService(ImportService importer) {
        this.importer = importer;
    }

    /**
     * @param workspace the demo workspace ({@code AppPaths.demoWorkspace()} for the real one)
     * @param spans     the spans it holds after the build
     * @param rebuilt   it held other data (an older sample set, a user's import) and was started afresh
     * @param files     what happened to each sample file; all {@code IMPORTED} or {@code SKIPPED} unless
     *                  the build was cancelled
     */
    public record Result(Path workspace, long spans, boolean rebuilt, List<FileImportResult> files) {
        public boolean cancelled() {
            return files.stream().anyMatch(f -> f.status() == FileImportResult.Status.CANCELLED);
        }
    }

    /**
     * Builds (or brings up to date) the demo workspace at {@code workspace} from the trace files in
     * {@code sampleDataDir}.
     *
     * @param cancelled polled during the import; a cancelled build leaves the workspace as it was
     *                  before the file in progress
     * @throws ImportException    the sample data folder is missing, holds no trace file, or a file in it
     *                            cannot be imported (the message names it and how to regenerate it)
     * @throws WorkspaceException the workspace cannot be created, opened, written or replaced
     */
    public Result build(Path workspace, Path sampleDataDir, ImportListener listener, BooleanSupplier cancelled)
            throws ImportException, WorkspaceException {
        List<Path> traces = sampleTraceFiles(sampleDataDir);
        boolean rebuilt;
        try {
            Path parent = workspace.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            rebuilt = discardIfStale(workspace, traces);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot prepare the demo workspace " + workspace + ": " + e.getMessage()
                    + ". Check that its folder can be written.", e);
        }
        try (Workspace ws = Workspace.openOrCreate(workspace, PURPOSE)) {
            List<FileImportResult> results = importer.importPaths(ws, traces, listener, cancelled);
            for (FileImportResult r : results) {
                if (r.status() == FileImportResult.Status.REFUSED) {
                    throw new ImportException("Sample data file " + r.path() + " could not be imported: "
                            + r.message() + " Regenerate it with 'prodlab demo generate " + sampleDataDir + "'.");
                }
            }
            return new Result(workspace, ws.spanCount(), rebuilt, results);
        }
    }

    /**
     * A demo workspace built from other sample data (an older Prodlab's, another checkout's) or holding
     * a user's import would mix datasets once the current files are imported beside it: start it
     * afresh. It holds nothing of the user's own by design; the sample data is judged by path and size.
     */
    private static boolean discardIfStale(Path workspace, List<Path> traces) throws WorkspaceException, IOException {
        if (!Files.exists(workspace)) {
            return false;
        }
        Set<String> current = new HashSet<>();
        for (Path t : traces) {
            current.add(t.toAbsolutePath().normalize() + "\0" + Files.size(t));
        }
        boolean stale;
        try (Workspace ws = Workspace.open(workspace, PURPOSE)) {
            stale = ws.importLog().imports().stream().anyMatch(i -> !current.contains(
                    Path.of(i.path()).toAbsolutePath().normalize() + "\0" + i.bytes()));
        }
        if (stale) {
            Workspace.discard(workspace);
        }
        return stale;
    }

    /**
     * The trace exports in the sample-data folder (not its ground truth or README), in name order.
     *
     * @throws ImportException the folder is missing or holds no {@code traces*} file
     */
    public static List<Path> sampleTraceFiles(Path dir) throws ImportException {
        if (!Files.isDirectory(dir)) {
            throw new ImportException("Sample data folder " + dir.toAbsolutePath() + " not found; run Prodlab "
                    + "through app/prodlab from its checkout, or regenerate it with 'prodlab demo generate "
                    + dir + "'.");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> traces = files.filter(p -> p.getFileName().toString().startsWith("traces"))
                    .sorted().toList();
            if (traces.isEmpty()) {
                throw new ImportException("Sample data folder " + dir.toAbsolutePath()
                        + " has no traces* file; regenerate it with 'prodlab demo generate " + dir + "'.");
            }
            return traces;
        } catch (IOException e) {
            throw new ImportException("Cannot list the sample data folder " + dir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }
}
