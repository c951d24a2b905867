package io.prodlab.ui.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds an importing thread until the import is cancelled, polling the flag as the real importer
 * does between records; gives up after 30 s so a broken test fails instead of hanging.
 */
final class CancelGate {
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private volatile boolean holding;

    boolean isHolding() {
        return holding;
    }

    void holdUntil(BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        holding = true;
        try {
            while (!cancelled.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the test never cancelled the import");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        } finally {
            holding = false;
        }
    }
}
