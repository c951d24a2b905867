package io.prodlab.demo;

/**
 * One running process of a service: one OTLP resource.
 *
 * @param index position in {@link ShopTopology#instances()}; the writer groups a line's spans by it,
 *              so the order of resources in a line never depends on hashing
 */
record Instance(int index, String serviceName, String version, String podName, String hostName,
                String instanceId, String sdkLanguage, String scopeName, String scopeVersion) {
}
