package io.prodlab.demo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** A writer of one JSON document that holds a request's spans until the request is whole (Jaeger, Zipkin). */
abstract class BufferingJsonWriter implements SpanWriter {
    final JsonGenerator gen;
    final List<SimSpan> buffered = new ArrayList<>();
    long records;

    BufferingJsonWriter(OutputStream out) throws IOException {
        this.gen = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    }

    @Override
    public void add(SimSpan span) {
        buffered.add(span);
    }

    @Override
    public void endRequest() throws IOException {
        writeBuffered();
        buffered.clear();
    }

    /** Writes the spans of {@link #buffered}: whole traces. */
    abstract void writeBuffered() throws IOException;

    /** Closes the document: what comes after the last record. */
    abstract void writeEnd() throws IOException;

    @Override
    public void finish() throws IOException {
        endRequest();
        writeEnd();
        gen.writeRaw('\n');
        gen.flush();
    }

    @Override
    public long lines() {
        return records;
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }
}
