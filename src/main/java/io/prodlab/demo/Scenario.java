package io.prodlab.demo;

import java.time.Instant;

/**
 * The planted effects and the simulated time frame: one source for both the simulator and the
 * ground-truth file, so the two cannot drift apart.
 */
final class Scenario {

    /** Bumped whenever the simulated data changes for the same options; recorded in the ground truth. */
    static final int SIMULATOR_VERSION = 1;

    static final String START = "2026-11-01T12:00:00Z";
    static final long START_NS = Instant.parse(START).getEpochSecond() * 1_000_000_000L;
    /** Arrivals are scaled so that a run of any size covers about this long. */
    static final long RUN_SECONDS = 30 * 60;

    // Canary: a new checkout build on one pod takes a share of checkout calls.
    static final String CANARY_SERVICE = "checkout";
    static final String BASELINE_VERSION = "1.4.0";
    static final String CANARY_VERSION = "1.5.0-canary";
    static final double CANARY_SHARE = 0.10;
    /** Added to the own work of every canary PlaceOrder, so every quantile of its duration shifts by it. */
    static final double CANARY_ADDED_MS = 80.0;
    static final double BASELINE_OWN_ERROR_RATE = 0.005;
    static final double CANARY_OWN_ERROR_RATE = 0.08;
    static final String CHECKOUT_OWN_ERROR_MESSAGE = "failed to persist order: constraint violation on orders_pkey";

    // Feature flag with a planted effect, assigned per user.
    static final String FLAG_KEY = "new-recommendations";
    static final String FLAG_PROVIDER = "flagd";
    static final String FLAG_CONTROL = "control";
    static final String FLAG_TREATMENT = "treatment";
    static final double FLAG_TREATMENT_SHARE = 0.5;
    /** Added to the own work of ListRecommendations for treatment users. */
    static final double FLAG_TREATMENT_ADDED_MS = 30.0;

    // A/A flag: two variants, no effect; a control for false positives.
    static final String AA_FLAG_KEY = "product-page-layout";
    static final String AA_VARIANT_A = "grid";
    static final String AA_VARIANT_B = "list";
    static final double AA_VARIANT_B_SHARE = 0.5;

    // Fault injection on the payment -> postgresql edge.
    static final long FAULT_START_OFFSET_S = 15 * 60;
    static final long FAULT_LENGTH_S = 2 * 60;
    static final long FAULT_START_NS = START_NS + FAULT_START_OFFSET_S * 1_000_000_000L;
    static final long FAULT_END_NS = FAULT_START_NS + FAULT_LENGTH_S * 1_000_000_000L;
    static final String FAULT_SOURCE = "payment";
    static final String FAULT_TARGET = "postgresql";
    static final double FAULT_ADDED_MS = 300.0;
    static final double FAULT_ERROR_RATE = 0.20;
    static final String FAULT_ERROR_MESSAGE = "read tcp 10.42.3.17:5432: i/o timeout";
    static final String FAULT_NAME = "payment-db-latency";

    private Scenario() {
    }
}
