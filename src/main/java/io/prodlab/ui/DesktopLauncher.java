package io.prodlab.ui;

import javafx.application.Application;

import java.nio.file.Path;

/**
 * Starts the desktop app. A plain class (not an {@link Application}), so that the app starts from
 * the class path without the JavaFX launcher's module checks getting in the way.
 */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /**
     * Opens the main window on {@code workspaceOrNull} — or, for {@code null}, on the last workspace
     * used, else on the start page (New / Open / Recent / Open demo) — and returns when the window
     * closes. JavaFX allows this once per process.
     */
    public static void open(Path workspaceOrNull) {
        String[] args = workspaceOrNull == null ? new String[0]
                : new String[] {workspaceOrNull.toAbsolutePath().toString()};
        Application.launch(ProdlabApp.class, args);
    }
}
