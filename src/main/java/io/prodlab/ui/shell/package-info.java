/**
 * The main window around the screens: menus, the navigation built from the screen registry, the
 * start page, the status bar, the help window and the workspace dialogs.
 */
package io.prodlab.ui.shell;
