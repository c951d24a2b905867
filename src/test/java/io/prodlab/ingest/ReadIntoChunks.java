package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
import io.prodlab.store.ChunkContents;
import io.prodlab.store.SpanChunk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reads a file as {@code ImportService} would — recognition by {@link TraceReaders}, then the
 * chosen reader — into chunks kept in memory, so readers of signals the writer does not store yet
 * are tested on what they emit.
 */
final class ReadIntoChunks {
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    /** What one file gave. */
    record Result(String format, String summary, List<MetricPoint> points, List<Annotation> annotations,
                  List<Exposure> exposures, List<RejectedRecord> rejected, List<String[]> spans, List<LogRecord> logs) {
    }

    private ReadIntoChunks() {
    }

    /** Reads {@code file}; throws the refusal as an {@link ImportException}. */
    static Result read(Path file) throws Exception {
        return read(file, 1 << 20);
    }

    static Result read(Path file, int chunkBytes) throws Exception {
        return read(file, chunkBytes, ImportHints.ForFile.NONE);
    }

    /** Reads {@code file} with what a user confirmed or gave for it. */
    static Result read(Path file, ImportHints.ForFile hints) throws Exception {
        return read(file, 1 << 20, hints);
    }

    private static Result read(Path file, int chunkBytes, ImportHints.ForFile hints) throws Exception {
        return read(file, chunkBytes, hints, null, r -> { });
    }

    /**
     * Reads {@code file} with {@code reader} (no recognition), handing the reading to
     * {@code onChunk} each time it asks for the chunk it fills (to look at what it holds meanwhile).
     */
    static Result read(Path file, TraceReader reader, java.util.function.Consumer<TraceReader.Reading> onChunk)
            throws Exception {
        return read(file, 1 << 16, ImportHints.ForFile.NONE, reader, onChunk);
    }

    private static Result read(Path file, int chunkBytes, ImportHints.ForFile hints, TraceReader given,
                               java.util.function.Consumer<TraceReader.Reading> onChunk) throws Exception {
        String display = file.toString();
        List<SpanChunk> chunks = new ArrayList<>();
        TraceReader.Reading[] reading = new TraceReader.Reading[1];
        OtlpJsonTraceReader.Sink sink = new OtlpJsonTraceReader.Sink() {
            SpanChunk current = new SpanChunk();

            @Override
            public SpanChunk chunk() {
                if (reading[0] != null) {
                    onChunk.accept(reading[0]);
                }
                return current;
            }

            @Override
            public void handOff() {
                chunks.add(current);
                current = new SpanChunk();
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        };
        try (TraceInput in = TraceInput.open(file, false, FACTORY, display)) {
            TraceReader reader = given != null ? given : TraceReaders.choose(in, display);
            reading[0] = reader.start(FACTORY, display, sink, chunkBytes, hints);
            String summary = reading[0].read(in);
            chunks.add(sink.chunk());
            List<MetricPoint> points = new ArrayList<>();
            List<Annotation> annotations = new ArrayList<>();
            List<Exposure> exposures = new ArrayList<>();
            List<RejectedRecord> rejected = new ArrayList<>();
            List<String[]> spans = new ArrayList<>();
            List<LogRecord> logs = new ArrayList<>();
            for (SpanChunk c : chunks) {
                points.addAll(ChunkContents.metricPoints(c));
                annotations.addAll(ChunkContents.annotations(c));
                exposures.addAll(ChunkContents.exposures(c));
                rejected.addAll(ChunkContents.rejected(c));
                spans.addAll(ChunkContents.spanRows(c));
                logs.addAll(ChunkContents.logs(c));
            }
            return new Result(reader.format(), summary, points, annotations, exposures, rejected, spans, logs);
        }
    }

    /** Reads text written to a file in {@code dir}. */
    static Result read(Path dir, String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return read(f);
    }

    /** A seeded mutation of {@code original}: a cut, flipped bytes, or inserted punctuation. */
    static byte[] mutate(byte[] original, Random rnd, String punctuation) {
        byte[] b = original.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(Math.max(1, b.length)));
            }
            case 1 -> {
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 2 -> {
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    b[rnd.nextInt(b.length)] = (byte) punctuation.charAt(rnd.nextInt(punctuation.length()));
                }
                return b;
            }
            default -> {
                int at = rnd.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
        }
    }

    /**
     * Seeded fuzzing, bounded in time: {@code cases} mutations of each file are read; each must end
     * in a reading or a refusal that names the file, never another exception or a hang.
     *
     * @return how many mutations were read (rather than refused)
     */
    static int fuzz(List<Path> files, long seed, int cases, String punctuation, Path dir, java.time.Duration limit) {
        Random rnd = new Random(seed);
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(limit, () -> {
            int n = 0;
            int read = 0;
            for (Path real : files) {
                byte[] original = Files.readAllBytes(real);
                for (int i = 0; i < cases; i++) {
                    Path f = dir.resolve("fuzz-" + n++ + ".txt");
                    Files.write(f, mutate(original, rnd, punctuation));
                    try {
                        Result r = read(f);
                        for (MetricPoint p : r.points()) {
                            if (p.bucketCounts() != null && p.bucketCounts().length != p.bucketBounds().length + 1) {
                                throw new AssertionError(real + " case " + i + ": buckets and bounds disagree");
                            }
                        }
                        read++;
                    } catch (ImportException expected) {
                        if (!expected.getMessage().startsWith(f.toString())) {
                            throw new AssertionError(real + " case " + i + ": " + expected.getMessage());
                        }
                    }
                }
            }
            return read;
        });
    }

    /** The files of a fixture folder, in name order. */
    static List<Path> filesOf(String folder) throws java.io.IOException {
        try (var s = Files.list(io.prodlab.testing.RealFixtures.path(folder))) {
            return s.sorted().toList();
        }
    }
}
