package io.prodlab.ui.shell;

/**
 * A screen of the main window, by its id ({@code import}, {@code services}, ...). The screens
 * themselves are listed once, in the composition root, as {@link Screen}s; only the start page is
 * known here.
 */
public record Page(String id) {
    /** No workspace open: New / Open / Recent / Open demo. */
    public static final Page START = new Page("start");
}
