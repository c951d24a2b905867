package io.prodlab.ui.common;

/**
 * A started {@link BackgroundTask}: whether it still runs, and a way to ask it to stop. Cancelling
 * raises the task's {@link CancellationToken}; the work decides when it is safe to stop, and the
 * task's handlers still run when it returns. A task cancelled before it started never runs.
 */
public final class TaskHandle {
    private final CancellationToken token = new CancellationToken();
    private volatile boolean running;
    private Runnable onCancel = () -> { };

    TaskHandle() {
    }

    /** Asks the work to stop; does nothing once it has ended. Call on the UI thread. */
    public void cancel() {
        if (running && !token.isCancelled()) {
            token.cancel();
            onCancel.run();
        }
    }

    public boolean isCancelled() {
        return token.isCancelled();
    }

    /** True from {@code executeWith} until the last handler has run. */
    public boolean isRunning() {
        return running;
    }

    CancellationToken token() {
        return token;
    }

    void started() {
        running = true;
    }

    void ended() {
        running = false;
    }

    /** What the runner does when the task is cancelled (tell the status bar). */
    void onCancel(Runnable action) {
        this.onCancel = action;
    }
}
