package io.prodlab.ui.testing;

import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Failures;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs each task at once on the calling thread, progress included, so that view models are
 * tested with plain JUnit and no toolkit. Failures no handler took are routed as in the app
 * ({@link Failures}): one the user can act on reaches the status bar; the others — what the app
 * shows in its error dialog — are collected, not thrown.
 */
public final class DirectTaskRunner implements TaskRunner {
    private final List<Throwable> unexpected = new ArrayList<>();
    private final Failures failures;

    public DirectTaskRunner(StatusBarModel status) {
        this.failures = new Failures(status, unexpected::add);
    }

    public DirectTaskRunner() {
        this(new StatusBarModel());
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        T value;
        try {
            value = task.call(task::progress);
        } catch (Throwable t) {
            task.failed(t, failures);
            return;
        }
        task.succeeded(value);
    }

    /** Failures that reached the error dialog's side (no handler took them, and they are defects). */
    public List<Throwable> unexpected() {
        return unexpected;
    }
}
