package io.prodlab.cli;

import java.nio.file.Path;

/**
 * Opens the desktop app. The CLI may not depend on the UI (the UI sits above it), so the
 * launcher hands this in.
 */
@FunctionalInterface
public interface GuiOpener {
    /**
     * Opens the window and returns when it is closed.
     *
     * @param workspace the workspace to show, or {@code null} for the last one used
     */
    void open(Path workspace) throws Exception;
}
