/**
 * The {@code prodlab} command line (picocli): one command class per subcommand, each a thin shell
 * over the core services that the desktop app uses too. {@link io.prodlab.cli.Cli} maps every failure
 * to DESIGN.md's exit codes through the error's {@link io.prodlab.error.ErrorCategory}. Never depends
 * on the UI; it opens the window only through the {@link io.prodlab.cli.GuiOpener} the launcher hands in.
 */
package io.prodlab.cli;
