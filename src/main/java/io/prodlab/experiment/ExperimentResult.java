package io.prodlab.experiment;

import java.util.List;

/**
 * What running a plan on a workspace found: the verdict, the estimates it rests on, every bias
 * check, and the words a report needs (what the result does not say, what to do next).
 *
 * @param verdict {@code supported}, {@code not_supported}, {@code inconclusive} or {@code invalid}
 * @param primary the primary metric, one per candidate cohort (against the baseline, the first cohort)
 * @param guardrails each guardrail for each candidate
 * @param decisionRule the rule that turned the figures into the verdict, in words
 * @param summary the verdict and the primary effect in plain words
 */
public record ExperimentResult(String verdict, String planSha256, String unit, double confidence,
                               List<CohortSummary> cohorts, List<MetricVerdict> primary,
                               List<MetricVerdict> guardrails, List<Check> checks, List<String> deviations,
                               List<String> warnings, String decisionRule, String summary, List<String> notSaid,
                               List<String> nextSteps) {
    public ExperimentResult {
        cohorts = List.copyOf(cohorts);
        primary = List.copyOf(primary);
        guardrails = List.copyOf(guardrails);
        checks = List.copyOf(checks);
        deviations = List.copyOf(deviations);
        warnings = List.copyOf(warnings);
        notSaid = List.copyOf(notSaid);
        nextSteps = List.copyOf(nextSteps);
    }

    /**
     * @param units units the cohort's filter selects (traces or spans)
     * @param observed units with a metric (a span in scope)
     */
    public record CohortSummary(String name, long units, long observed, Double expectedShare) {
    }

    /**
     * One metric of one candidate, decided by its rule.
     *
     * @param role {@code primary} or {@code guardrail}
     * @param margin the minimum effect (primary) or the allowed worsening (guardrail), in the metric's unit
     * @param decision primary: {@code supported}, {@code not_supported}, {@code inconclusive}; guardrail:
     *     {@code pass}, {@code fail}, {@code inconclusive}; {@code no_data} when there is no estimate
     * @param rule which clause of the decision rule decided it
     * @param sentence the effect in plain words
     */
    public record MetricVerdict(String role, String candidate, Estimate estimate, double margin, String decision,
                                String rule, String sentence) {
    }

    /** The check with this id, if it ran. */
    public Check check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }
}
