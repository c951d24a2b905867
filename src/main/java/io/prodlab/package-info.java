/**
 * Prodlab's entry point, {@link io.prodlab.Launcher}: the desktop app with no arguments, the command
 * line with a subcommand. The only class outside {@code ui} that may start the UI; at start it also
 * clears what killed runs left in the temporary folder ({@link io.prodlab.store.TempFiles}).
 */
package io.prodlab;
