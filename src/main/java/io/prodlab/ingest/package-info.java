/**
 * Getting exports into a workspace: format recognition, one reader per format (OTLP/JSON today), the
 * streaming import pipeline ({@link io.prodlab.ingest.ImportService}) with its progress and
 * cancellation, and services built on it such as {@link io.prodlab.ingest.DemoWorkspaceService}.
 * Writes go through {@code store}; no SQL here.
 */
package io.prodlab.ingest;
