package io.prodlab.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads an OTLP/JSON-lines file on more than one core: the reading thread cuts the file into
 * batches of whole lines (about {@link Settings#batchBytes} each), a few parser threads parse
 * batches into {@link RecordedRows} at the same time, and the reading thread replays each
 * recording into the sink's chunks in file order — the same rows, rejections (with their line
 * numbers), context definitions and counts as reading the lines one after the other.
 *
 * <p>Memory is bounded: at most {@code workers + 1} batches are parsed or waiting at once, and a
 * line longer than {@code maxLine} bytes is not buffered but read in place by the reading thread,
 * streaming, after the batches before it are replayed (as the sequential reader would: a broken
 * line too large to take back still refuses the file). A file of one small batch is parsed on
 * the reading thread, without starting a parser thread.
 */
final class JsonLineBatches {
    /**
     * @param workers parser threads; 0 reads every line on the reading thread (the sequential reader)
     * @param batchBytes bytes of lines a batch is cut at
     * @param maxLineBytes longest line given to a parser thread (at most one chunk's bytes as well)
     */
    record Settings(int workers, int batchBytes, int maxLineBytes) {
        /**
         * As many parser threads as cores (at most 4); the system property
         * {@code prodlab.import.lineParsers} overrides that (0: read sequentially), and
         * {@code prodlab.import.batchBytes} the 1 MB batches, for benchmarks.
         */
        static final Settings DEFAULT = new Settings(Math.max(0, Integer.getInteger("prodlab.import.lineParsers",
                Math.min(4, Runtime.getRuntime().availableProcessors()))),
                Integer.getInteger("prodlab.import.batchBytes", 1 << 20), 4 << 20);
        static final Settings SEQUENTIAL = new Settings(0, 1 << 20, 4 << 20);
    }

    /** The settings imports use (tests switch between parallel and sequential reading). */
    static volatile Settings current = Settings.DEFAULT;

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Whole lines, one after the other in {@code data}; line {@code i} is {@code firstLine + i}. */
    record Batch(byte[] data, int[] ends, int count, long firstLine) {
        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int end(int i) {
            return ends[i];
        }

        /** The start of line {@code i} as an excerpt, as {@link LineInputStream#head()} gives it. */
        String head(int i) {
            int s = start(i);
            int n = Math.min(Excerpts.MAX, end(i) - s);
            return Excerpts.shorten(new String(data, s, n, StandardCharsets.UTF_8), Excerpts.MAX);
        }

        int bytes() {
            return count == 0 ? 0 : ends[count - 1];
        }
    }

    private record Parsed(RecordedRows rows, OtlpJsonTraceReader.LineCounts counts) {
    }

    private final OtlpJsonTraceReader reader;
    private final LineInputStream lines;
    private final OtlpJsonTraceReader.LineCounts counts;
    private final Settings settings;
    private final int maxLine;
    private final ArrayDeque<Future<Parsed>> inFlight = new ArrayDeque<>();
    private ExecutorService pool;
    private ThreadLocal<OtlpJsonTraceReader> parsers;
    private OtlpJsonTraceReader inlineParser;

    /** Set by {@link #cut()} when it stopped at a line longer than {@link #maxLine}: its first bytes. */
    private byte[] longLineStart;
    private boolean eof;

    JsonLineBatches(OtlpJsonTraceReader reader, LineInputStream lines, OtlpJsonTraceReader.LineCounts counts,
                    Settings settings, int maxLine) {
        this.reader = reader;
        this.lines = lines;
        this.counts = counts;
        this.settings = settings;
        this.maxLine = Math.max(1, maxLine);
    }

    void run() throws IOException, ImportException, InterruptedException {
        try {
            while (true) {
                Batch b = cut();
                if (b.count() > 0) {
                    if (pool == null && eof && longLineStart == null) {
                        // The whole (rest of the) file is one batch: no thread to start.
                        if (inlineParser == null) {
                            inlineParser = reader.parallelParser();
                        }
                        replayInFlight(0);
                        OtlpJsonTraceReader.LineCounts c = new OtlpJsonTraceReader.LineCounts();
                        finish(new Parsed(inlineParser.parseBatch(b, c), c));
                    } else {
                        submit(b);
                    }
                }
                // Keep at most workers + 1 batches in flight, and replay what is done already, so
                // that the writer gets chunks while the parsers work.
                replayInFlight(settings.workers() + 1);
                while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
                    finish(take());
                }
                if (longLineStart != null) {
                    replayInFlight(0);
                    readLongLine();
                }
                if (eof) {
                    break;
                }
            }
            replayInFlight(0);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Replays the oldest batches until at most {@code left} are in flight. */
    private void replayInFlight(int left) throws IOException, ImportException, InterruptedException {
        while (inFlight.size() > left) {
            finish(take());
        }
    }

    private Parsed take() throws IOException, ImportException, InterruptedException {
        return result(inFlight.poll());
    }

    /** What a parser thread's task returned, or what it threw, as the reading thread would have thrown it. */
    static <T> T result(Future<T> f) throws IOException, ImportException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof ImportException ie) {
                throw ie;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void finish(Parsed p) throws InterruptedException {
        reader.replay(p.rows());
        counts.add(p.counts());
    }

    private void submit(Batch b) {
        if (pool == null) {
            pool = parserThreads(settings.workers(), "prodlab-import-line-parser-");
            parsers = ThreadLocal.withInitial(reader::parallelParser);
        }
        ThreadLocal<OtlpJsonTraceReader> mine = parsers;
        inFlight.add(pool.submit(() -> {
            OtlpJsonTraceReader.LineCounts c = new OtlpJsonTraceReader.LineCounts();
            return new Parsed(mine.get().parseBatch(b, c), c);
        }));
    }

    /** A pool of {@code workers} daemon parser threads named {@code prefix} and a number. */
    static ExecutorService parserThreads(int workers, String prefix) {
        return Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads whole lines until about a batch is full, the file ends, or a line turns out longer
     * than {@link #maxLine} (its bytes so far then go to {@link #longLineStart}, the rest stays in
     * the stream).
     */
    private Batch cut() throws IOException {
        long first = lines.lineNumber() + 1;
        byte[] data = new byte[Math.min(settings.batchBytes(), maxLine) + 8192];
        int[] ends = new int[64];
        int count = 0;
        int length = 0;
        while (length < settings.batchBytes()) {
            if (!lines.nextLine()) {
                eof = true;
                break;
            }
            int start = length;
            while (true) {
                if (length == data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, 8192));
                }
                int n = lines.read(data, length, Math.min(data.length - length, maxLine + 1 - (length - start)));
                if (n < 0) {
                    break;
                }
                length += n;
                if (length - start > maxLine) {
                    longLineStart = Arrays.copyOfRange(data, start, length);
                    return new Batch(data, ends, count, first);
                }
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = length;
        }
        return new Batch(data, ends, count, first);
    }

    /** A line too long for a batch: read in place, its first bytes from {@link #longLineStart}. */
    private void readLongLine() throws IOException, ImportException, InterruptedException {
        byte[] start = longLineStart;
        longLineStart = null;
        SequenceInputStream in = new SequenceInputStream(new ByteArrayInputStream(start), lines);
        reader.readLine(reader.factory().createParser(in), lines.lineNumber(), lines::head, counts);
        reader.afterLine();
    }
}
