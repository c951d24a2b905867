package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;

/**
 * OTLP/JSON traces, metrics and logs as a {@link TraceReader}. It recognises a
 * {@code resourceSpans}, {@code resourceMetrics} or {@code resourceLogs} member; it is
 * also the reader {@link TraceReaders} falls back to for any JSON object no reader claims, since
 * its refusals say best what such a file is.
 */
final class OtlpJsonFormat implements TraceReader {
    static final String FORMAT = "otlp-json";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        return Peeks.hasTopLevelField(peek, "resourceSpans", "result")
                || Peeks.hasTopLevelField(peek, "resourceMetrics", null)
                || Peeks.hasTopLevelField(peek, "resourceLogs", null);
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        OtlpJsonTraceReader reader = new OtlpJsonTraceReader(factory, display, sink, chunkBytes);
        return new Reading() {
            @Override
            public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
                OtlpJsonTraceReader.Summary s = reader.read(in);
                return s.jsonLines() ? "OTLP/JSON lines, " + ImportService.count(s.lines(), "line")
                        : "OTLP/JSON, " + ImportService.count(s.documents(), "document");
            }

            @Override
            public long spansRead() {
                return reader.spansRead();
            }
        };
    }
}
