package io.prodlab.experiment;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

import java.util.List;

/** A plan that cannot be used as written: every problem found, each naming its line and field. */
public final class PlanException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    private final transient List<PlanProblem> problems;

    public PlanException(String display, List<PlanProblem> problems) {
        super(ErrorCategory.BAD_INPUT, message(display, problems));
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }

    private static String message(String display, List<PlanProblem> problems) {
        StringBuilder sb = new StringBuilder(display).append(": the plan has ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append(':');
        for (PlanProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
