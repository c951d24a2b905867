package io.prodlab.ui.testing;

import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Failures;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskRunner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Holds tasks until the test runs them, one at a time in the order they came, on the test's
 * thread — so a test can look at a view model while its work is still queued ("Loading…").
 */
public final class QueuedTaskRunner implements TaskRunner {
    private final Deque<BackgroundTask<?>> queue = new ArrayDeque<>();
    private final List<Throwable> unexpected = new ArrayList<>();
    private final Failures failures;

    public QueuedTaskRunner(StatusBarModel status) {
        this.failures = new Failures(status, unexpected::add);
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        queue.add(task);
    }

    public int queued() {
        return queue.size();
    }

    /** Runs the oldest queued task; false when none is queued. */
    public boolean runNext() {
        BackgroundTask<?> next = queue.poll();
        if (next == null) {
            return false;
        }
        run(next);
        return true;
    }

    /** Runs tasks, including those the handlers queue, until none is left. */
    public void runAll() {
        while (runNext()) {
            // keep going
        }
    }

    private <T> void run(BackgroundTask<T> task) {
        T value;
        try {
            value = task.call(task::progress);
        } catch (Throwable t) {
            task.failed(t, failures);
            return;
        }
        task.succeeded(value);
    }

    public List<Throwable> unexpected() {
        return unexpected;
    }
}
