package io.prodlab.stats;

/** Why a statistic could not be computed: an expected analytic condition, shown inline, not an error. */
public enum StatProblem {
    /** A sample is empty or smaller than the statistic needs (e.g. a variance from one value). */
    TOO_FEW_OBSERVATIONS,
    /** The spread the statistic divides by is zero (constant samples, all values tied). */
    ZERO_VARIANCE,
    /** A row or column of a contingency table is empty, or an expected count is zero. */
    EMPTY_CATEGORY,
    /** An input value is NaN or infinite. */
    NOT_FINITE,
    /** A contingency table has one column (or one row): every observation has the same category. */
    SINGLE_CATEGORY
}
