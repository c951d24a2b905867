/**
 * The guided experiment screen: question, hypothesis, pre-registration, bias checks, result and
 * report, over one shared {@link io.prodlab.ui.experiment.ExperimentDraft}.
 */
package io.prodlab.ui.experiment;
