package io.prodlab.ui.common;

/**
 * Runs {@link BackgroundTask}s. The application has one, {@link FxTaskRunner}; view-model tests
 * use one that runs the work on the test's thread.
 */
public interface TaskRunner {
    <T> void execute(BackgroundTask<T> task);
}
