/**
 * The Compare screen: a cohort builder (2 to 8 cohorts, a scope, the unit, bootstrap options), the
 * comparison run in the background, and its results as tables and charts (histograms, ECDFs, the
 * shift function, error rates), exported to PNG and SVG.
 */
package io.prodlab.ui.compare;
