package io.prodlab.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulated shop: its nodes, their instances and the calls between them. Fixed: it does not
 * depend on the seed, so datasets with different seeds describe the same system.
 */
final class ShopTopology {

    /** One dependency edge as the ground truth names it; {@code protocol} is grpc, http, postgresql, redis or kafka. */
    record Edge(String source, String target, String protocol) {
    }

    static final String FRONTEND = "frontend";
    static final String CART = "cart";
    static final String CHECKOUT = "checkout";
    static final String PAYMENT = "payment";
    static final String SHIPPING = "shipping";
    static final String CURRENCY = "currency";
    static final String CATALOG = "product-catalog";
    static final String RECOMMENDATION = "recommendation";
    static final String EMAIL = "email";
    static final String POSTGRESQL = "postgresql";
    static final String REDIS = "redis";
    static final String KAFKA = "kafka";

    static final String NAMESPACE = "shop";
    static final String ENVIRONMENT = "production";
    static final String SDK_VERSION = "1.38.0";
    static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.27.0";

    private final List<Service> services = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    ShopTopology() {
        service(FRONTEND, "nodejs", null, 8080, "@opentelemetry/instrumentation-http", "0.52.1",
                new String[] {"2.3.1", "2.3.1", "2.3.1"});
        service(CART, "dotnet", "oteldemo.CartService", 8080, "OpenTelemetry.Instrumentation.AspNetCore", "1.9.0",
                new String[] {"3.0.4", "3.0.4"});
        service(CHECKOUT, "go", "oteldemo.CheckoutService", 8080,
                "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", "0.53.0",
                new String[] {Scenario.BASELINE_VERSION, Scenario.BASELINE_VERSION, Scenario.BASELINE_VERSION,
                        Scenario.CANARY_VERSION});
        service(PAYMENT, "nodejs", "oteldemo.PaymentService", 8080, "@opentelemetry/instrumentation-grpc", "0.52.1",
                new String[] {"1.0.9", "1.0.9"});
        service(SHIPPING, "rust", null, 50050, "opentelemetry-http", "0.13.0", new String[] {"1.1.3", "1.1.3"});
        service(CURRENCY, "cpp", "oteldemo.CurrencyService", 8080, "opentelemetry-cpp-grpc", "1.16.0",
                new String[] {"1.2.0", "1.2.0"});
        service(CATALOG, "go", "oteldemo.ProductCatalogService", 8080,
                "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", "0.53.0",
                new String[] {"1.8.2", "1.8.2"});
        service(RECOMMENDATION, "python", "oteldemo.RecommendationService", 8080,
                "opentelemetry.instrumentation.grpc", "0.47b0", new String[] {"0.9.7", "0.9.7"});
        service(EMAIL, "ruby", null, 8080, "OpenTelemetry::Instrumentation::RubyKafka", "0.21.0",
                new String[] {"1.1.0"});
        services.add(new Service(POSTGRESQL, NodeKind.DATABASE, null, null, 5432, null, null, List.of()));
        services.add(new Service(REDIS, NodeKind.CACHE, null, null, 6379, null, null, List.of()));
        services.add(new Service(KAFKA, NodeKind.MESSAGING, null, null, 9092, null, null, List.of()));
    }

    private void service(String name, String language, String rpcService, int port, String scope, String scopeVersion,
                         String[] podVersions) {
        List<Instance> own = new ArrayList<>();
        // Pod names look like a Deployment's: one ReplicaSet hash per version, a random-looking suffix per pod.
        for (int i = 0; i < podVersions.length; i++) {
            String version = podVersions[i];
            String deployment = version.contains("canary") ? name + "-canary" : name;
            long h = Mix.mix64(name.hashCode() * 31L + version.hashCode());
            String pod = deployment + "-" + Mix.base36(h, 9) + "-" + Mix.base36(Mix.mix64(h + i + 1), 5);
            String host = "gke-shop-pool-" + Mix.base36(Mix.mix64(h ^ (i * 7919L)) , 4);
            String instanceId = Mix.uuid(Mix.mix64(h + 17 * (i + 1)), Mix.mix64(h - 31 * (i + 1)));
            Instance instance = new Instance(instances.size(), name, version, pod, host, instanceId, language, scope,
                    scopeVersion);
            instances.add(instance);
            own.add(instance);
        }
        services.add(new Service(name, NodeKind.SERVICE, language, rpcService, port, scope, scopeVersion,
                Collections.unmodifiableList(own)));
    }

    List<Service> services() {
        return Collections.unmodifiableList(services);
    }

    List<Instance> instances() {
        return Collections.unmodifiableList(instances);
    }

    Service service(String name) {
        for (Service s : services) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service " + name);
    }

    /**
     * Every caller -> callee edge the simulator can produce, in a fixed order. A test checks that the
     * edges derived from a generated file are exactly these.
     */
    static List<Edge> edges() {
        return List.of(
                new Edge(FRONTEND, CART, "grpc"),
                new Edge(FRONTEND, CATALOG, "grpc"),
                new Edge(FRONTEND, CURRENCY, "grpc"),
                new Edge(FRONTEND, RECOMMENDATION, "grpc"),
                new Edge(FRONTEND, SHIPPING, "http"),
                new Edge(FRONTEND, CHECKOUT, "grpc"),
                new Edge(RECOMMENDATION, CATALOG, "grpc"),
                new Edge(CATALOG, REDIS, "redis"),
                new Edge(CATALOG, POSTGRESQL, "postgresql"),
                new Edge(CART, REDIS, "redis"),
                new Edge(CHECKOUT, CART, "grpc"),
                new Edge(CHECKOUT, CATALOG, "grpc"),
                new Edge(CHECKOUT, CURRENCY, "grpc"),
                new Edge(CHECKOUT, SHIPPING, "http"),
                new Edge(CHECKOUT, PAYMENT, "grpc"),
                new Edge(CHECKOUT, KAFKA, "kafka"),
                new Edge(PAYMENT, POSTGRESQL, "postgresql"),
                new Edge(KAFKA, EMAIL, "kafka"));
    }
}
