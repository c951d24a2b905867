package io.prodlab.ui.common;

import java.io.File;
import java.nio.file.Path;

/**
 * Where the file dialogs open: the folder last used in any of them during this session, else the
 * user's home — never the program's working folder or GTK's "Recent" page (which is what a dialog
 * without an initial folder shows). One instance is shared by all dialogs of the window.
 */
public final class DialogFolders {
    private final File home;
    private File last;

    public DialogFolders() {
        this(new File(System.getProperty("user.home")));
    }

    public DialogFolders(File home) {
        this.home = home;
    }

    /** The folder a dialog should start in; null only when even the home folder is gone. */
    public File initial() {
        if (last != null && last.isDirectory()) {
            return last;
        }
        return home != null && home.isDirectory() ? home : null;
    }

    /** Remembers the folder of what the user picked (a file's folder; for a picked folder, its parent, so it shows among its siblings). */
    public void used(File picked) {
        if (picked == null) {
            return;
        }
        File folder = picked.getAbsoluteFile().getParentFile();
        if (folder != null) {
            last = folder;
        }
    }

    public void used(Path picked) {
        used(picked == null ? null : picked.toFile());
    }
}
