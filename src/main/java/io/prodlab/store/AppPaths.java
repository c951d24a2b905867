package io.prodlab.store;

import java.nio.file.Path;

/**
 * Where Prodlab keeps its own files: the demo workspace and the desktop app's settings. Follows
 * the XDG base directory convention ({@code $XDG_DATA_HOME/prodlab}, else
 * {@code ~/.local/share/prodlab}); the system property {@code prodlab.data} overrides it (tests,
 * portable installs).
 */
public final class AppPaths {
    private AppPaths() {
    }

    public static Path dataDir() {
        String override = System.getProperty("prodlab.data");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "prodlab");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "prodlab");
    }

    /** The workspace that {@code prodlab demo} builds and opens. */
    public static Path demoWorkspace() {
        return dataDir().resolve("demo" + Workspace.EXTENSION);
    }

    /**
     * The folder that holds the bundled sample data: {@code prodlab.home}/sample-data when the
     * launcher sets {@code prodlab.home}, else ./sample-data.
     */
    public static Path sampleDataDir() {
        String home = System.getProperty("prodlab.home");
        return home == null ? Path.of("sample-data") : Path.of(home, "sample-data");
    }
}
