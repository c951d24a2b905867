package io.prodlab.ui.common;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.file.Path;

/**
 * The workspace the window works on. Two sides:
 * <ul>
 *   <li>the {@link Workspace} itself, which only background work touches, through
 *       {@link #workspace()} inside a {@link BackgroundTask} (the single worker thread serialises
 *       those calls, which is what the not-thread-safe workspace needs);</li>
 *   <li>properties for the UI thread: which file is open, how many spans it holds, and a
 *       revision that changes whenever its content may have changed, for views to refresh;</li>
 *   <li>the session-wide {@link #busy() busy state} that long jobs hold.</li>
 * </ul>
 */
public final class WorkspaceSession {
    /** What {@link #open} did, handed from the worker to the UI thread. */
    public record Opened(Path path, long spans) {
    }

    private volatile Workspace workspace;
    private final ReadOnlyObjectWrapper<Path> path = new ReadOnlyObjectWrapper<>(this, "path");
    private final ReadOnlyLongWrapper spanCount = new ReadOnlyLongWrapper(this, "spanCount");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final BooleanBinding open = Bindings.isNotNull(path);
    private final BusyState busy = new BusyState();
    private final BooleanBinding idle = open.and(busy.busyProperty().not());

    /**
     * The open workspace, for background work only.
     *
     * @throws WorkspaceException when no workspace is open
     */
    public Workspace workspace() throws WorkspaceException {
        Workspace ws = workspace;
        if (ws == null) {
            throw new WorkspaceException("No workspace is open. Open or create one from the File menu.");
        }
        return ws;
    }

    /**
     * Opens {@code file} (creating it when {@code create}) in place of the current workspace. A
     * failure leaves the current workspace open.
     */
    public BackgroundTask<Opened> open(Path file, boolean create) {
        Path target = file.toAbsolutePath().normalize();
        return BackgroundTask.of(() -> {
            Workspace current = workspace;
            if (current != null && current.path().toAbsolutePath().normalize().equals(target)) {
                return new Opened(target, current.spanCount());
            }
            Workspace next = Workspace.hold(target, create, "the Prodlab desktop app");
            long spans;
            try {
                spans = next.spanCount();
            } catch (WorkspaceException e) {
                closeQuietly(next);
                throw e;
            }
            workspace = next;
            if (current != null) {
                current.close();
            }
            return new Opened(target, spans);
        }).onSuccess(o -> {
            path.set(o.path());
            spanCount.set(o.spans());
            revision.set(revision.get() + 1);
        });
    }

    /** Closes the workspace; the window goes back to its start page. */
    public BackgroundTask<Void> close() {
        return BackgroundTask.<Void>of(() -> {
            Workspace current = workspace;
            workspace = null;
            if (current != null) {
                current.close();
            }
            return null;
        }).onSuccess(v -> {
            path.set(null);
            spanCount.set(0);
            revision.set(revision.get() + 1);
        });
    }

    /** Tells views that the content changed (after an import); call on the UI thread. */
    public void contentChanged(long spans) {
        spanCount.set(spans);
        revision.set(revision.get() + 1);
    }

    private static void closeQuietly(Workspace ws) {
        try {
            ws.close();
        } catch (WorkspaceException ignored) {
            // Reporting the failure that made us close it matters more.
        }
    }

    public ReadOnlyObjectProperty<Path> pathProperty() {
        return path.getReadOnlyProperty();
    }

    public Path path() {
        return path.get();
    }

    public ReadOnlyLongProperty spanCountProperty() {
        return spanCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public BooleanBinding openProperty() {
        return open;
    }

    public boolean isOpen() {
        return open.get();
    }

    /**
     * The session-wide busy state: true while a long job (an import, opening a workspace) holds the
     * workspace. Menus and actions that would change or replace the workspace bind to it.
     */
    public BusyState busy() {
        return busy;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.busyProperty();
    }

    /** A workspace is open and no long job holds it. */
    public BooleanBinding idleProperty() {
        return idle;
    }
}
