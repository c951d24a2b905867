package io.prodlab.demo;

import java.util.List;
import java.util.SplittableRandom;

import static io.prodlab.demo.ShopTopology.CART;
import static io.prodlab.demo.ShopTopology.CATALOG;
import static io.prodlab.demo.ShopTopology.CHECKOUT;
import static io.prodlab.demo.ShopTopology.CURRENCY;
import static io.prodlab.demo.ShopTopology.EMAIL;
import static io.prodlab.demo.ShopTopology.FRONTEND;
import static io.prodlab.demo.ShopTopology.PAYMENT;
import static io.prodlab.demo.ShopTopology.RECOMMENDATION;
import static io.prodlab.demo.ShopTopology.SHIPPING;
import static io.prodlab.demo.SimSpan.CLIENT;
import static io.prodlab.demo.SimSpan.CONSUMER;
import static io.prodlab.demo.SimSpan.INTERNAL;
import static io.prodlab.demo.SimSpan.PRODUCER;
import static io.prodlab.demo.SimSpan.SERVER;

/**
 * Simulates one user request through the shop as a trace (and the asynchronous e-mail trace a placed
 * order triggers). Calls are sequential: a server span is its own work split around its outgoing
 * calls, a client span covers its server span plus network time both ways, so children always nest
 * inside their parents and a span's self time is its duration minus its children's.
 *
 * <p>Not thread-safe: one instance per generation run.
 */
final class TraceSimulator {

    /** Route mix of the user-facing requests; checkout is over-represented so the canary gets data. */
    static final String[] ROUTES = {"home", "product", "add-to-cart", "view-cart", "checkout"};
    private static final double[] ROUTE_CUMULATIVE = {0.20, 0.55, 0.70, 0.85, 1.00};

    private static final String[] PRODUCTS = {"OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N",
            "0PUK6V6EV0", "LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ", "HQTGWGPNH4"};
    private static final long[] PRICE_CENTS = {10_199, 34_900, 8_950, 1_999, 21_000, 4_250, 12_999, 2_599, 7_800, 64_900};
    private static final String[] CURRENCIES = {"USD", "EUR", "CAD", "JPY", "GBP"};
    private static final String[] CARDS = {"visa", "mastercard", "amex"};
    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"};

    private static final Latency NET = new Latency(0.25, 0.4, 0.005, 2.0);
    private static final Latency FRONTEND_WORK = Latency.of(4.0, 0.5);
    private static final Latency CHECKOUT_WORK = Latency.of(25.0, 0.5);
    private static final Latency PAYMENT_WORK = Latency.of(8.0, 0.5);
    private static final Latency CART_WORK = Latency.of(1.0, 0.4);
    private static final Latency CATALOG_LIST_WORK = Latency.of(3.0, 0.4);
    private static final Latency CATALOG_GET_WORK = Latency.of(1.5, 0.4);
    private static final Latency CURRENCY_WORK = Latency.of(0.6, 0.4);
    private static final Latency RECOMMENDATION_WORK = Latency.of(18.0, 0.45);
    private static final Latency QUOTE_WORK = Latency.of(2.0, 0.4);
    private static final Latency SHIP_WORK = Latency.of(5.0, 0.5);
    private static final Latency EMAIL_WORK = Latency.of(3.0, 0.4);
    private static final Latency EMAIL_RENDER = Latency.of(6.0, 0.5);
    private static final Latency QUEUE_LAG = new Latency(12.0, 0.9, 0.0, 2.0);
    private static final Latency PG_SELECT_LIST = Latency.of(6.0, 0.5);
    private static final Latency PG_SELECT_ONE = Latency.of(2.0, 0.5);
    private static final Latency PG_INSERT = Latency.of(3.0, 0.5);
    private static final Latency REDIS_CMD = Latency.of(0.4, 0.4);
    private static final Latency KAFKA_SEND = Latency.of(1.5, 0.5);

    static final double SERVICE_ERROR_RATE = 0.001;
    static final double DB_ERROR_RATE = 0.0005;
    static final double CACHE_ERROR_RATE = 0.0005;

    @FunctionalInterface
    private interface Handler {
        /** Does the server's work starting at {@code start}; returns when it ends, marking the span on failure. */
        long handle(SimSpan server, long start);
    }

