package io.prodlab.ui.common;

import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundTaskTest {
    private final DirectTaskRunner runner = new DirectTaskRunner();
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
        BackgroundTask.<String, Integer>withProgress(publish -> {
                    publish.accept(1);
                    publish.accept(2);
                    return "done";
                }, p -> log.add("progress " + p))
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
}
