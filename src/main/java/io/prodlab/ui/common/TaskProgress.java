package io.prodlab.ui.common;

/**
 * What the status bar shows of a running task: how far it is and a line of text.
 *
 * @param fraction 0..1, or {@link StatusBarModel#INDETERMINATE}
 */
public record TaskProgress(double fraction, String text) {
}
