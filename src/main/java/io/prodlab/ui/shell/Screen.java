package io.prodlab.ui.shell;

import javafx.scene.Node;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;

import java.util.Objects;

/**
 * One entry of the main window's screen registry: the window builds its navigation, its View menu
 * and the shortcuts from the list of these that the composition root hands it. Every screen but
 * the start page needs an open workspace.
 *
 * @param page what the view model calls it
 * @param label the navigation and menu text (with a mnemonic: {@code _Services})
 * @param accelerator the shortcut that shows it ({@code Shortcut+2}), or null
 * @param node the screen; it stays in the scene while hidden, keeping its state
 * @param find what Ctrl+F does on this screen (put the cursor in its filter), or null
 */
public record Screen(Page page, String label, Ikon icon, KeyCombination accelerator, Node node, Runnable find) {
    public Screen {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(node, "node");
    }

    public static Screen of(String id, String label, Ikon icon, String accelerator, Node node) {
        return new Screen(new Page(id), label, icon,
                accelerator == null ? null : KeyCombination.keyCombination(accelerator), node, null);
    }

    /** This screen with a filter that Ctrl+F focuses. */
    public Screen withFind(Runnable action) {
        return new Screen(page, label, icon, accelerator, node, action);
    }

    /** The label without its mnemonic marker, for the navigation list. */
    public String plainLabel() {
        return label.replace("_", "");
    }
}
