package io.prodlab.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A piece of work to run off the FX thread, with what to do on the FX thread when it ends. The
 * one way the UI runs anything slow (workspace calls, file I/O):
 *
 * <pre>{@code
 * TaskHandle h = BackgroundTask.of(token -> importer.importPaths(ws, paths, listener, token::isCancelled))
 *         .titled("Importing…")          // shown in the status bar while it runs
 *         .holdsBusy(session.busy())     // menus that need an idle workspace are disabled meanwhile
 *         .onSuccess(rows::setAll)
 *         .onError(WorkspaceException.class, e -> failed.set(true))
 *         .andFinally(() -> running.set(false))
 *         .executeWith(runner);
 * h.cancel();                            // raises the token; the work stops where it is safe
 * }</pre>
 *
 * <p>Handlers run on the FX thread (with {@link FxTaskRunner}), in the order they were added. A
 * failure that no {@code onError} handler takes goes to the app's {@link ErrorReporter}, which
 * shows a {@code ProdlabException} by its category and anything else in the error dialog.
 * {@code andFinally} runs after either outcome. A task cancelled before it started runs no work
 * and no success or error handler, only {@code andFinally}.
 *
 * <p>Progress: work created with {@link #withProgress} publishes snapshots from the background
 * thread; the runner delivers the latest one to the FX thread, dropping the ones it overtook. A
 * titled task shows in the status bar, with the progress its snapshots map to.
 *
 * @param <T> what the work returns
 */
public final class BackgroundTask<T> {

    /** Work that may be cancelled: it polls the token and stops at a safe point. */
    @FunctionalInterface
    public interface Work<T> {
        T call(CancellationToken token) throws Exception;
    }

    /** Work that publishes progress snapshots of type {@code P} while it runs. */
    @FunctionalInterface
    public interface ProgressWork<T, P> {
        T call(Consumer<P> publish, CancellationToken token) throws Exception;
    }

    private record ErrorHandler<E extends Throwable>(Class<E> type, Consumer<? super E> handler) {
        boolean handle(Throwable t) {
            if (type.isInstance(t)) {
                handler.accept(type.cast(t));
                return true;
            }
            return false;
        }
    }

    private final ProgressWork<T, Object> work;
    private final Consumer<Object> progressHandler;
    private final Function<Object, TaskProgress> statusMapper;
    private final List<Consumer<? super T>> successHandlers = new ArrayList<>();
    private final List<ErrorHandler<?>> errorHandlers = new ArrayList<>();
    private final List<Runnable> finallyHandlers = new ArrayList<>();
    private final List<Consumer<? super Throwable>> failureObservers = new ArrayList<>();
    private final TaskHandle handle = new TaskHandle();
    private String title;
    private BusyState busy;
    private boolean executed;

    private BackgroundTask(ProgressWork<T, Object> work, Consumer<Object> progressHandler,
                           Function<Object, TaskProgress> statusMapper) {
        this.work = work;
        this.progressHandler = progressHandler;
        this.statusMapper = statusMapper;
    }

    /** Work that cannot be cancelled half-way (short, or all-or-nothing anyway). */
    public static <T> BackgroundTask<T> of(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        return new BackgroundTask<>((publish, token) -> work.call(), p -> { }, null);
    }

    /** Work that honours its cancellation token. */
    public static <T> BackgroundTask<T> cancellable(Work<T> work) {
        Objects.requireNonNull(work, "work");
        return new BackgroundTask<>((publish, token) -> work.call(token), p -> { }, null);
    }

    /**
     * Work that publishes progress; {@code onProgress} gets the latest snapshot on the FX thread, and
     * a titled task shows {@code status} of it in the status bar.
     */
    @SuppressWarnings("unchecked")
    public static <T, P> BackgroundTask<T> withProgress(ProgressWork<T, P> work, Consumer<? super P> onProgress,
                                                        Function<? super P, TaskProgress> status) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(onProgress, "onProgress");
        Objects.requireNonNull(status, "status");
        ProgressWork<T, Object> erased = (publish, token) -> work.call(p -> publish.accept(p), token);
        return new BackgroundTask<>(erased, p -> onProgress.accept((P) p), p -> status.apply((P) p));
    }

    /** A short text the status bar shows while the work runs ("Loading services…"). */
    public BackgroundTask<T> titled(String title) {
        this.title = title;
        return this;
    }

    /**
     * Holds the session-wide busy state from {@code executeWith} until the success or error handlers
     * have run; {@code andFinally} handlers run after it was let go.
     */
    public BackgroundTask<T> holdsBusy(BusyState state) {
        this.busy = Objects.requireNonNull(state);
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        successHandlers.add(Objects.requireNonNull(handler));
        return this;
    }

    /** Takes every failure: use it where the caller really handles whatever may go wrong. */
    public BackgroundTask<T> onError(Consumer<? super Throwable> handler) {
        return onError(Throwable.class, handler);
    }

    /** Takes failures of one type (an expected, recoverable one such as {@code WorkspaceException}). */
    public <E extends Throwable> BackgroundTask<T> onError(Class<E> type, Consumer<? super E> handler) {
        errorHandlers.add(new ErrorHandler<>(Objects.requireNonNull(type), Objects.requireNonNull(handler)));
        return this;
    }

    /**
     * Runs on any failure without taking it: the failure still goes to the handlers above, or to the
     * reporter, which shows it by its category. For state that must change however it failed.
     */
    public BackgroundTask<T> whenFailed(Consumer<? super Throwable> action) {
        failureObservers.add(Objects.requireNonNull(action));
        return this;
    }

    public BackgroundTask<T> andFinally(Runnable handler) {
        finallyHandlers.add(Objects.requireNonNull(handler));
        return this;
    }

    /** Starts the work; returns at once with the handle that cancels it. Call on the UI thread, once. */
    public TaskHandle executeWith(TaskRunner runner) {
        if (executed) {
            throw new IllegalStateException("a BackgroundTask runs once");
        }
        executed = true;
        handle.started();
        if (busy != null) {
            busy.enter();
        }
        runner.execute(this);
        return handle;
    }

    // --- for runners ---------------------------------------------------------------------

    public String title() {
        return title;
    }

    public TaskHandle handle() {
        return handle;
    }

    /**
     * Runs the work on the calling thread (a runner's worker).
     *
     * @throws CancellationException when the task was cancelled before it started
     */
    public T call(Consumer<Object> publish) throws Exception {
        if (handle.isCancelled()) {
            throw new CancellationException("cancelled before it started");
        }
        return work.call(publish, handle.token());
    }

    /** Delivers a progress snapshot; returns what the status bar shows of it. Call on the UI thread. */
    public TaskProgress progress(Object snapshot) {
        progressHandler.accept(snapshot);
        return statusMapper == null ? null : statusMapper.apply(snapshot);
    }

    /** Delivers the result; call on the UI thread. */
    public void succeeded(T value) {
        try {
            for (Consumer<? super T> h : successHandlers) {
                h.accept(value);
            }
        } finally {
            runFinally();
        }
    }

    /**
     * Delivers a failure to the first handler that takes it, or to {@code unexpected}; call on
     * the UI thread. A task that never ran because it was cancelled only runs {@code andFinally}.
     */
    public void failed(Throwable error, ErrorReporter unexpected) {
        try {
            if (error instanceof CancellationException && handle.isCancelled()) {
                return;
            }
            for (Consumer<? super Throwable> o : failureObservers) {
                o.accept(error);
            }
            for (ErrorHandler<?> h : errorHandlers) {
                if (h.handle(error)) {
                    return;
                }
            }
            unexpected.unexpected(error);
        } finally {
            runFinally();
        }
    }

    /**
     * The job lets go of the busy state first, so that an {@code andFinally} handler may start the
     * next job (import into the workspace that was just opened).
     */
    private void runFinally() {
        handle.ended();
        if (busy != null) {
            busy.exit();
        }
        for (Runnable r : finallyHandlers) {
            r.run();
        }
    }
}
