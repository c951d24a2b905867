/**
 * Reports of experiment results: JSON (the {@code prodlab experiment run --json} contract),
 * Markdown, and a self-contained HTML file with its charts embedded, readable offline.
 */
package io.prodlab.report;