    private final long seed;
    private final int users;
    private final Realized realized;
    private final Service frontend;
    private final Service cart;
    private final Service checkout;
    private final Service payment;
    private final Service shipping;
    private final Service currency;
    private final Service catalog;
    private final Service recommendation;
    private final Service email;
    private final Service postgresql;
    private final Service redis;
    private final Service kafka;

    // State of the trace being built.
    private SplittableRandom r;
    private List<SimSpan> out;
    private long traceHi;
    private long traceLo;
    private int user;
    private SimSpan pendingProducer;
    private String pendingOrderId;

    /**
     * @param users size of the user pool; flag assignment is per user, hashed with the seed
     */
    TraceSimulator(ShopTopology shop, long seed, int users, Realized realized) {
        this.seed = seed;
        this.users = users;
        this.realized = realized;
        this.frontend = shop.service(FRONTEND);
        this.cart = shop.service(CART);
        this.checkout = shop.service(CHECKOUT);
        this.payment = shop.service(PAYMENT);
        this.shipping = shop.service(SHIPPING);
        this.currency = shop.service(CURRENCY);
        this.catalog = shop.service(CATALOG);
        this.recommendation = shop.service(RECOMMENDATION);
        this.email = shop.service(EMAIL);
        this.postgresql = shop.service(ShopTopology.POSTGRESQL);
        this.redis = shop.service(ShopTopology.REDIS);
        this.kafka = shop.service(ShopTopology.KAFKA);
    }

    /**
     * Appends the spans of one request arriving at {@code t0}, then those of the e-mail trace it
     * triggers, if any. Every span is complete when this returns.
     */
    void simulate(SplittableRandom random, long t0, List<SimSpan> sink) {
        this.r = random;
        this.out = sink;
        this.pendingProducer = null;
        newTrace();
        // Uniform over a pool about as large as the number of requests: most users come once or twice, so
        // counts of requests stay close to counts of users (little clustering for unit-level checks).
        this.user = (int) Math.min(users - 1, (long) (users * r.nextDouble()));
        double pick = r.nextDouble();
        int route = 0;
        while (pick >= ROUTE_CUMULATIVE[route]) {
            route++;
        }
        request(route, t0);
        realized.requestTraces++;
        if (pendingProducer != null) {
            emailTrace(pendingProducer, pendingOrderId);
            realized.asyncTraces++;
        }
    }

    private void newTrace() {
        traceHi = r.nextLong();
        do {
            traceLo = r.nextLong();
        } while (traceHi == 0 && traceLo == 0);
    }

    private long spanId() {
        long id;
        do {
            id = r.nextLong();
        } while (id == 0);
        return id;
    }

    private SimSpan span(SimSpan parent, Instance instance, String name, int kind, long start) {
        SimSpan s = new SimSpan(traceHi, traceLo, spanId(), parent == null ? 0 : parent.spanId, instance, name, kind,
                start);
        out.add(s);
        return s;
    }

    private Instance pick(Service s) {
        List<Instance> all = s.instances();
        return all.get(r.nextInt(all.size()));
    }

    private long net() {
        return NET.sampleNs(r);
    }

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    /** The part of own work done before the first call; the rest follows the last call. */
    private long preShare(long own) {
        return (long) (own * (0.2 + 0.3 * r.nextDouble()));
    }

    private String userId() {
        String digits = Integer.toString(user);
        return "u-" + "000000".substring(Math.min(6, digits.length())) + digits;
    }

    /** Sessions last up to 20 minutes of simulated time. */
    private String sessionId(long t) {
        long bucket = (t - Scenario.START_NS) / (20L * 60 * 1_000_000_000L);
        return Mix.hex16(Mix.mix64(seed * 0x9E3779B97F4A7C15L + user * 0xC2B2AE3D27D4EB4FL + bucket));
    }

    private boolean assigned(String flagKey, double share) {
        long h = Mix.mix64(Mix.mix64(seed ^ flagKey.hashCode()) + user * 0x9E3779B97F4A7C15L);
        return Mix.unit(h) < share;
    }

    /** Marks {@code caller} failed when the critical {@code call} failed; true means stop. */
    private static boolean propagate(SimSpan caller, SimSpan call, String what) {
        if (!call.error) {
            return false;
        }
        caller.fail(what + ": " + call.statusMessage);
        caller.grpcCode = 14;
        return true;
    }

    // ---- the user-facing request ---------------------------------------------------------------------

