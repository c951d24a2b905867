package io.prodlab.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Locale;

/**
 * What an experiment sets out to show, fixed before any result is seen (issue 8's plan file).
 *
 * @param unit the unit of analysis: {@code span} or {@code trace}
 * @param randomizationUnit the attribute that identifies the unit that was randomised (e.g.
 *     {@code enduser.id}), or empty when it is the unit of analysis
 * @param scope which spans the metrics are taken from (filter language), empty for all
 * @param window the time window, or null for all the data
 * @param covariates pre-treatment attributes that must balance between cohorts
 * @param exposureFlag the flag (or experiment) key whose exposure log, imported into {@code exposures},
 *     recorded the assignment; empty when the plan has none. Left out of the canonical form when empty, so
 *     the plans registered before it existed keep their hash.
 */
public record ExperimentPlan(
        String name,
        String question,
        String change,
        Template template,
        String unit,
        String randomizationUnit,
        List<CohortPlan> cohorts,
        String scope,
        Window window,
        MetricPlan primary,
        List<Guardrail> guardrails,
        List<String> covariates,
        double alpha,
        double power,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String exposureFlag) {

    public ExperimentPlan {
        exposureFlag = exposureFlag == null ? "" : exposureFlag;
        cohorts = List.copyOf(cohorts);
        guardrails = List.copyOf(guardrails);
        covariates = List.copyOf(covariates);
    }

    /** The kind of study: each pre-fills a plan and says what the study can and cannot show. */
    public enum Template {
        CANARY, FEATURE_FLAG, FAULT_INJECTION, CONFIG_CHANGE, INCIDENT_REVIEW;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True when units were assigned at random, so a difference can be read as caused by the change. */
        public boolean randomised() {
            return this == CANARY || this == FEATURE_FLAG;
        }

        public static Template of(String code) {
            for (Template t : values()) {
                if (t.code().equals(code)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** What the change is predicted to do to the primary metric. */
    public enum Hypothesis {
        /** Superiority: the metric rises. */
        INCREASE,
        /** Superiority: the metric falls. */
        DECREASE,
        /** Non-inferiority: the metric does not get worse by more than the minimum effect. */
        NO_WORSE_THAN;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One cohort.
     *
     * @param where which spans (or, by trace, which traces) belong to it, in the filter language
     * @param window the cohort's own time window (a fault window, the week before), or null for the plan's
     * @param expectedShare the share of units the assignment was meant to give it, or null when not stated
     * @param variant the variant of the plan's exposure flag that assigns it; empty for the cohort's name
     *     (and left out of the canonical form then)
     */
    public record CohortPlan(String name, String where, Window window, Double expectedShare,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String variant) {
        public CohortPlan {
            variant = variant == null ? "" : variant;
        }

        public CohortPlan(String name, String where, Window window, Double expectedShare) {
            this(name, where, window, expectedShare, "");
        }

        /** The variant of the exposure flag this cohort's units were assigned. */
        public String exposureVariant() {
            return variant.isEmpty() ? name : variant;
        }
    }

    /** A time window in Unix nanoseconds, from inclusive, to exclusive. */
    public record Window(long fromNs, long toNs) {
    }

    /**
     * The primary metric and what is predicted of it.
     *
     * @param metric {@code latency}, {@code error_rate}, {@code throughput} or a numeric span attribute
     * @param statistic {@code mean}, {@code p50}, {@code p90}, {@code p95}, {@code p99} for latency and
     *     attributes; {@code rate} for error_rate and throughput
     * @param worseHigher for {@code no_worse_than}: true when higher values are worse
     */
    public record MetricPlan(String metric, String statistic, Hypothesis hypothesis, Effect minimumEffect,
                             boolean worseHigher) {
    }

    /**
     * A metric that must not get worse by more than its margin (tested for non-inferiority).
     *
     * @param worseHigher true for {@code max_increase}, false for {@code max_decrease}
     */
    public record Guardrail(String metric, String statistic, Effect margin, boolean worseHigher) {
    }
}
