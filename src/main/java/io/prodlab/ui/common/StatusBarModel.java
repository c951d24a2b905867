package io.prodlab.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the status bar shows: the last message (an outcome, or a recoverable failure) and the
 * running background work with its progress. Used on the UI thread only.
 */
public final class StatusBarModel {
    /** The value of {@link #taskProgressProperty()} when the work cannot say how far it is. */
    public static final double INDETERMINATE = -1;

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyStringWrapper taskMessage = new ReadOnlyStringWrapper(this, "taskMessage", "");
    private final ReadOnlyDoubleWrapper taskProgress = new ReadOnlyDoubleWrapper(this, "taskProgress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int running;

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

    public void taskStarted(String title) {
        running++;
        busy.set(true);
        taskMessage.set(title);
        taskProgress.set(INDETERMINATE);
    }

    /** Progress of the running work: {@code fraction} in 0..1, or {@link #INDETERMINATE}. */
    public void taskProgress(double fraction, String text) {
        taskProgress.set(fraction);
        taskMessage.set(text);
    }

    public void taskFinished() {
        running = Math.max(0, running - 1);
        if (running == 0) {
            busy.set(false);
            taskMessage.set("");
            taskProgress.set(0);
        }
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

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
