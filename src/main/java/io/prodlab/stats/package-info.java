/**
 * Statistics for comparing cohorts of production requests: {@link io.prodlab.stats.Descriptives}
 * (also from {@link io.prodlab.stats.SufficientStats}) and {@link io.prodlab.stats.ErrorRate};
 * {@link io.prodlab.stats.WelchTest}, {@link io.prodlab.stats.MannWhitneyTest} with the
 * Hodges–Lehmann shift, {@link io.prodlab.stats.KolmogorovSmirnovTest},
 * {@link io.prodlab.stats.BrownForsytheTest}; {@link io.prodlab.stats.ProportionTest} (pooled z,
 * Fisher's exact) and {@link io.prodlab.stats.ChiSquareGoodnessOfFit} (sample ratio mismatch);
 * {@link io.prodlab.stats.ContingencyTest} (independence on an r×k table: Pearson's chi-square, the G-test,
 * Cramér's V);
 * {@link io.prodlab.stats.MultipleComparisons} (Holm, Benjamini–Hochberg); {@link io.prodlab.stats.Power};
 * {@link io.prodlab.stats.QuantileBootstrap} and {@link io.prodlab.stats.QuantileDifferenceInterval}
 * for differences of quantiles; {@link io.prodlab.stats.RelativeEffect} (% change, delta method) and
 * {@link io.prodlab.stats.Cuped} (variance reduction with a pre-period covariate);
 * {@link io.prodlab.stats.FactorialTest} (two flags at once: main effects and interaction);
 * {@link io.prodlab.stats.PoissonRateTest} (throughput: rates, their difference, ratio and exact test),
 * {@link io.prodlab.stats.WeightedDescriptives} (sampled spans weighted by adjusted count),
 * {@link io.prodlab.stats.NewcombeInterval} (score interval for a difference of error rates);
 * {@link io.prodlab.stats.SortedSample}, a sample sorted once for every test of a comparison.
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
 * <p>Only {@link io.prodlab.stats.QuantileBootstrap} and the sort of a large
 * {@link io.prodlab.stats.SortedSample} run in parallel (on the common fork-join pool, results
 * independent of it); everything else is a plain function of its arguments.
 *
 * <p>Pure Java on numbers: no DuckDB, no files, no JavaFX; depends on nothing of ours but
 * {@code io.prodlab.model} (LayerRulesTest). Commons Math supplies the special functions
 * (regularized beta and gamma, erf).
 */
package io.prodlab.stats;
