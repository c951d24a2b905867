package io.prodlab.ui.common;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's runner on the real FX thread: status bar, cancellation, shutdown. */
class FxTaskRunnerTest {
    private final StatusBarModel status = new StatusBarModel();
    private final List<Throwable> dialog = new ArrayList<>();
    private final FxTaskRunner runner = new FxTaskRunner(new Failures(status, dialog::add), status, "Cancelling\u2026");
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
    }

    @Test
    void aTitledTaskShowsInTheStatusBarWithItsProgressAndLeavesIt() throws Exception {
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        onFx(() -> BackgroundTask.<String, Integer>withProgress((publish, token) -> {
                    publish.accept(3);
                    published.countDown();
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                    return "done";
                }, p -> log.add("progress " + p), p -> new TaskProgress(p / 4.0, p + " of 4 files"))
                .titled("Importing\u2026")
                .onSuccess(log::add)
                .executeWith(runner));

        assertTrue(published.await(30, TimeUnit.SECONDS));
        waitFor(() -> status.taskProgressProperty().get() == 0.75);
        assertEquals("3 of 4 files", onFx(() -> status.taskMessageProperty().get()));
        assertTrue(onFx(() -> status.showingTaskProperty().get()));

        release.countDown();
        waitFor(() -> !status.showingTaskProperty().get());
        assertEquals(List.of("progress 3", "done"), onFx(() -> List.copyOf(log)));
        assertEquals("", onFx(() -> status.taskMessageProperty().get()));
    }

    @Test
    void anUntitledTaskStaysOutOfTheStatusBar() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        onFx(() -> BackgroundTask.of(() -> release.await(30, TimeUnit.SECONDS)).executeWith(runner));
        assertFalse(onFx(() -> status.showingTaskProperty().get()));
        release.countDown();
    }

    @Test
    void cancelAllStopsTheRunningTaskAndSkipsTheQueuedOnes() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Boolean> sawCancel = new AtomicReference<>(false);
        onFx(() -> BackgroundTask.cancellable(token -> {
                    running.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!token.isCancelled() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    sawCancel.set(token.isCancelled());
                    return "rolled back";
                })
                .titled("Importing\u2026")
                .onSuccess(log::add)
                .executeWith(runner));
        onFx(() -> BackgroundTask.of(() -> log.add("queued work ran"))
                .andFinally(() -> log.add("queued finally"))
                .executeWith(runner));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        assertEquals(2, (int) onFx(runner::liveTasks));

        // In one turn of the FX thread, before the task's end can be delivered:
        String shown = onFx(() -> {
            runner.cancelAll();
            return status.taskMessageProperty().get();
        });
        assertEquals("Cancelling\u2026", shown, "the status bar says the task is stopping");

        waitFor(() -> runner.liveTasks() == 0);
        assertTrue(sawCancel.get());
        assertEquals(List.of("rolled back", "queued finally"), onFx(() -> List.copyOf(log)));
        assertTrue(dialog.isEmpty());
    }

    @Test
    void aFailureNoHandlerTakesIsRoutedByItsCategory() throws Exception {
        onFx(() -> BackgroundTask.of(() -> {
            throw new io.prodlab.store.WorkspaceException("Workspace w.prodlab is damaged; restore a copy.");
        }).executeWith(runner));
        waitFor(() -> status.errorProperty().get());
        assertEquals("Workspace w.prodlab is damaged; restore a copy.", onFx(() -> status.messageProperty().get()));

        IllegalStateException bug = new IllegalStateException("bug");
        onFx(() -> BackgroundTask.of(() -> {
            throw bug;
        }).executeWith(runner));
        waitFor(() -> !dialog.isEmpty());
        assertEquals(List.of(bug), dialog);
    }
}
