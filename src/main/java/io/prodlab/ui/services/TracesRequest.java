package io.prodlab.ui.services;

/**
 * "Show the traces of this": a service, or one of its operations — what the Services view hands to
 * whoever opens traces ({@link ServicesViewModel#setOnShowTraces}). The time range is the session's,
 * which the trace search follows by itself.
 *
 * @param operation the span name, or null for all of the service's requests
 */
public record TracesRequest(String service, String operation) {
}
