package io.prodlab.model;

/**
 * What an exporter says of a span besides its content: its trace flags and how much of it was
 * dropped before export (attributes, events and links over the SDK's limits). Kept so that an
 * analysis can tell an instrumentation difference (one cohort's spans cut at a limit) from a real one.
 *
 * @param flags the span's flags as its format gives them: OTLP's (W3C trace flags in bits 0–7,
 *     bit 8 "the parent's remoteness is known", bit 9 "the parent is remote"), Jaeger's (1 sampled,
 *     2 debug); 0 when not given
 * @param droppedAttributes attributes the exporter dropped, 0 when not given
 * @param droppedEvents events dropped
 * @param droppedLinks links dropped
 */
public record SpanFlags(int flags, int droppedAttributes, int droppedEvents, int droppedLinks) {
    /** Nothing said. */
    public static final SpanFlags NONE = new SpanFlags(0, 0, 0, 0);

    public static SpanFlags of(int flags, int droppedAttributes, int droppedEvents, int droppedLinks) {
        return (flags | droppedAttributes | droppedEvents | droppedLinks) == 0 ? NONE
                : new SpanFlags(flags, droppedAttributes, droppedEvents, droppedLinks);
    }
}
