package io.prodlab.ui.testing;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.ingest.ImportListener;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.imports.Importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * An importer that behaves like {@code ImportService} as far as the UI can see — one transaction
 * per file through the real {@link ImportWriter}, listener calls, the cancel flag polled, the file
 * in progress rolled back on cancel — and that a test can stop in the middle of a file.
 */
public final class FakeImporter implements Importer {
    private int spansPerFile = 10;
    private final List<RejectedRecord> rejectedPerFile = new ArrayList<>();
    private Runnable midFile = () -> { };
    private boolean holdUntilCancelled;
    private final CancelGate gate = new CancelGate();
    private final String service;

    public FakeImporter(String service) {
        this.service = service;
    }

    public FakeImporter spansPerFile(int n) {
        this.spansPerFile = n;
        return this;
    }

    public FakeImporter rejecting(String location, String reason, String excerpt) {
        rejectedPerFile.add(new RejectedRecord(location, reason, excerpt));
        return this;
    }

    /** Runs on the importing thread once a file's spans are written, before its commit. */
    public FakeImporter midFile(Runnable action) {
        this.midFile = action;
        return this;
    }

    /** Makes each file wait, written but not committed, until the import is cancelled. */
    public FakeImporter holdUntilCancelled() {
        this.holdUntilCancelled = true;
        return this;
    }

    /** Whether a file is waiting, written but not committed, for the cancel. */
    public boolean isHolding() {
        return gate.isHolding();
    }

    @Override
    public List<FileImportResult> importPaths(Workspace ws, List<Path> paths, ImportListener listener,
                                              BooleanSupplier cancelled, io.prodlab.ingest.ImportHints hints)
            throws WorkspaceException {
        List<FileImportResult> results = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            Path p = paths.get(i);
            listener.fileStarted(p, i, paths.size());
            FileImportResult result;
            try (ImportWriter w = ws.beginImport(p.toString(), "sha-" + p + "-" + System.nanoTime(), "otlp-json",
                    spansPerFile * 100L)) {
                for (int k = 0; k < spansPerFile; k++) {
                    String trace = String.format(Locale.ROOT, "%032x", (long) i * 1000 + k + 1);
                    w.addSpan(WorkspaceBuilder.span(trace, String.format(Locale.ROOT, "%016x", k + 1), "", service,
                            SpanKind.SERVER, 1_760_000_000_000_000_000L + k * 1_000_000L, 2_000_000L,
                            SpanStatus.OK));
                    listener.progress(p, (k + 1) * 100L, spansPerFile * 100L, k + 1);
                }
                for (RejectedRecord r : rejectedPerFile) {
                    w.reject(r);
                }
                midFile.run();
                if (holdUntilCancelled) {
                    gate.holdUntil(cancelled);
                }
                if (cancelled.getAsBoolean()) {
                    result = FileImportResult.notImported(p.toString(), "otlp-json",
                            FileImportResult.Status.CANCELLED, "Cancelled; nothing of this file was written.");
                } else {
                    w.commit("ok");
                    result = new FileImportResult(p.toString(), "otlp-json", FileImportResult.Status.IMPORTED,
                            w.spans(), 0, 0, 0, 0, 0, w.rejectedCount(), "");
                }
            }
            listener.fileFinished(result);
            results.add(result);
        }
        return results;
    }
}