    private void request(int route, long t0) {
        Instance fe = pick(frontend);
        String method;
        String httpRoute;
        String path;
        String product = PRODUCTS[(int) (PRODUCTS.length * StrictMath.pow(r.nextDouble(), 1.5))];
        switch (route) {
            case 0 -> {
                method = "GET";
                httpRoute = "/";
                path = "/";
            }
            case 1 -> {
                method = "GET";
                httpRoute = "/product/{id}";
                path = "/product/" + product;
            }
            case 2 -> {
                method = "POST";
                httpRoute = "/cart";
                path = "/cart";
            }
            case 3 -> {
                method = "GET";
                httpRoute = "/cart";
                path = "/cart";
            }
            default -> {
                method = "POST";
                httpRoute = "/checkout";
                path = "/checkout";
            }
        }
        SimSpan root = span(null, fe, method + " " + httpRoute, SERVER, t0);
        root.attr("http.request.method", method)
                .attr("http.route", httpRoute)
                .attr("url.path", path)
                .attr("url.scheme", "https")
                .attr("server.address", "shop.example.com")
                .attr("server.port", 443L)
                .attr("user_agent.original", USER_AGENTS[user % USER_AGENTS.length])
                .attr("user.id", userId())
                .attr("session.id", sessionId(t0));
        long own = FRONTEND_WORK.sampleNs(r);
        long pre = preShare(own);
        long t = t0 + pre;
        switch (route) {
            case 0 -> t = home(root, t);
            case 1 -> t = productPage(root, t, product);
            case 2 -> t = addToCart(root, t, product);
            case 3 -> t = viewCart(root, t);
            default -> t = placeOrder(root, t);
        }
        if (!root.error && chance(SERVICE_ERROR_RATE)) {
            root.fail("TypeError: Cannot read properties of undefined (reading 'currencyCode')");
        }
        root.endNs = t + own - pre;
        root.attr("http.response.status_code", root.error ? 500L : 200L);
    }

    private long home(SimSpan root, long t) {
        SimSpan c = grpc(root, t, catalog, "ListProducts", this::listProducts);
        t = c.endNs;
        if (propagate(root, c, "failed to retrieve products")) {
            return t;
        }
        c = grpc(root, t, currency, "GetSupportedCurrencies", this::supportedCurrencies);
        t = c.endNs;
        if (propagate(root, c, "could not retrieve currencies")) {
            return t;
        }
        t = grpc(root, t, cart, "GetCart", this::getCart).endNs;
        return grpc(root, t, recommendation, "ListRecommendations", this::listRecommendations).endNs;
    }

    private long productPage(SimSpan root, long t, String product) {
        // The A/A flag: evaluated on the product page, two variants, no effect planted.
        boolean list = assigned(Scenario.AA_FLAG_KEY, Scenario.AA_VARIANT_B_SHARE);
        evaluateFlag(root, root.startNs + 50_000, Scenario.AA_FLAG_KEY,
                list ? Scenario.AA_VARIANT_B : Scenario.AA_VARIANT_A);
        if (list) {
            realized.aaList++;
        } else {
            realized.aaGrid++;
        }
        SimSpan c = grpc(root, t, catalog, "GetProduct", (s, st) -> getProduct(s, st, product));
        t = c.endNs;
        if (propagate(root, c, "failed to get product")) {
            return t;
        }
        c = grpc(root, t, currency, "Convert", this::convert);
        t = c.endNs;
        if (propagate(root, c, "failed to convert currency")) {
            return t;
        }
        t = grpc(root, t, recommendation, "ListRecommendations", this::listRecommendations).endNs;
        return grpc(root, t, cart, "GetCart", this::getCart).endNs;
    }

    private long addToCart(SimSpan root, long t, String product) {
        SimSpan c = grpc(root, t, catalog, "GetProduct", (s, st) -> getProduct(s, st, product));
        t = c.endNs;
        if (propagate(root, c, "failed to get product")) {
            return t;
        }
        c = grpc(root, t, cart, "AddItem", this::addItem);
        propagate(root, c, "failed to add to cart");
        return c.endNs;
    }

    private long viewCart(SimSpan root, long t) {
        SimSpan c = grpc(root, t, cart, "GetCart", this::getCart);
        t = c.endNs;
        if (propagate(root, c, "could not retrieve cart")) {
            return t;
        }
        int items = 1 + r.nextInt(3);
        for (int i = 0; i < items; i++) {
            c = grpc(root, t, currency, "Convert", this::convert);
            t = c.endNs;
            if (propagate(root, c, "failed to convert currency")) {
                return t;
            }
        }
        c = http(root, t, shipping, "POST", "/get-quote", this::getQuote);
        t = c.endNs;
        if (propagate(root, c, "failed to get shipping quote")) {
            return t;
        }
        return grpc(root, t, recommendation, "ListRecommendations", this::listRecommendations).endNs;
    }

