package io.prodlab.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A piece of work to run off the FX thread, with what to do on the FX thread when it ends. The
 * one way the UI runs anything slow (workspace calls, file I/O):
 *
 * <pre>{@code
 * BackgroundTask.of(() -> session.workspace().services())
 *         .onSuccess(rows::setAll)
 *         .onError(WorkspaceException.class, e -> status.error(e.getMessage()))
 *         .andFinally(() -> loading.set(false))
 *         .executeWith(runner);
 * }</pre>
 *
 * <p>Handlers run on the FX thread (with {@link FxTaskRunner}), in the order they were added. A
 * failure that no {@code onError} handler takes is unexpected: the runner hands it to the app's
 * {@link ErrorReporter} (the error dialog). {@code andFinally} runs after either outcome.
 *
 * <p>Progress: work created with {@link #withProgress} publishes snapshots from the background
 * thread; the runner delivers the latest one to the FX thread, dropping the ones it overtook.
 *
 * @param <T> what the work returns
 */
public final class BackgroundTask<T> {

    /** Work that publishes progress snapshots of type {@code P} while it runs. */
    @FunctionalInterface
    public interface ProgressWork<T, P> {
        T call(Consumer<P> publish) throws Exception;
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
    private final List<Consumer<? super T>> successHandlers = new ArrayList<>();
    private final List<ErrorHandler<?>> errorHandlers = new ArrayList<>();
    private final List<Runnable> finallyHandlers = new ArrayList<>();
    private String title;

    private BackgroundTask(ProgressWork<T, Object> work, Consumer<Object> progressHandler) {
        this.work = work;
        this.progressHandler = progressHandler;
    }

    /** Work without progress. */
    public static <T> BackgroundTask<T> of(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        return new BackgroundTask<>(publish -> work.call(), p -> { });
    }

    /** Work that publishes progress; {@code onProgress} gets the latest snapshot on the FX thread. */
    @SuppressWarnings("unchecked")
    public static <T, P> BackgroundTask<T> withProgress(ProgressWork<T, P> work, Consumer<? super P> onProgress) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(onProgress, "onProgress");
        ProgressWork<T, Object> erased = publish -> work.call(p -> publish.accept(p));
        return new BackgroundTask<>(erased, p -> onProgress.accept((P) p));
    }

    /** A short text the status bar shows while the work runs ("Loading services…"). */
    public BackgroundTask<T> titled(String title) {
        this.title = title;
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

    public BackgroundTask<T> andFinally(Runnable handler) {
        finallyHandlers.add(Objects.requireNonNull(handler));
        return this;
    }

    /** Starts the work; returns at once. */
    public void executeWith(TaskRunner runner) {
        runner.execute(this);
    }

    // --- for runners ---------------------------------------------------------------------

    public String title() {
        return title;
    }

    /** Runs the work on the calling thread (a runner's worker). */
    public T call(Consumer<Object> publish) throws Exception {
        return work.call(publish);
    }

    /** Delivers a progress snapshot; call on the UI thread. */
    public void progress(Object snapshot) {
        progressHandler.accept(snapshot);
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
     * the UI thread.
     */
    public void failed(Throwable error, ErrorReporter unexpected) {
        try {
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

    private void runFinally() {
        for (Runnable r : finallyHandlers) {
            r.run();
        }
    }
}
