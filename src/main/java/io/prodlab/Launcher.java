package io.prodlab;

import io.prodlab.cli.Cli;
import io.prodlab.cli.UsageException;
import io.prodlab.store.TempFiles;
import io.prodlab.ui.DesktopLauncher;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Starts Prodlab: the desktop app with no arguments, the command line with a subcommand. It does
 * not extend {@code Application}, so JavaFX can run from the class path, and the CLI never loads
 * a JavaFX class unless a command opens the window.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            args = new String[] {"gui"};
        }
        // Before anything loads DuckDB: what killed runs left in the temporary folder (72 MB each).
        TempFiles.removeLeftovers();
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        return new Cli(Launcher::openDesktop, Cli.installedExtensions()).run(out, err, args);
    }

    private static void openDesktop(java.nio.file.Path workspace) throws Exception {
        if (isLinuxWithoutDisplay()) {
            throw new io.prodlab.cli.UsageException("No display to open the window on (DISPLAY and "
                    + "WAYLAND_DISPLAY are not set). Use the command line (prodlab --help), or "
                    + "'prodlab demo --no-gui'.");
        }
        try {
            DesktopLauncher.open(workspace);
        } catch (RuntimeException | Error e) {
            Optional<String> why = explainToolkitFailure(e, System.getenv("DISPLAY"));
            if (why.isPresent()) {
                throw new UsageException(why.get(), e);
            }
            throw e;
        }
    }

    /**
     * The desktop that JavaFX could not use, in words, when that is why the window did not open. On
     * Linux JavaFX needs GTK 3 (it says only "Unable to load glass GTK library") and an X server that
     * answers at {@code DISPLAY} ("Unable to open DISPLAY").
     */
    static Optional<String> explainToolkitFailure(Throwable error, String display) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unable to load glass GTK library") || m.contains("Error loading GTK libraries")
                    || m.contains("libglassgtk3") || m.contains("libgtk-3")) {
                return Optional.of("The desktop app needs GTK 3, which is not installed here. Install it "
                        + "(Debian/Ubuntu: sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3), "
                        + "or use the command line (prodlab --help, 'prodlab demo --no-gui').");
            }
            if (m.contains("Unable to open DISPLAY")) {
                return Optional.of("Cannot open the display " + (display == null ? "" : "DISPLAY=" + display + " ")
                        + "(no X server answers there). Start Prodlab from a desktop session or fix DISPLAY, "
                        + "or use the command line (prodlab --help, 'prodlab demo --no-gui').");
            }
        }
        return Optional.empty();
    }

    private static boolean isLinuxWithoutDisplay() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"));
    }
}
