package io.prodlab.store;

import java.nio.file.Path;

/**
 * Another process has the workspace: the desktop app shows it, or an import writes it. The
 * message names that process so the user knows where to close it.
 */
public final class WorkspaceLockedException extends WorkspaceException {
    private static final long serialVersionUID = 1L;

    private final transient WorkspaceLock.Holder holder;

    WorkspaceLockedException(Path workspace, WorkspaceLock.Holder holder) {
        super(message(workspace, holder));
        this.holder = holder;
    }

    WorkspaceLockedException(String message, WorkspaceLock.Holder holder) {
        super(message);
        this.holder = holder;
    }

    private static String message(Path workspace, WorkspaceLock.Holder h) {
        return h.mode() == WorkspaceLock.Mode.OPEN
                ? "Workspace " + workspace + " is open in " + h.describe() + ". Close it there first (File > Close), "
                        + "or import from the desktop app; reading it with 'prodlab query' works meanwhile."
                : "Workspace " + workspace + " is being written by " + h.describe()
                        + ". Try again when that has finished.";
    }

    /** The process that has the workspace. */
    public WorkspaceLock.Holder holder() {
        return holder;
    }
}
