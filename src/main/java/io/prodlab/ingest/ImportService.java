package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.prodlab.store.ImportInfo;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.WriteAccess;
import io.prodlab.store.WorkspaceLock;
import io.prodlab.store.SpanChunk;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Imports files and folders of exports into a workspace, one transaction per file.
 *
 * <p>Each file is read on a helper thread (parsing, building rows as CSV) while the calling thread
 * loads the finished chunks into DuckDB — the two halves take about the same time, and the machine
 * has two cores (docs/decisions/0002-import-write-path.md). A bounded queue between them keeps
 * memory flat whatever the file size.
 */
public final class ImportService {
    /** Rows (as CSV bytes) per chunk handed from the parser to the writer. */
    public static final int DEFAULT_CHUNK_BYTES = 16 << 20;
    /** Chunks waiting for the writer at most; the parser blocks beyond that. */
    private static final int QUEUE_CAPACITY = 2;
    /**
     * Put after the last chunk when the parser ends, so the writer stops waiting at once: polling
     * alone cost up to one poll interval (50 ms) per file, most of the time of a small file.
     */
    private static final SpanChunk END = new SpanChunk();
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ImportService.class.getName());

    private final int chunkBytes;
    private final TraceInput.Limits limits;
    /**
     * Jackson's limits, raised deliberately from its defaults (20M-character strings, nesting 1,000,
     * 1,000-digit numbers), which a single record could pass and so make a whole one-document file "not
     * valid JSON": a string may hold 50M characters (100 MB of heap), values nest 10,000 deep (attribute
     * values deeper than 64 are rejected record by record), numbers have up to 10,000 digits. Past these
     * a one-document file is refused whole; in JSON lines only the line is rejected.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxStringLength(50_000_000)
            .maxNestingDepth(10_000).maxNumberLength(10_000).build();
    private final JsonFactory factory = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(LIMITS).build();

    public ImportService() {
        this(DEFAULT_CHUNK_BYTES);
    }

    /** @param chunkBytes how much CSV the parser collects before handing it to the writer (tuning, tests) */
    public ImportService(int chunkBytes) {
        this(chunkBytes, TraceInput.Limits.DEFAULT);
    }

    /** @param limits how far a compressed file may decompress (tests use small ones) */
    ImportService(int chunkBytes, TraceInput.Limits limits) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive");
        }
        this.chunkBytes = chunkBytes;
        this.limits = limits;
    }

    /**
     * Imports each file (folders are walked, files in name order). Formats are told by content,
     * not by name; {@code .gz} files are read through. A file whose sha256 was imported before is
     * skipped; a file that is not a supported export is refused; neither writes anything.
     *
     * @param cancelled polled while reading; when it turns true the file in progress is rolled
     *                  back, reported as {@code CANCELLED}, and no further file is started. An
     *                  interrupt of the calling thread does the same (the interrupt stays set).
     * @return one result per file, in the order imported
     * @throws WorkspaceException the workspace could not be written (the file in progress is rolled back)
     */
    public List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                              BooleanSupplier cancelled) throws WorkspaceException {
        return importPaths(workspace, paths, listener, cancelled, ImportHints.NONE);
    }

    /**
     * As {@link #importPaths(Workspace, List, ImportListener, BooleanSupplier)}, each file read with the
     * hints the user gave for it (a CSV mapping, a fault window), looked up by the name its result carries.
     */
    public List<FileImportResult> importPaths(Workspace workspace, List<Path> paths, ImportListener listener,
                                              BooleanSupplier cancelled, ImportHints hints) throws WorkspaceException {
        ImportHints h = hints == null ? ImportHints.NONE : hints;
        ImportListener l = listener == null ? ImportListener.NONE : listener;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        List<FileImportResult> results = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> !isPartOf(workspace, f))
                            .sorted(Comparator.comparing(Path::toString)).forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    results.add(FileImportResult.notImported(p.toString(), "unknown", FileImportResult.Status.REFUSED,
                            p + ": the folder cannot be read (" + (e instanceof IOException io ? IoFailures.describe(io)
                                    : e.getMessage()) + "); nothing was imported."));
                }
            } else {
                files.add(p);
            }
        }
        ExecutorService parsers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "prodlab-import-parser");
            t.setDaemon(true);
            return t;
        });
        try (WriteAccess write = workspace.beginWrite()) {
            Batch batch = new Batch(parsers, workspace.importLog().importedContent());
            for (int i = 0; i < files.size(); i++) {
                if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    break;
                }
                Path file = files.get(i);
                if (isZip(file)) {
                    if (importZip(workspace, file, i, files.size(), results, l, stop, batch, h)) {
                        break;
                    }
                    continue;
                }
                l.fileStarted(file, i, files.size());
                FileImportResult r = importFile(workspace, file, l, stop, batch, h);
                results.add(r);
                l.fileFinished(r);
                if (r.status() == FileImportResult.Status.CANCELLED) {
                    break;
                }
            }
        } finally {
            parsers.shutdownNow();
        }
        return results;
    }

    /**
     * The workspace's own files (the database, its WAL and lock file, DuckDB's spill folder), which
     * a folder being imported may contain: importing them would read a file while it is written.
     */
    private static boolean isPartOf(Workspace ws, Path file) {
        Path db = ws.path().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        String name = db.getFileName().toString();
        return f.equals(db) || f.equals(db.resolveSibling(name + ".wal"))
                || f.equals(db.resolveSibling(name + WorkspaceLock.SUFFIX)) || f.startsWith(db.resolveSibling(name + ".tmp"));
    }

    /**
     * What one {@link #importPaths} call shares between its files: the parser thread, and the content
     * hashes and sizes of the files imported so far (read once, then kept up to date), so that telling
     * a re-import asks the workspace nothing for a file of new content.
     */
    private record Batch(ExecutorService parsers, java.util.Map<String, Long> imported, java.util.Set<Long> sizes) {
        Batch(ExecutorService parsers, java.util.Map<String, Long> imported) {
            this(parsers, imported, new java.util.HashSet<>(imported.values()));
        }

        boolean hasSize(long size) {
            return sizes.contains(size);
        }

        void imported(String sha256, long size) {
            imported.put(sha256, size);
            sizes.add(size);
        }
    }

    /** Where a file's bytes come from: a file, or an entry of a zip archive. */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * One file to import.
     *
     * @param file the file the listener hears of (the archive, for an entry of one)
     * @param compressedSize for a zip entry, its compressed size (the decompression limits' measure); else -1
     */
    private record Source(Path file, String display, String stored, long size, long compressedSize, Opener opener,
                          ImportHints.ForFile hints) {
    }

    private FileImportResult importFile(Workspace ws, Path file, ImportListener listener, BooleanSupplier cancelled,
                                        Batch batch, ImportHints hints) throws WorkspaceException {
        String display = file.toString();
        if (!Files.exists(file)) {
            return refused(display, display + ": no such file; nothing was imported.");
        }
        if (!Files.isRegularFile(file)) {
            return refused(display, display + ": not a regular file (a pipe, socket or device); Prodlab imports "
                    + "files and folders, so save the data to a file first. Nothing was imported.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return refused(display, display + ": cannot be read (" + IoFailures.describe(e) + "); nothing was imported.");
        }
        return importSource(ws, new Source(file, display, file.toAbsolutePath().normalize().toString(), size, -1,
                () -> Files.newInputStream(file), hints.forFile(display)), listener, cancelled, batch);
    }

    /** Most entries a zip archive may have (a bomb of many small entries is refused too). */
    static final int MAX_ZIP_ENTRIES = 100_000;

    static boolean isZip(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 'P' && m[1] == 'K' && (m[2] == 3 && m[3] == 4 || m[2] == 5 && m[3] == 6);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Imports every file of a zip archive (in name order, folders within it included), each as a file of
     * its own named {@code archive.zip!/entry}.
     *
     * @return whether the import was cancelled
     */
    private boolean importZip(Workspace ws, Path zip, int index, int total, List<FileImportResult> results,
                              ImportListener l, BooleanSupplier stop, Batch batch, ImportHints hints)
            throws WorkspaceException {
        String display = zip.toString();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            List<java.util.zip.ZipEntry> entries = filesOf(z);
            if (entries == null) {
                results.add(refused(display, display + ": the zip archive holds more than " + MAX_ZIP_ENTRIES
                        + " files, more than Prodlab imports from one archive; nothing was imported."));
                return false;
            }
            if (entries.isEmpty()) {
                results.add(refused(display, display + ": the zip archive holds no files; nothing was imported."));
                return false;
            }
            String stored = zip.toAbsolutePath().normalize().toString();
            for (java.util.zip.ZipEntry entry : entries) {
                if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return true;
                }
                l.fileStarted(zip, index, total);
                String name = display + "!/" + entry.getName();
                FileImportResult r = importSource(ws, new Source(zip, name, stored + "!/" + entry.getName(),
                        Math.max(0, entry.getSize()), Math.max(0, entry.getCompressedSize()),
                        () -> z.getInputStream(entry), hints.forFile(name)), l, stop, batch);
                results.add(r);
                l.fileFinished(r);
                if (r.status() == FileImportResult.Status.CANCELLED) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            results.add(refused(display, display + ": the zip archive cannot be read (" + IoFailures.describe(e)
                    + "); nothing was imported."));
            return false;
        }
    }

    /** The files of a zip archive in name order (folders within it included); null past {@link #MAX_ZIP_ENTRIES}. */
    static List<java.util.zip.ZipEntry> filesOf(java.util.zip.ZipFile z) {
        List<java.util.zip.ZipEntry> entries = new ArrayList<>();
        for (var e = z.entries(); e.hasMoreElements(); ) {
            java.util.zip.ZipEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
                entries.add(entry);
            }
            if (entries.size() > MAX_ZIP_ENTRIES) {
                return null;
            }
        }
        entries.sort(Comparator.comparing(java.util.zip.ZipEntry::getName));
        return entries;
    }

    private FileImportResult importSource(Workspace ws, Source src, ImportListener listener, BooleanSupplier cancelled,
                                          Batch batch) throws WorkspaceException {
        String display = src.display();
        String stored = src.stored();
        Path file = src.file();
        long size = src.size();
        String sha = null;
        try {
            // Hashing is a pass over the file; do it up front only when an earlier import has the same
            // size (so could be the same content). Otherwise the hash is computed while reading.
            if (batch.hasSize(size)) {
                try (InputStream raw = src.opener().open()) {
                    sha = TraceInput.sha256(raw);
                }
                if (batch.imported().containsKey(sha)) {
                    Optional<ImportInfo> earlier = ws.importLog().findBySha256(sha);
                    if (earlier.isPresent()) {
                        return skipped(display, earlier.get());
                    }
                }
            }
        } catch (IOException e) {
            return refused(display, display + ": cannot be read (" + IoFailures.describe(e) + "); nothing was imported.");
        }

        TraceInput in;
        try {
            in = TraceInput.open(src.opener().open(), src.compressedSize(), sha == null, factory, display, limits);
        } catch (ImportException e) {
            return refused(display, e.getMessage());
        } catch (IOException e) {
            return refused(display, display + ": cannot be read (" + IoFailures.describe(e) + "); nothing was imported.");
        }
        TraceReader format;
        try {
            format = TraceReaders.choose(in, display);
        } catch (ImportException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Refused anyway; the message says why.
            }
            return refused(display, e.getMessage());
        }
        try (in; ImportWriter writer = ws.beginImport(stored, sha == null ? "pending" : sha, format.format(), size)) {
            return pipeline(ws, file, display, size, sha, in, format, writer, listener, cancelled, batch, src.hints());
        } catch (IOException e) {
            return refused(display, display + ": cannot be read (" + IoFailures.describe(e) + "); nothing was imported.");
        }
    }

    private FileImportResult pipeline(Workspace ws, Path file, String display, long size, String knownSha,
                                      TraceInput in, TraceReader format, ImportWriter writer, ImportListener listener,
                                      BooleanSupplier cancelled, Batch batch, ImportHints.ForFile hints)
            throws WorkspaceException, IOException {
        BlockingQueue<SpanChunk> full = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        BlockingQueue<SpanChunk> free = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 2);
        for (int i = 0; i < QUEUE_CAPACITY + 1; i++) {
            free.add(new SpanChunk());
        }
        QueueSink sink = new QueueSink(full, free);
        TraceReader.Reading reader = format.start(factory, display, sink, chunkBytes, hints);
        String fmt = format.format();
        CountDownLatch parserExited = new CountDownLatch(1);
        Future<String> parsing = batch.parsers().submit(() -> {
            try {
                String s = reader.read(in);
                if (!sink.chunk().isEmpty()) {
                    sink.handOff();
                }
                return s;
            } finally {
                parserExited.countDown();
                // Never blocks: with the queue full the writer finds the parser done on its next poll.
                full.offer(END);
            }
        });

        long lastProgress = System.nanoTime();
        long started = lastProgress;
        long loadNanos = 0;
        boolean interrupted = false;
        try {
            while (true) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return cancel(display, fmt, sink, parsing, parserExited);
                }
                SpanChunk chunk;
                try {
                    chunk = full.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    return cancel(display, fmt, sink, parsing, parserExited);
                }
                if (chunk == END) {
                    break;
                }
                if (chunk != null) {
                    long w0 = System.nanoTime();
                    writer.write(chunk);
                    loadNanos += System.nanoTime() - w0;
                    chunk.clear();
                    free.offer(chunk);
                } else if (parsing.isDone() && full.isEmpty()) {
                    break;
                }
                long now = System.nanoTime();
                if (chunk != null || now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                    listener.progress(file, in.bytesRead(), size, reader.spansRead());
                    lastProgress = now;
                }
            }
            String summary;
            try {
                summary = parsing.get();
            } catch (InterruptedException e) {
                interrupted = true;
                return cancel(display, fmt, sink, parsing, parserExited);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ImportException ie) {
                    return refused(display, ie.getMessage());
                }
                if (cause instanceof IOException io) {
                    return refused(display, display + ": cannot be read at byte " + in.bytesRead() + " ("
                            + IoFailures.describe(io) + "); nothing was imported.");
                }
                if (cause instanceof InterruptedException) {
                    return cancelled(display, fmt);
                }
                throw new IllegalStateException("reading " + display + " failed unexpectedly", cause);
            }
            listener.progress(file, size, size, reader.spansRead());
            double total = (System.nanoTime() - started) / 1e9;
            double loading = loadNanos / 1e9;
            LOG.fine(() -> String.format("import %s: %.2f s, of which loading chunks %.2f s", display, total, loading));
            String sha = knownSha != null ? knownSha : in.finishSha256();
            // Hashed while reading because no earlier import had this size, so none has this content;
            // only an unknown size (0) could hide one.
            if (knownSha == null && size <= 0) {
                Optional<ImportInfo> earlier = ws.importLog().findBySha256(sha);
                if (earlier.isPresent()) {
                    return skipped(display, earlier.get());
                }
            }
            writer.finishRows();
            String message = summary(writer, summary, in.gzip);
            writer.commit(message, sha);
            batch.imported(sha, size);
            return new FileImportResult(display, fmt, FileImportResult.Status.IMPORTED, writer.spans(),
                    writer.events(), writer.links(), writer.logs(), writer.metricPoints(), writer.annotations(),
                    writer.exposures(), writer.duplicates(), writer.rejectedCount(), message)
                    .withImportId(writer.importId());
        } catch (WorkspaceException | RuntimeException e) {
            stopParser(sink, parsing, parserExited);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String summary(ImportWriter w, String framing, boolean gzip) {
        StringBuilder sb = new StringBuilder();
        sb.append(count(w.spans(), "span")).append(", ").append(count(w.events(), "event")).append(", ")
                .append(count(w.links(), "link"));
        // The other signals only when the file had them, so a trace file's summary reads as before.
        appendIfAny(sb, w.logs(), "log record");
        appendIfAny(sb, w.metricPoints(), "metric point");
        appendIfAny(sb, w.annotations(), "annotation");
        appendIfAny(sb, w.exposures(), "exposure");
        sb.append(" imported; ");
        if (w.duplicates() > 0) {
            sb.append(count(w.duplicates(), "duplicate span")).append(" already there, not stored again; ");
        }
        sb.append(count(w.rejectedCount(), "record")).append(" rejected");
        sb.append(" (").append(framing);
        if (gzip) {
            sb.append(", gzip");
        }
        return sb.append(").").toString();
    }

    private static void appendIfAny(StringBuilder sb, long n, String noun) {
        if (n > 0) {
            sb.append(", ").append(count(n, noun));
        }
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private FileImportResult cancel(String display, String format, QueueSink sink, Future<?> parsing,
                                    CountDownLatch exited) {
        stopParser(sink, parsing, exited);
        return cancelled(display, format);
    }

    private static FileImportResult cancelled(String display, String format) {
        return FileImportResult.notImported(display, format, FileImportResult.Status.CANCELLED,
                display + ": import cancelled; nothing of this file was written.");
    }

    /** Stops the parser thread and waits (briefly) until it has let go of the file. */
    private static void stopParser(QueueSink sink, Future<?> parsing, CountDownLatch exited) {
        sink.stop = true;
        parsing.cancel(true);
        boolean wasInterrupted = Thread.interrupted();
        try {
            exited.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            wasInterrupted = true;
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static FileImportResult refused(String display, String message) {
        return FileImportResult.notImported(display, "unknown", FileImportResult.Status.REFUSED, message);
    }

    private static FileImportResult skipped(String display, ImportInfo earlier) {
        return FileImportResult.notImported(display, earlier.format(), FileImportResult.Status.SKIPPED,
                display + ": already imported (same content as import " + earlier.importId() + " of "
                        + earlier.path() + " at " + earlier.startedAt() + "); nothing was written.")
                .withImportId(earlier.importId());
    }

    /** Hands chunks from the parser thread to the writer through two bounded queues. */
    private static final class QueueSink implements OtlpJsonTraceReader.Sink {
        private final BlockingQueue<SpanChunk> full;
        private final BlockingQueue<SpanChunk> free;
        private SpanChunk current;
        volatile boolean stop;

        QueueSink(BlockingQueue<SpanChunk> full, BlockingQueue<SpanChunk> free) {
            this.full = full;
            this.free = free;
            this.current = free.poll();
        }

        @Override
        public SpanChunk chunk() {
            return current;
        }

        @Override
        public void handOff() throws InterruptedException {
            if (stop) {
                throw new InterruptedException("import cancelled");
            }
            full.put(current);
            current = free.take();
        }

        @Override
        public boolean stopRequested() {
            return stop || Thread.currentThread().isInterrupted();
        }
    }
}