    private long placeOrder(SimSpan root, long t) {
        SimSpan c = grpc(root, t, checkout, "PlaceOrder", this::checkoutPlaceOrder);
        propagate(root, c, "failed to complete the order");
        return c.endNs;
    }

    // ---- services -------------------------------------------------------------------------------------

    private long checkoutPlaceOrder(SimSpan server, long start) {
        boolean canary = server.instance.version().equals(Scenario.CANARY_VERSION);
        long own = CHECKOUT_WORK.sampleNs(r);
        if (canary) {
            own += Latency.toNs(Scenario.CANARY_ADDED_MS);
            realized.checkoutCanary++;
        } else {
            realized.checkoutBaseline++;
        }
        String orderId = Mix.uuid(r.nextLong(), r.nextLong());
        int items = 1 + r.nextInt(3);
        String userCurrency = CURRENCIES[user % CURRENCIES.length];
        server.attr("app.order.id", orderId)
                .attr("app.user.currency", userCurrency)
                .attr("app.order.items.count", (long) items);
        long pre = preShare(own);
        long t = start + pre;
        t = checkoutCalls(server, t, items, orderId);
        if (!server.error && chance(canary ? Scenario.CANARY_OWN_ERROR_RATE : Scenario.BASELINE_OWN_ERROR_RATE)) {
            server.fail(Scenario.CHECKOUT_OWN_ERROR_MESSAGE);
            server.grpcCode = 13;
            if (canary) {
                realized.checkoutCanaryOwnErrors++;
            } else {
                realized.checkoutBaselineOwnErrors++;
            }
        }
        if (server.error) {
            pendingProducer = null;
        }
        return t + own - pre;
    }

    private long checkoutCalls(SimSpan server, long t, int items, String orderId) {
        SimSpan c = grpc(server, t, cart, "GetCart", this::getCart);
        t = c.endNs;
        if (propagate(server, c, "failed to get user cart during checkout")) {
            return t;
        }
        long cents = 0;
        for (int i = 0; i < items; i++) {
            int p = r.nextInt(PRODUCTS.length);
            cents += PRICE_CENTS[p];
            c = grpc(server, t, catalog, "GetProduct", (s, st) -> getProduct(s, st, PRODUCTS[p]));
            t = c.endNs;
            if (propagate(server, c, "failed to prepare order")) {
                return t;
            }
        }
        server.attr("app.order.amount", new SimSpan.Decimal(Mix.decimal(cents / 100.0, 2)));
        c = grpc(server, t, currency, "Convert", this::convert);
        t = c.endNs;
        if (propagate(server, c, "failed to convert price")) {
            return t;
        }
        c = http(server, t, shipping, "POST", "/get-quote", this::getQuote);
        t = c.endNs;
        if (propagate(server, c, "shipping quote failure")) {
            return t;
        }
        long amount = cents;
        c = grpc(server, t, payment, "Charge", (s, st) -> charge(s, st, amount));
        t = c.endNs;
        if (propagate(server, c, "failed to charge card")) {
            return t;
        }
        c = http(server, t, shipping, "POST", "/ship-order", this::shipOrder);
        t = c.endNs;
        if (propagate(server, c, "shipping error")) {
            return t;
        }
        t = grpc(server, t, cart, "EmptyCart", this::emptyCart).endNs;
        SimSpan send = span(server, server.instance, "send orders", PRODUCER, t);
        send.attr("messaging.system", "kafka")
                .attr("messaging.destination.name", "orders")
                .attr("messaging.operation.type", "send")
                .attr("messaging.operation.name", "send")
                .attr("messaging.client.id", "checkout")
                .attr("messaging.kafka.message.key", orderId)
                .attr("messaging.message.body.size", 180L + 96L * items)
                .attr("server.address", kafka.name())
                .attr("server.port", (long) kafka.port());
        send.endNs = t + KAFKA_SEND.sampleNs(r);
        if (chance(CACHE_ERROR_RATE)) {
            // Publishing is fire-and-forget for checkout: the order stands, only the e-mail is lost.
            send.fail("kafka: Failed to produce message to topic orders: Local: Message timed out");
        } else {
            pendingProducer = send;
            pendingOrderId = orderId;
        }
        return send.endNs;
    }

