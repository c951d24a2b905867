package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * What a reader that fills chunks keeps while it reads one file: the parser factory, the file's
 * name for messages, the sink its chunks go to, the chunk size, the resource contexts defined so
 * far, and the spans read (for progress, read from another thread).
 */
abstract class ChunkedReading implements TraceReader.Reading {
    protected final JsonFactory factory;
    protected final String display;
    protected final OtlpJsonTraceReader.Sink sink;
    protected final int chunkBytes;
    /** Context ids by what identifies a resource (and scope) in this file. */
    protected final Map<String, Integer> contextIds = new HashMap<>();
    protected volatile long spansRead;

    ChunkedReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        this.factory = factory;
        this.display = display;
        this.sink = sink;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public long spansRead() {
        return spansRead;
    }

    /** Between records: stops when asked to (every 1024th call), and hands a full chunk on. */
    protected final void afterRecord(long count) throws InterruptedException {
        if ((count & 1023) == 0 && sink.stopRequested()) {
            throw new InterruptedException("import cancelled");
        }
        if (sink.chunk().bytes() >= chunkBytes) {
            sink.handOff();
        }
    }
}
