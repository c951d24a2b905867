package io.prodlab.store;

import io.prodlab.model.ServiceStats;

import java.util.List;

/**
 * One service's operations (span names) with the figures {@link ServiceStatsQuery} gives a service:
 * all spans of that name, and the rate, errors and latency quantiles of those that are the service's
 * requests. An operation none of whose spans is a request (a client call inside a service that has
 * server spans) is not listed: its figures are the calls' on the map.
 */
public final class OperationStatsQuery {
    private final Workspace ws;

    public OperationStatsQuery(Workspace ws) {
        this.ws = ws;
    }

    /** The operations of {@code service} whose spans start in [{@code fromNs}, {@code toNs}), by name. */
    public List<ServiceStats> operations(String service, long fromNs, long toNs) throws WorkspaceException {
        return new ServiceStatsQuery(ws).figures("name", "s.service_name = ?", List.of(service), fromNs, toNs);
    }
}
