package io.prodlab.ingest;

import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;
import io.prodlab.model.SpanFlags;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a batch of JSON lines parsed away from the reading thread, kept in the order they
 * were added so that {@link OtlpJsonTraceReader} can put them into the sink's chunks in file
 * order, exactly as if it had read the lines itself. Context ids are the batch's own (from 1);
 * the replay maps them to the file's. Text that the parser reuses (attribute JSON) is copied.
 */
final class RecordedRows implements Rows {
    record Context(int id, String serviceName, String serviceVersion, String resourceJson, String scopeName,
                   String scopeVersion) {
    }

    record Span(String traceId, String spanId, String parentSpanId, int contextId, String name, SpanKind kind,
                long startNs, long endNs, SpanStatus status, String statusMessage, String attributesJson,
                String traceState, SpanFlags extra) {
    }

    record Event(String traceId, String spanId, long timeNs, String name, String attributesJson) {
    }

    record Link(String traceId, String spanId, String linkedTraceId, String linkedSpanId, String traceState,
                String attributesJson) {
    }

    /** The end of one line: the replay may hand a full chunk on after it. */
    record LineEnd(long lineNumber) {
    }

    final List<Object> ops = new ArrayList<>();
    private int mark;

    @Override
    public void defineContext(int id, String serviceName, String serviceVersion, String resourceJson,
                              String scopeName, String scopeVersion) {
        ops.add(new Context(id, serviceName, serviceVersion, resourceJson, scopeName, scopeVersion));
    }

    @Override
    public void addSpan(String traceId, String spanId, String parentSpanId, int contextId, CharSequence name,
                        SpanKind kind, long startNs, long endNs, SpanStatus status, CharSequence statusMessage,
                        CharSequence attributesJson, CharSequence traceState, SpanFlags extra) {
        ops.add(new Span(traceId, spanId, parentSpanId, contextId, name.toString(), kind, startNs, endNs, status,
                statusMessage.toString(), attributesJson.toString(), traceState.toString(), extra));
    }

    @Override
    public void addEvent(String traceId, String spanId, long timeNs, CharSequence name, CharSequence attributesJson) {
        ops.add(new Event(traceId, spanId, timeNs, name.toString(), attributesJson.toString()));
    }

    @Override
    public void addLink(String traceId, String spanId, String linkedTraceId, String linkedSpanId,
                        CharSequence traceState, CharSequence attributesJson) {
        ops.add(new Link(traceId, spanId, linkedTraceId, linkedSpanId, traceState.toString(),
                attributesJson.toString()));
    }

    @Override
    public void reject(RejectedRecord r) {
        ops.add(r);
    }

    @Override
    public void add(MetricPoint p) {
        ops.add(p);
    }

    @Override
    public void add(LogRecord r) {
        ops.add(r);
    }

    void lineEnd(long lineNumber) {
        ops.add(new LineEnd(lineNumber));
    }

    @Override
    public void mark() {
        mark = ops.size();
    }

    @Override
    public void rollbackToMark() {
        List<Object> dropped = ops.subList(mark, ops.size());
        List<Object> contexts = new ArrayList<>();
        for (Object o : dropped) {
            if (o instanceof Context) {
                contexts.add(o);
            }
        }
        dropped.clear();
        ops.addAll(contexts);
    }

    @Override
    public int bytes() {
        return 0;
    }
}
