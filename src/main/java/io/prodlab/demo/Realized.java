package io.prodlab.demo;

import java.util.BitSet;

/**
 * What the simulator actually produced, counted while streaming: fixed-size counters (and bit sets
 * bounded by the user pool), so memory does not grow with the number of spans.
 */
final class Realized {
    long requestTraces;
    long asyncTraces;
    long spans;
    long errorSpans;
    long lines;
    long firstStartNs = Long.MAX_VALUE;
    long lastEndNs = Long.MIN_VALUE;

    long checkoutBaseline;
    long checkoutCanary;
    long checkoutBaselineOwnErrors;
    long checkoutCanaryOwnErrors;

    long flagControl;
    long flagTreatment;
    final BitSet flagControlUsers = new BitSet();
    final BitSet flagTreatmentUsers = new BitSet();

    long aaGrid;
    long aaList;

    long faultWindowCalls;
    long faultWindowErrors;
    long outsideWindowCalls;
    long outsideWindowErrors;

    long traces() {
        return requestTraces + asyncTraces;
    }
}
