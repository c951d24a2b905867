package io.prodlab.ui.traces;

/** One line of the span details: the part it belongs to (span, attributes, resource, events, links), a key, a value. */
public record DetailRow(String section, String key, String value) {
}
