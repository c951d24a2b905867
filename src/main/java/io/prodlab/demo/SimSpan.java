package io.prodlab.demo;

import java.util.ArrayList;
import java.util.List;

/** A span as the simulator builds it: mutable until its trace is complete, then only read. */
final class SimSpan {

    static final int INTERNAL = 1;
    static final int SERVER = 2;
    static final int CLIENT = 3;
    static final int PRODUCER = 4;
    static final int CONSUMER = 5;

    /** An OTLP doubleValue, kept as its decimal text so the output never depends on double printing. */
    record Decimal(String text) {
    }

    /** A span event; attributes alternate key and value. */
    record Event(long timeNs, String name, Object[] attributes) {
    }

    final long traceHi;
    final long traceLo;
    final long spanId;
    /** 0 for a root span. */
    final long parentSpanId;
    final Instance instance;
    final String name;
    final int kind;
    final long startNs;
    long endNs;
    boolean error;
    String statusMessage;
    /** gRPC status code a failed server span returns (14 UNAVAILABLE unless set). */
    long grpcCode;
    /** Alternating key (String) and value (String, Long, Boolean or {@link Decimal}), in insertion order. */
    final List<Object> attributes = new ArrayList<>(16);
    List<Event> events;
    boolean hasLink;
    long linkTraceHi;
    long linkTraceLo;
    long linkSpanId;

    SimSpan(long traceHi, long traceLo, long spanId, long parentSpanId, Instance instance, String name, int kind,
            long startNs) {
        this.traceHi = traceHi;
        this.traceLo = traceLo;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.instance = instance;
        this.name = name;
        this.kind = kind;
        this.startNs = startNs;
    }

    SimSpan attr(String key, String value) {
        attributes.add(key);
        attributes.add(value);
        return this;
    }

    SimSpan attr(String key, long value) {
        attributes.add(key);
        attributes.add(value);
        return this;
    }

    SimSpan attr(String key, boolean value) {
        attributes.add(key);
        attributes.add(value);
        return this;
    }

    SimSpan attr(String key, Decimal value) {
        attributes.add(key);
        attributes.add(value);
        return this;
    }

    void event(long timeNs, String name, Object... attrs) {
        if (events == null) {
            events = new ArrayList<>(2);
        }
        events.add(new Event(timeNs, name, attrs));
    }

    void fail(String message) {
        error = true;
        statusMessage = message;
    }
}
