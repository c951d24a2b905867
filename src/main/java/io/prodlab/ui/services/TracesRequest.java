package io.prodlab.ui.services;

import io.prodlab.ui.common.TimeRange;

/**
 * "Show the traces of this": a service, or one of its operations, in a time range — what the
 * Services view hands to whoever opens traces ({@link ServicesViewModel#setOnShowTraces}).
 *
 * @param operation the span name, or null for all of the service's requests
 */
public record TracesRequest(String service, String operation, TimeRange range) {
}
