package io.prodlab;

import io.prodlab.cli.Cli;
import io.prodlab.ui.DesktopLauncher;

import java.io.PrintWriter;
import java.nio.charset.Charset;

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
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        return new Cli(Launcher::openDesktop).run(out, err, args);
    }

    private static void openDesktop(java.nio.file.Path workspace) throws Exception {
        if (isLinuxWithoutDisplay()) {
            throw new io.prodlab.cli.UsageException("No display to open the window on (DISPLAY and "
                    + "WAYLAND_DISPLAY are not set). Use the command line (prodlab --help), or "
                    + "'prodlab demo --no-gui'.");
        }
        DesktopLauncher.open(workspace);
    }

    private static boolean isLinuxWithoutDisplay() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"));
    }
}
