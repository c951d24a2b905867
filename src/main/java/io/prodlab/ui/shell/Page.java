package io.prodlab.ui.shell;

/** The screens of the main window; only those that work are listed. */
public enum Page {
    /** No workspace open: New / Open / Recent / Open demo. */
    START,
    IMPORT,
    SERVICES
}
