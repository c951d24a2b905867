/**
 * What every screen shares: the task helper ({@code BackgroundTask}, {@code FxTaskRunner}) with its
 * cancellation and progress, the busy state, the workspace session, the error dialog and failure
 * routing, table cells, formats, messages, styles and settings. The only place that hands work to
 * the FX thread.
 */
package io.prodlab.ui.common;
