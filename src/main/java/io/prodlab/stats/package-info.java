/**
 * Statistics for comparing cohorts of production requests: descriptives (also from sufficient
 * statistics), Welch's t-test, Mann–Whitney U with the Hodges–Lehmann shift, Kolmogorov–Smirnov,
 * Brown–Forsythe, two-proportion and Fisher's exact tests, chi-square goodness of fit (sample
 * ratio mismatch), Holm and Benjamini–Hochberg adjustments, power and sample size, and a seeded
 * bootstrap for differences of quantiles.
 *
 * <p>Conventions (DESIGN.md, "Statistics conventions"): differences are candidate minus baseline;
 * latency is in milliseconds as {@code double}; quantiles are type 7 (numpy's default); every test
 * is two-sided. Each statistic names the scipy function it agrees with; the golden values and the
 * script that made them are in {@code src/test/resources/stats}.
 *
 * <p>Degenerate inputs are not exceptions: every test returns an {@link io.prodlab.stats.Outcome},
 * either a result or a {@link io.prodlab.stats.StatProblem} the UI shows inline. Arguments that are
 * programming errors (a confidence outside (0, 1), arrays of different lengths) throw
 * {@link java.lang.IllegalArgumentException}.
 *
 * <p>Pure Java on numbers: no DuckDB, no files, no JavaFX; depends on nothing of ours but
 * {@code io.prodlab.model} (LayerRulesTest). Commons Math supplies the special functions
 * (regularized beta and gamma, erf).
 */
package io.prodlab.stats;
