package io.prodlab.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Prodlab keeps its own files, by the platform's convention:
 * <table>
 *   <caption>data (the demo workspace) and config (the desktop app's settings)</caption>
 *   <tr><th>platform</th><th>data</th><th>config</th></tr>
 *   <tr><td>Linux and other Unix</td><td>{@code $XDG_DATA_HOME/prodlab}, else {@code ~/.local/share/prodlab}</td>
 *       <td>{@code $XDG_CONFIG_HOME/prodlab}, else {@code ~/.config/prodlab}</td></tr>
 *   <tr><td>macOS</td><td colspan="2">{@code ~/Library/Application Support/Prodlab}</td></tr>
 *   <tr><td>Windows</td><td>{@code %LOCALAPPDATA%\Prodlab} (workspaces are large and belong to this
 *       machine)</td><td>{@code %APPDATA%\Prodlab} (settings roam with the user)</td></tr>
 * </table>
 * The system property {@code prodlab.data} overrides both with one folder (tests, portable installs).
 * XDG variables that hold a relative path are ignored, as the XDG base directory specification says.
 */
public final class AppPaths {
    private static final String OVERRIDE = "prodlab.data";

    private AppPaths() {
    }

    /** The folder for Prodlab's data: the demo workspace. */
    public static Path dataDir() {
        return of(System.getProperty(OVERRIDE), System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("user.home")).data();
    }

    /** The folder for the desktop app's settings (recent workspaces, theme). */
    public static Path configDir() {
        return of(System.getProperty(OVERRIDE), System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("user.home")).config();
    }

    /** The two folders for a given platform, environment and home: the rules of the class comment. */
    record Dirs(Path data, Path config) {
    }

    static Dirs of(String override, String osName, Map<String, String> env, String home) {
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return new Dirs(p, p);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = Path.of(home, "AppData", "Roaming");
            Path local = Path.of(home, "AppData", "Local");
            return new Dirs(orElse(env.get("LOCALAPPDATA"), local).resolve("Prodlab"),
                    orElse(env.get("APPDATA"), roaming).resolve("Prodlab"));
        }
        if (os.startsWith("mac")) {
            Path support = Path.of(home, "Library", "Application Support", "Prodlab");
            return new Dirs(support, support);
        }
        return new Dirs(absolute(env.get("XDG_DATA_HOME"), Path.of(home, ".local", "share")).resolve("prodlab"),
                absolute(env.get("XDG_CONFIG_HOME"), Path.of(home, ".config")).resolve("prodlab"));
    }

    private static Path orElse(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    private static Path absolute(String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? p : fallback;
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
