package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;

/**
 * One trace export format: whether a file is in it, told from the file's decompressed start, and
 * how to read it into chunks. {@link TraceReaders} asks each reader in turn, on the model of
 * JabRef's {@code Importer.isRecognizedFormat} and {@code ImportFormatReader}: formats are told by
 * content, never by file name.
 */
interface TraceReader {
    /** The name stored in {@code imports.format} and printed by {@code import --json}. */
    String format();

    /**
     * A cheap look at the first {@link TraceInput#PEEK} bytes (decompressed, possibly cut in the
     * middle of a value): true when the file is in this format. Never throws.
     */
    boolean recognizes(byte[] peek);

    /** Starts reading one file; the returned reading is used by one thread, once. */
    Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes);

    /**
     * Starts reading one file with what the user confirmed or gave for it (a CSV mapping, a fault
     * window); readers that take no hints ignore them.
     */
    default Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                          ImportHints.ForFile hints) {
        return start(factory, display, sink, chunkBytes);
    }

    /** The reading of one file. */
    interface Reading {
        /**
         * Reads the whole file into the sink's chunks (the last chunk may stay unhanded).
         *
         * @return how the file was framed, for the import summary (e.g. {@code "Jaeger JSON, 2 traces"})
         * @throws ImportException the file is not in this format, or its JSON is broken; nothing of it may be kept
         */
        String read(TraceInput in) throws IOException, ImportException, InterruptedException;

        /** Spans read so far; safe to call from another thread. */
        long spansRead();
    }
}