    private long charge(SimSpan server, long start, long cents) {
        long own = PAYMENT_WORK.sampleNs(r);
        server.attr("app.payment.card_type", CARDS[r.nextInt(CARDS.length)])
                .attr("app.payment.amount", new SimSpan.Decimal(Mix.decimal(cents / 100.0, 2)));
        long pre = preShare(own);
        long t = start + pre;
        boolean inWindow = t >= Scenario.FAULT_START_NS && t < Scenario.FAULT_END_NS;
        SimSpan db = postgres(server, t, "payments", "INSERT", "charges",
                "INSERT INTO charges (order_id, amount_cents, card_type, created_at) VALUES ($1, $2, $3, now())",
                PG_INSERT, inWindow);
        t = db.endNs;
        if (inWindow) {
            realized.faultWindowCalls++;
            realized.faultWindowErrors += db.error ? 1 : 0;
        } else {
            realized.outsideWindowCalls++;
            realized.outsideWindowErrors += db.error ? 1 : 0;
        }
        if (!propagate(server, db, "failed to record charge") && chance(SERVICE_ERROR_RATE)) {
            server.fail("payment processor returned HTTP 502");
            server.grpcCode = 13;
        }
        server.attr("app.payment.charged", !server.error);
        return t + own - pre;
    }

    private long getCart(SimSpan server, long start) {
        return cartOp(server, start, "HGETALL", "HGETALL cart:" + userId(), "can't access cart storage");
    }

    private long addItem(SimSpan server, long start) {
        return cartOp(server, start, "HSET", "HSET cart:" + userId() + " ? ?", "can't write cart storage");
    }

    private long emptyCart(SimSpan server, long start) {
        return cartOp(server, start, "DEL", "DEL cart:" + userId(), "can't empty cart");
    }

    private long cartOp(SimSpan server, long start, String command, String statement, String failure) {
        server.attr("app.user.id", userId());
        long own = CART_WORK.sampleNs(r);
        long pre = preShare(own);
        SimSpan c = redis(server, start + pre, command, statement);
        propagate(server, c, failure);
        return c.endNs + own - pre;
    }

    private long listProducts(SimSpan server, long start) {
        long own = CATALOG_LIST_WORK.sampleNs(r);
        long pre = preShare(own);
        long t = start + pre;
        SimSpan c = redis(server, t, "GET", "GET products:featured");
        t = c.endNs;
        // A cache failure is a miss: the catalog falls back to the database.
        boolean hit = !c.error && chance(0.9);
        server.attr("app.cache.hit", hit);
        if (!hit) {
            SimSpan db = postgres(server, t, "catalog", "SELECT", "products",
                    "SELECT id, name, description, picture, price_usd FROM products ORDER BY popularity DESC LIMIT $1",
                    PG_SELECT_LIST, false);
            t = db.endNs;
            propagate(server, db, "could not list products");
        }
        server.attr("app.products.count", (long) PRODUCTS.length);
        return t + own - pre;
    }

    private long getProduct(SimSpan server, long start, String product) {
        server.attr("app.product.id", product);
        long own = CATALOG_GET_WORK.sampleNs(r);
        long pre = preShare(own);
        long t = start + pre;
        SimSpan c = redis(server, t, "GET", "GET product:" + product);
        t = c.endNs;
        boolean hit = !c.error && chance(0.7);
        server.attr("app.cache.hit", hit);
        if (!hit) {
            SimSpan db = postgres(server, t, "catalog", "SELECT", "products",
                    "SELECT id, name, description, picture, price_usd FROM products WHERE id = $1",
                    PG_SELECT_ONE, false);
            t = db.endNs;
            propagate(server, db, "could not get product " + product);
        }
        return t + own - pre;
    }

    private long convert(SimSpan server, long start) {
        server.attr("app.currency.conversion.from", "USD")
                .attr("app.currency.conversion.to", CURRENCIES[user % CURRENCIES.length]);
        return simpleWork(server, start, CURRENCY_WORK, "conversion rate table not loaded");
    }

    private long supportedCurrencies(SimSpan server, long start) {
        return simpleWork(server, start, CURRENCY_WORK, "conversion rate table not loaded");
    }

