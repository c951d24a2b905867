package io.prodlab.experiment;

/**
 * One thing wrong with a plan.
 *
 * @param line the 1-based line in the plan's text, 0 when the problem is about a field that is missing
 * @param field where: {@code cohorts[1].where}, {@code primary_metric.minimum_effect}
 * @param message what is wrong and what was expected
 */
public record PlanProblem(int line, String field, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ", " : "") + field + ": " + message;
    }
}
