package io.prodlab.testing;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import org.junit.jupiter.api.Test;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpansTest {
    @Test
    void derivesTheSameIdFromTheSameContentWhateverWasBuiltBefore() {
        SpanRecord first = aSpan().service("cart").startMs(5).build();
        aSpan().service("other").build();
        SpanRecord again = aSpan().service("cart").startMs(5).build();
        assertEquals(first.spanId(), again.spanId());
        assertTrue(first.spanId().matches("[0-9a-f]{16}"), first.spanId());
        assertNotEquals(first.spanId(), aSpan().service("cart").startMs(6).build().spanId());
    }

    @Test
    void buildsWhatWasSet() {
        SpanRecord root = aSpan().spanId("00000000000000a1").build();
        SpanRecord s = aSpan().childOf(root).service("cart").version("1").name("GET /cart").kind(SpanKind.SERVER)
                .startMs(1_000).durationMs(2.5).error("timeout").attributes("{\"a\":1}").build();
        assertEquals(Spans.TRACE_ID, s.traceId());
        assertEquals("00000000000000a1", s.parentSpanId());
        assertEquals(1_000_000_000L, s.startNs());
        assertEquals(2_500_000L, s.durationNs());
        assertEquals(SpanStatus.ERROR, s.status());
        assertEquals("timeout", s.statusMessage());
        assertEquals("{\"a\":1}", s.attributesJson());
        assertEquals("cart", s.serviceName());
        assertEquals(SpanKind.SERVER, s.kind());
    }
}