    private long simpleWork(SimSpan server, long start, Latency work, String failure) {
        long end = start + work.sampleNs(r);
        if (chance(SERVICE_ERROR_RATE)) {
            server.fail(failure);
            server.grpcCode = 13;
        }
        return end;
    }

    private long listRecommendations(SimSpan server, long start) {
        boolean treatment = assigned(Scenario.FLAG_KEY, Scenario.FLAG_TREATMENT_SHARE);
        evaluateFlag(server, start + 100_000, Scenario.FLAG_KEY,
                treatment ? Scenario.FLAG_TREATMENT : Scenario.FLAG_CONTROL);
        if (treatment) {
            realized.flagTreatment++;
            realized.flagTreatmentUsers.set(user);
        } else {
            realized.flagControl++;
            realized.flagControlUsers.set(user);
        }
        long own = RECOMMENDATION_WORK.sampleNs(r);
        if (treatment) {
            own += Latency.toNs(Scenario.FLAG_TREATMENT_ADDED_MS);
        }
        // The event sits 0.1 ms after the start, so the own work before the call must cover it.
        long pre = Math.max(preShare(own), 200_000);
        SimSpan c = grpc(server, start + pre, catalog, "ListProducts", this::listProducts);
        if (!propagate(server, c, "failed to get product list") && chance(SERVICE_ERROR_RATE)) {
            server.fail("ValueError: empty candidate set");
            server.grpcCode = 2;
        }
        server.attr("app.recommendation.count", (long) (treatment ? 5 : 4));
        return c.endNs + Math.max(0, own - pre);
    }

    private long getQuote(SimSpan server, long start) {
        server.attr("app.shipping.zip_code", Long.toString(10_000 + (user * 7919L) % 89_999));
        return simpleWork(server, start, QUOTE_WORK, "quote service backend unavailable");
    }

    private long shipOrder(SimSpan server, long start) {
        server.attr("app.shipping.tracking.id", Mix.uuid(r.nextLong(), r.nextLong()));
        return simpleWork(server, start, SHIP_WORK, "carrier API rejected the shipment");
    }

    private void emailTrace(SimSpan producer, String orderId) {
        newTrace();
        long start = producer.endNs + QUEUE_LAG.sampleNs(r);
        SimSpan consumer = span(null, pick(email), "process orders", CONSUMER, start);
        consumer.attr("messaging.system", "kafka")
                .attr("messaging.destination.name", "orders")
                .attr("messaging.operation.type", "process")
                .attr("messaging.operation.name", "process")
                .attr("messaging.consumer.group.name", "email")
                .attr("messaging.destination.partition.id", Integer.toString(r.nextInt(6)))
                .attr("messaging.kafka.message.key", orderId)
                .attr("server.address", kafka.name())
                .attr("server.port", (long) kafka.port())
                .attr("app.order.id", orderId);
        consumer.hasLink = true;
        consumer.linkTraceHi = producer.traceHi;
        consumer.linkTraceLo = producer.traceLo;
        consumer.linkSpanId = producer.spanId;
        long own = EMAIL_WORK.sampleNs(r);
        long pre = preShare(own);
        SimSpan render = span(consumer, consumer.instance, "send_order_confirmation", INTERNAL, start + pre);
        render.attr("app.email.template", "confirmation");
        render.endNs = render.startNs + EMAIL_RENDER.sampleNs(r);
        if (chance(SERVICE_ERROR_RATE)) {
            render.fail("Net::SMTPServerBusy: 451 4.3.0 Mail server temporarily rejected message");
            consumer.fail(render.statusMessage);
        }
        consumer.endNs = render.endNs + own - pre;
    }

    // ---- protocols ------------------------------------------------------------------------------------

    private void evaluateFlag(SimSpan span, long at, String key, String variant) {
        span.attr("feature_flag.key", key)
                .attr("feature_flag.result.variant", variant)
                .attr("feature_flag.provider.name", Scenario.FLAG_PROVIDER)
                .attr("feature_flag.context.id", userId());
        span.event(at, "feature_flag.evaluation",
                "feature_flag.key", key,
                "feature_flag.result.variant", variant,
                "feature_flag.provider.name", Scenario.FLAG_PROVIDER,
                "feature_flag.context.id", userId());
    }

