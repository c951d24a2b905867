package io.prodlab.ui.common;

/**
 * Says whether the user (or the app's shutdown) asked a piece of background work to stop. The work
 * polls it — core code takes it as a {@code BooleanSupplier cancelled} ({@code token::isCancelled})
 * — and stops at the next safe point; nothing is interrupted.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }
}
