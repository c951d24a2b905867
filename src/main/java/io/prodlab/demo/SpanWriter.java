package io.prodlab.demo;

import java.io.Closeable;
import java.io.IOException;

/** Writes simulated spans in one export format; spans come a simulated request (its traces) at a time. */
interface SpanWriter extends Closeable {
    /** Buffers or writes a complete span. */
    void add(SimSpan span) throws IOException;

    /** The spans added since the last call make whole traces (a request and the traces it triggered). */
    void endRequest() throws IOException;

    /** Writes what is left and ends the document. */
    void finish() throws IOException;

    /** Records written: lines for OTLP/JSON lines, traces for Jaeger, spans for Zipkin. */
    long lines();

    /** A tag's or attribute's value as text (Zipkin's tags are all strings). */
    static String text(Object value) {
        if (value instanceof SimSpan.Decimal d) {
            return d.text();
        }
        return String.valueOf(value);
    }

    /** Microseconds, rounded down, as Jaeger and Zipkin count time. */
    static long micros(long ns) {
        return Math.floorDiv(ns, 1000L);
    }
}