    private SimSpan grpc(SimSpan caller, long t, Service callee, String method, Handler handler) {
        Instance instance = callee == checkout
                ? callee.instances().get(chance(Scenario.CANARY_SHARE) ? 3 : r.nextInt(3))
                : pick(callee);
        String name = callee.rpcService() + "/" + method;
        SimSpan client = span(caller, caller.instance, name, CLIENT, t);
        rpcAttributes(client, callee, method);
        SimSpan server = span(client, instance, name, SERVER, t + net());
        rpcAttributes(server, callee, method);
        server.endNs = handler.handle(server, server.startNs);
        long code = server.error ? (server.grpcCode == 0 ? 14 : server.grpcCode) : 0;
        server.attr("rpc.grpc.status_code", code);
        client.attr("rpc.grpc.status_code", code);
        client.endNs = server.endNs + net();
        if (server.error) {
            client.fail("rpc error: code = " + grpcCodeName(code) + " desc = " + server.statusMessage);
        }
        return client;
    }

    private static void rpcAttributes(SimSpan span, Service callee, String method) {
        span.attr("rpc.system", "grpc")
                .attr("rpc.service", callee.rpcService())
                .attr("rpc.method", method)
                .attr("server.address", callee.name())
                .attr("server.port", (long) callee.port());
    }

    private static String grpcCodeName(long code) {
        return switch ((int) code) {
            case 2 -> "Unknown";
            case 13 -> "Internal";
            default -> "Unavailable";
        };
    }

    private SimSpan http(SimSpan caller, long t, Service callee, String method, String route, Handler handler) {
        SimSpan client = span(caller, caller.instance, method, CLIENT, t);
        client.attr("http.request.method", method)
                .attr("server.address", callee.name())
                .attr("server.port", (long) callee.port())
                .attr("url.full", "http://" + callee.name() + ":" + callee.port() + route);
        SimSpan server = span(client, pick(callee), method + " " + route, SERVER, t + net());
        server.attr("http.request.method", method)
                .attr("http.route", route)
                .attr("url.path", route)
                .attr("url.scheme", "http")
                .attr("server.address", callee.name())
                .attr("server.port", (long) callee.port());
        server.endNs = handler.handle(server, server.startNs);
        long status = server.error ? 500 : 200;
        server.attr("http.response.status_code", status);
        client.attr("http.response.status_code", status);
        client.endNs = server.endNs + net();
        if (server.error) {
            client.fail("500 Internal Server Error: " + server.statusMessage);
        }
        return client;
    }

    private SimSpan postgres(SimSpan caller, long t, String db, String operation, String table, String statement,
                             Latency latency, boolean faulted) {
        SimSpan s = span(caller, caller.instance, operation + " " + table, CLIENT, t);
        s.attr("db.system", postgresql.name())
                .attr("db.name", db)
                .attr("db.statement", statement)
                .attr("db.operation.name", operation)
                .attr("db.collection.name", table)
                .attr("server.address", postgresql.name())
                .attr("server.port", (long) postgresql.port());
        long duration = net() + latency.sampleNs(r) + net();
        if (faulted) {
            duration += Latency.toNs(Scenario.FAULT_ADDED_MS);
            if (chance(Scenario.FAULT_ERROR_RATE)) {
                failWithException(s, t + duration, "Npgsql.NpgsqlException", Scenario.FAULT_ERROR_MESSAGE);
            }
        }
        if (!s.error && chance(DB_ERROR_RATE)) {
            failWithException(s, t + duration, "Npgsql.PostgresException",
                    "40P01: deadlock detected");
        }
        s.endNs = t + duration;
        return s;
    }

    private SimSpan redis(SimSpan caller, long t, String command, String statement) {
        SimSpan s = span(caller, caller.instance, command, CLIENT, t);
        s.attr("db.system", redis.name())
                .attr("db.statement", statement)
                .attr("db.operation.name", command)
                .attr("db.redis.database_index", 0L)
                .attr("server.address", redis.name())
                .attr("server.port", (long) redis.port());
        long duration = net() + REDIS_CMD.sampleNs(r) + net();
        if (chance(CACHE_ERROR_RATE)) {
            failWithException(s, t + duration, "RedisTimeoutException", "Timeout performing " + command
                    + " (5000ms), inst: 1, qu: 0, qs: 1");
        }
        s.endNs = t + duration;
        return s;
    }

    private static void failWithException(SimSpan s, long at, String type, String message) {
        s.fail(message);
        s.event(at, "exception", "exception.type", type, "exception.message", message);
    }
}
