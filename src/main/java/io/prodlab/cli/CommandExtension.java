package io.prodlab.cli;

/**
 * A picocli {@code @Command} that only some builds carry, added as a subcommand of {@code prodlab}
 * when it is on the class path. The benchmark build (Maven profile {@code bench}) registers
 * {@code prodlab bench} this way, so the product jar neither holds nor mentions it.
 *
 * <p>Implementations are listed in {@code META-INF/services/io.prodlab.cli.CommandExtension}, carry
 * picocli's {@code @Command} annotation, have a public no-argument constructor, and fail by throwing
 * (a {@link io.prodlab.error.ProdlabException} for what the user can act on), so that their errors
 * take the CLI's one path to an exit code.
 */
public interface CommandExtension {
}
