package io.prodlab.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
    private final String cancellingText;
    private final Set<TaskHandle> live = ConcurrentHashMap.newKeySet();

    /**
     * @param errors where failures that no handler takes go
     * @param status where titled tasks show while they run
     * @param cancellingText what the status bar says of a task once it is cancelled
     */
    public FxTaskRunner(ErrorReporter errors, StatusBarModel status, String cancellingText) {
        this.errors = errors;
        this.status = status;
        this.cancellingText = cancellingText;
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
        StatusBarModel.Task shown = bt.title() == null ? null : status.taskStarted(bt.title());
        Consumer<Object> publish = coalescingPublisher(bt, shown);
        TaskHandle handle = bt.handle();
        live.add(handle);
        if (shown != null) {
            handle.onCancel(() -> status.taskProgress(shown, StatusBarModel.INDETERMINATE, cancellingText));
        }
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return bt.call(publish);
            }
        };
        Runnable ended = () -> {
            live.remove(handle);
            if (shown != null) {
                status.taskFinished(shown);
            }
        };
        task.setOnSucceeded(e -> {
            try {
                bt.succeeded(task.getValue());
            } finally {
                ended.run();
            }
        });
        task.setOnFailed(e -> {
            try {
                bt.failed(task.getException(), errors);
            } finally {
                ended.run();
            }
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The app is stopping: work asked for now (a refresh after the cancelled import) is dropped,
            // as a task cancelled before it started.
            LOG.fine("Dropped after shutdown: " + bt.title());
            handle.cancel();
            bt.failed(new CancellationException("the app is stopping"), errors);
            ended.run();
        }
    }

    /**
     * Cancels every task that has not ended: the running one stops at its next safe point, queued
     * ones never start. Called when the app stops, before the work that closes the workspace.
     */
    public void cancelAll() {
        for (TaskHandle h : List.copyOf(live)) {
            h.cancel();
        }
    }

    /** How many tasks have been started and not ended. */
    public int liveTasks() {
        return live.size();
    }

    /**
     * Hands progress snapshots to the FX thread, keeping only the latest when the FX thread lags
     * behind (an importer may report thousands of times a second).
     */
    private Consumer<Object> coalescingPublisher(BackgroundTask<?> bt, StatusBarModel.Task shown) {
        AtomicReference<Object> latest = new AtomicReference<>();
        return snapshot -> {
            if (latest.getAndSet(snapshot) == null) {
                Platform.runLater(() -> {
                    Object last = latest.getAndSet(null);
                    if (!bt.handle().isRunning()) {
                        return;
                    }
                    TaskProgress p = bt.progress(last);
                    if (shown != null && p != null && !bt.handle().isCancelled()) {
                        status.taskProgress(shown, p.fraction(), p.text());
                    }
                });
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
