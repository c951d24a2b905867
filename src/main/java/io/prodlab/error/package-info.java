/**
 * The error model shared by every layer: {@link io.prodlab.error.ProdlabException} with its
 * {@link io.prodlab.error.ErrorCategory}, from which the CLI's exit codes and the desktop app's
 * error handling are derived. Depends on nothing of ours.
 */
package io.prodlab.error;
