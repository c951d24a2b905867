package io.prodlab.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Whether a long job holds the workspace (an import, opening a workspace): one session-wide
 * property that menus and actions bind to, whichever feature started the job. A job takes it with
 * {@link BackgroundTask#holdsBusy(BusyState)}; nothing else sets it. UI thread only.
 */
public final class BusyState {
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int holders;

    void enter() {
        holders++;
        busy.set(true);
    }

    void exit() {
        holders = Math.max(0, holders - 1);
        busy.set(holders > 0);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }
}
