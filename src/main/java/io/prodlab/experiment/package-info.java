/**
 * Experiment plans: a question turned into cohorts, a primary metric with its hypothesis and
 * minimum effect, guardrails, covariates, alpha and power; read from YAML with messages that name
 * the line and the field, checked before any data is looked at.
 */
package io.prodlab.experiment;
