package io.prodlab.ui.common;

import io.prodlab.store.WorkspaceException;
import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundTaskTest {
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final List<String> log = new ArrayList<>();

    @Test
    void successRunsTheHandlersInOrderThenFinally() {
        BackgroundTask.of(() -> 42)
                .onSuccess(v -> log.add("first " + v))
                .onSuccess(v -> log.add("second " + v))
                .onError(e -> log.add("error"))
                .andFinally(() -> log.add("finally"))
                .executeWith(runner);

        assertEquals(List.of("first 42", "second 42", "finally"), log);
    }

    @Test
    void aFailureGoesToTheFirstHandlerOfItsType() {
        BackgroundTask.of(() -> {
                    throw new WorkspaceException("locked");
                })
                .onError(IOException.class, e -> log.add("io"))
                .onError(WorkspaceException.class, e -> log.add("workspace " + e.getMessage()))
                .onError(e -> log.add("any"))
                .andFinally(() -> log.add("finally"))
                .executeWith(runner);

        assertEquals(List.of("workspace locked", "finally"), log);
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void aFailureNoHandlerTakesIsUnexpected() {
        IllegalStateException bug = new IllegalStateException("bug");
        BackgroundTask.of(() -> {
                    throw bug;
                })
                .onError(WorkspaceException.class, e -> log.add("workspace"))
                .andFinally(() -> log.add("finally"))
                .executeWith(runner);

        assertEquals(List.of("finally"), log);
        assertEquals(List.of(bug), runner.unexpected());
    }

    @Test
    void progressSnapshotsReachTheHandler() {
        BackgroundTask.<String, Integer>withProgress((publish, token) -> {
                    publish.accept(1);
                    publish.accept(2);
                    return "done";
                }, p -> log.add("progress " + p), p -> new TaskProgress(p / 2.0, "step " + p))
                .onSuccess(log::add)
                .executeWith(runner);

        assertEquals(List.of("progress 1", "progress 2", "done"), log);
    }

    @Test
    void finallyRunsEvenWhenASuccessHandlerThrows() {
        BackgroundTask<Integer> task = BackgroundTask.of(() -> 1)
                .onSuccess(v -> {
                    throw new IllegalStateException("handler bug");
                })
                .andFinally(() -> log.add("finally"));

        try {
            task.executeWith(runner);
        } catch (IllegalStateException expected) {
            log.add("thrown");
        }

        assertEquals(List.of("finally", "thrown"), log);
    }

    @Test
    void theWorkSeesTheTokenTheHandleRaises() {
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        boolean[] seen = new boolean[1];
        TaskHandle[] handle = new TaskHandle[1];
        handle[0] = BackgroundTask.cancellable(token -> {
                    handle[0].cancel(); // as a user pressing Cancel while the work runs
                    seen[0] = token.isCancelled();
                    return "stopped early";
                })
                .onSuccess(log::add)
                .andFinally(() -> log.add("finally"))
                .executeWith(queued);
        assertTrue(handle[0].isRunning());

        queued.runAll();

        assertTrue(seen[0]);
        assertEquals(List.of("stopped early", "finally"), log, "work that returns after a cancel still succeeds");
        assertFalse(handle[0].isRunning());
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsItsWork() {
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        TaskHandle handle = BackgroundTask.of(() -> log.add("work ran"))
                .onSuccess(v -> log.add("success"))
                .onError(e -> log.add("error " + e))
                .andFinally(() -> log.add("finally"))
                .executeWith(queued);

        handle.cancel();
        queued.runAll();

        assertEquals(List.of("finally"), log);
        assertTrue(queued.unexpected().isEmpty(), "a cancel is not a failure");
        assertFalse(handle.isRunning());
    }

    @Test
    void cancellingAnEndedTaskDoesNothing() {
        TaskHandle handle = BackgroundTask.of(() -> 1).executeWith(runner);
        handle.cancel();
        assertFalse(handle.isCancelled());
    }

    @Test
    void aBusyTaskHoldsTheBusyStateUntilItsLastHandler() {
        BusyState busy = new BusyState();
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        BackgroundTask.of(() -> 1).holdsBusy(busy)
                .onSuccess(v -> log.add("busy in handler: " + busy.isBusy()))
                .executeWith(queued);
        BackgroundTask.of(() -> 2).holdsBusy(busy).executeWith(queued);
        assertTrue(busy.isBusy());

        queued.runNext();
        assertTrue(busy.isBusy(), "the second job still holds it");
        queued.runNext();

        assertFalse(busy.isBusy());
        assertEquals(List.of("busy in handler: true"), log);
    }

    @Test
    void aFailedBusyTaskLetsGoToo() {
        BusyState busy = new BusyState();
        BackgroundTask.of(() -> {
            throw new IllegalStateException("bug");
        }).holdsBusy(busy).executeWith(runner);
        assertFalse(busy.isBusy());
    }

    @Test
    void whenFailedSeesTheFailureAndLeavesItToTheReporter() {
        BackgroundTask.of(() -> {
                    throw new WorkspaceException("Workspace w.prodlab is locked.");
                })
                .whenFailed(e -> log.add("saw " + e.getMessage()))
                .executeWith(runner);

        assertEquals(List.of("saw Workspace w.prodlab is locked."), log);
        assertEquals("Workspace w.prodlab is locked.", status.messageProperty().get(),
                "a workspace failure goes to the status bar by its category");
        assertTrue(status.errorProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            BAD_INPUT, false
            WORKSPACE, false
            USAGE,     false
            INTERNAL,  true
            """)
    void theCategoryDecidesBetweenStatusBarAndErrorDialog(ErrorCategory category, boolean dialog) {
        List<Throwable> shownInDialog = new ArrayList<>();
        Failures failures = new Failures(status, shownInDialog::add);
        ProdlabException e = new ProdlabException(category, "what happened and what to do") {
            private static final long serialVersionUID = 1L;
        };

        failures.unexpected(e);

        assertEquals(dialog ? List.of(e) : List.of(), shownInDialog);
        assertEquals(dialog ? "" : "what happened and what to do", status.messageProperty().get());
    }

    @Test
    void anythingThatIsNotAProdlabExceptionIsADefect() {
        List<Throwable> shownInDialog = new ArrayList<>();
        IOException io = new IOException("disk on fire");
        new Failures(status, shownInDialog::add).unexpected(io);
        assertEquals(List.of(io), shownInDialog);
        assertEquals("", status.messageProperty().get());
    }
}
