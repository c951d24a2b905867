package io.prodlab.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;

/**
 * What the status bar shows: the last message (an outcome, or a recoverable failure) and the
 * running background work with its progress. Used on the UI thread only.
 *
 * <p>Tasks reach it one way: the task runner adds every titled {@link BackgroundTask} when it
 * starts and removes it when it ends (the task methods are package-private, so no view model can
 * drive them by hand). With several tasks queued, the oldest one shows — on the single worker
 * thread, that is the one that runs.
 */
public final class StatusBarModel {
    /** The value of {@link #taskProgressProperty()} when the work cannot say how far it is. */
    public static final double INDETERMINATE = -1;

    /** One titled task the status bar knows of. */
    static final class Task {
        private String text;
        private double fraction = INDETERMINATE;

        private Task(String title) {
            this.text = title;
        }
    }

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyStringWrapper taskMessage = new ReadOnlyStringWrapper(this, "taskMessage", "");
    private final ReadOnlyDoubleWrapper taskProgress = new ReadOnlyDoubleWrapper(this, "taskProgress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final List<Task> tasks = new ArrayList<>();
    // Time: the session's time range in words.
    private final ReadOnlyStringWrapper timeRange = new ReadOnlyStringWrapper(this, "timeRange", "");

    /** An outcome worth telling ("Imported 19 spans from 1 file."). */
    public void info(String text) {
        message.set(text);
        error.set(false);
    }

    /** A failure the user can act on (the message says what and what to do). */
    public void error(String text) {
        message.set(text);
        error.set(true);
    }

    Task taskStarted(String title) {
        Task t = new Task(title);
        tasks.add(t);
        show();
        return t;
    }

    /** Progress of a running task: {@code fraction} in 0..1, or {@link #INDETERMINATE}. */
    void taskProgress(Task task, double fraction, String text) {
        task.fraction = fraction;
        if (text != null) {
            task.text = text;
        }
        show();
    }

    void taskFinished(Task task) {
        tasks.remove(task);
        show();
    }

    private void show() {
        if (tasks.isEmpty()) {
            busy.set(false);
            taskMessage.set("");
            taskProgress.set(0);
            return;
        }
        Task first = tasks.get(0);
        taskMessage.set(first.text);
        taskProgress.set(first.fraction);
        busy.set(true);
    }

    /** Shows the session's time range ({@link TimeRangeModel#descriptionProperty()}) from now on. */
    public void showTimeRange(javafx.beans.value.ObservableStringValue text) {
        timeRange.bind(text);
    }

    /** The session's time range in words; empty when there is none to tell (no data). */
    public ReadOnlyStringProperty timeRangeProperty() {
        return timeRange.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty taskMessageProperty() {
        return taskMessage.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty taskProgressProperty() {
        return taskProgress.getReadOnlyProperty();
    }

    /** Whether the status bar shows a task (not the session's busy state: see {@link BusyState}). */
    public ReadOnlyBooleanProperty showingTaskProperty() {
        return busy.getReadOnlyProperty();
    }
}
