package io.prodlab.ui.testing;

import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.TaskRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs each task at once on the calling thread, progress included, so that view models are
 * tested with plain JUnit and no toolkit. Failures nobody handled are collected, not thrown.
 */
public final class DirectTaskRunner implements TaskRunner {
    private final List<Throwable> unexpected = new ArrayList<>();

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        T value;
        try {
            value = task.call(task::progress);
        } catch (Throwable t) {
            task.failed(t, unexpected::add);
            return;
        }
        task.succeeded(value);
    }

    /** Failures that reached the error dialog's side (no handler took them). */
    public List<Throwable> unexpected() {
        return unexpected;
    }
}
