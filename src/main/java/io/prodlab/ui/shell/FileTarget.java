package io.prodlab.ui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the window sends files: File → Import files… / Import folder…, files dropped on the window,
 * and a trace export picked in File → Open. The composition root wires it to the Import screen.
 *
 * @param page the screen that shows them
 * @param add puts files in the list to import
 * @param importNow adds files and starts the import at once
 */
public record FileTarget(Page page, Runnable chooseFiles, Runnable chooseFolder, Consumer<List<Path>> add,
                         Consumer<List<Path>> importNow) {
}
