package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import io.prodlab.model.RejectedRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * What a reader that fills chunks keeps while it reads one file: the parser factory, the file's
 * name for messages, the sink its chunks go to, the chunk size, the resource contexts defined so
 * far, and the spans (or, for readers of other signals, records) read, for progress, read from
 * another thread.
 */
abstract class ChunkedReading implements TraceReader.Reading {
    protected final JsonFactory factory;
    protected final String display;
    protected final OtlpJsonTraceReader.Sink sink;
    protected final int chunkBytes;
    /** Context ids by what identifies a resource (and scope) in this file. */
    protected final Map<String, Integer> contextIds = new HashMap<>();
    /** Spans read so far, or for a reader of another signal its records (points, annotations, exposures). */
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

    /** Rejects one record: where it is, why, and an excerpt of it. */
    protected final void reject(String location, String reason, CharSequence excerpt) {
        sink.chunk().reject(new RejectedRecord(location, reason, Excerpts.shorten(excerpt, Excerpts.MAX)));
    }

    /**
     * The context of a resource named only by its service (formats without resource attributes:
     * Zipkin, CSV), defined in the chunk the first time; an empty service is {@code unknown_service}.
     */
    protected final int serviceContext(String service) {
        String name = service == null || service.isEmpty() ? "unknown_service" : service;
        Integer id = contextIds.get(name);
        if (id == null) {
            id = contextIds.size() + 1;
            contextIds.put(name, id);
            com.fasterxml.jackson.databind.node.ObjectNode resource =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            resource.put("service.name", name);
            sink.chunk().defineContext(id, name, "", resource.toString(), "", "");
        }
        return id;
    }
}
