package io.prodlab.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The app-wide runner: wraps each {@link BackgroundTask} in a {@link javafx.concurrent.Task} and
 * runs it on the one app-wide executor, whose single named daemon thread ({@code prodlab-worker-1})
 * serialises all background work in the order it was started. That order is what the workspace
 * needs (it is not thread-safe, and "open B, then list B's services" must not run the other way
 * round); the little non-workspace work the UI has is short enough to queue behind it.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FxTaskRunner.class.getName());

    private final ExecutorService executor;
    private final ErrorReporter errors;
    private final StatusBarModel status;

    public FxTaskRunner(ErrorReporter errors, StatusBarModel status) {
        this.errors = errors;
        this.status = status;
        this.executor = Executors.newSingleThreadExecutor(namedDaemonThreads("prodlab-worker", errors));
    }

    static ThreadFactory namedDaemonThreads(String prefix, ErrorReporter errors) {
        ThreadFactory base = Executors.defaultThreadFactory();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> {
                // javafx Task catches what its work throws; this only sees failures of the runner itself.
                LOG.log(Level.SEVERE, "Uncaught on " + thread.getName(), e);
                onFxThread(() -> errors.unexpected(e));
            });
            return t;
        };
    }

    @Override
    public <T> void execute(BackgroundTask<T> bt) {
        Consumer<Object> publish = coalescingPublisher(bt);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return bt.call(publish);
            }
        };
        boolean shown = bt.title() != null;
        if (shown) {
            status.taskStarted(bt.title());
        }
        task.setOnSucceeded(e -> {
            try {
                bt.succeeded(task.getValue());
            } finally {
                if (shown) {
                    status.taskFinished();
                }
            }
        });
        task.setOnFailed(e -> {
            try {
                bt.failed(task.getException(), errors);
            } finally {
                if (shown) {
                    status.taskFinished();
                }
            }
        });
        executor.execute(task);
    }

    /**
     * Hands progress snapshots to the FX thread, keeping only the latest when the FX thread lags
     * behind (an importer may report thousands of times a second).
     */
    private static Consumer<Object> coalescingPublisher(BackgroundTask<?> bt) {
        AtomicReference<Object> latest = new AtomicReference<>();
        return snapshot -> {
            if (latest.getAndSet(snapshot) == null) {
                Platform.runLater(() -> bt.progress(latest.getAndSet(null)));
            }
        };
    }

    /** Runs {@code action} on the FX thread: now when already there, else soon. */
    public static void onFxThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /**
     * Waits for the queued work to end, for at most {@code timeoutMillis}. Called when the app
     * stops, after the work that closes the workspace has been queued.
     */
    public boolean shutdownAndWait(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
