package io.prodlab.demo;

import java.util.List;

/**
 * A node of the simulated shop. Instrumented services have instances (pods) that emit spans;
 * the database, cache and broker have none and are only seen through their clients' attributes.
 *
 * @param rpcService the gRPC service name ({@code rpc.service}), or {@code null} for HTTP-only and
 *                   uninstrumented nodes
 * @param port       the port callers put into {@code server.port}
 */
record Service(String name, NodeKind kind, String language, String rpcService, int port,
               String scopeName, String scopeVersion, List<Instance> instances) {

    boolean instrumented() {
        return !instances.isEmpty();
    }
}
