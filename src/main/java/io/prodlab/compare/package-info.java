/**
 * Cohorts and what is compared between them: a cohort is a name and a filter expression; its
 * observations (per span or per trace, the unit is explicit) are read through the store and
 * handed to {@code io.prodlab.stats}. {@link io.prodlab.compare.AttributeDifferences} ranks what
 * differs between two cohorts' attributes, with the fields that differ by construction flagged
 * apart. Depends on query, store, stats, model and error.
 */
package io.prodlab.compare;
