package io.prodlab.experiment;

import java.util.List;

/**
 * Writes a plan's fields as the YAML that {@link PlanParser} reads: what the guided flow builds
 * from its form, and what a template pre-fills. Every user-given text is a single-quoted scalar,
 * so no value can change the document's structure.
 */
public final class PlanYaml {
    /**
     * One cohort's fields as typed.
     *
     * @param window its own time window, or null
     * @param variant the exposure flag's variant it is, or empty
     */
    public record CohortFields(String name, String where, String expectedShare, ExperimentPlan.Window window,
                               String variant) {
        public CohortFields(String name, String where, String expectedShare) {
            this(name, where, expectedShare, null, "");
        }
    }

    /** One guardrail's fields as typed; {@code direction} is max_increase or max_decrease. */
    public record GuardrailFields(String metric, String statistic, String direction, String margin) {
    }

    /**
     * The plan's fields as typed: text, not yet checked. Blank optional fields are left out.
     *
     * @param window the plan's time window, or null for all the data
     * @param exposureFlag the flag whose exposure log assigned the units, or empty
     */
    public record Fields(String name, String question, String change, String template, String unit,
                         String randomizationUnit, List<CohortFields> cohorts, String scope, String metric,
                         String statistic, String hypothesis, String minimumEffect, String worse,
                         List<GuardrailFields> guardrails, List<String> covariates, String alpha, String power,
                         ExperimentPlan.Window window, String exposureFlag) {
    }

    private PlanYaml() {
    }

    public static String write(Fields f) {
        StringBuilder sb = new StringBuilder();
        line(sb, "name", f.name());
        line(sb, "question", f.question());
        line(sb, "change", f.change());
        line(sb, "template", f.template());
        line(sb, "unit", f.unit());
        line(sb, "randomization_unit", f.randomizationUnit());
        line(sb, "exposure_flag", f.exposureFlag());
        sb.append("cohorts:\n");
        for (CohortFields c : f.cohorts()) {
            sb.append("  - {name: ").append(q(c.name())).append(", where: ").append(q(c.where()));
            if (!blank(c.expectedShare())) {
                sb.append(", expected_share: ").append(number(c.expectedShare()));
            }
            if (!blank(c.variant())) {
                sb.append(", variant: ").append(q(c.variant()));
            }
            if (c.window() != null) {
                sb.append(", window: ").append(window(c.window()));
            }
            sb.append("}\n");
        }
        line(sb, "scope", f.scope());
        if (f.window() != null) {
            sb.append("window: ").append(window(f.window())).append('\n');
        }
        sb.append("primary_metric: {metric: ").append(q(f.metric())).append(", statistic: ").append(q(f.statistic()))
                .append(", hypothesis: ").append(q(f.hypothesis())).append(", minimum_effect: ")
                .append(q(f.minimumEffect()));
        if (!blank(f.worse())) {
            sb.append(", worse: ").append(q(f.worse()));
        }
        sb.append("}\n");
        if (!f.guardrails().isEmpty()) {
            sb.append("guardrails:\n");
            for (GuardrailFields g : f.guardrails()) {
                sb.append("  - {metric: ").append(q(g.metric()));
                if (!blank(g.statistic())) {
                    sb.append(", statistic: ").append(q(g.statistic()));
                }
                sb.append(", ").append(g.direction().equals("max_decrease") ? "max_decrease" : "max_increase")
                        .append(": ").append(q(g.margin())).append("}\n");
            }
        }
        if (!f.covariates().isEmpty()) {
            sb.append("covariates: [").append(String.join(", ", f.covariates().stream().map(PlanYaml::q).toList()))
                    .append("]\n");
        }
        if (!blank(f.alpha())) {
            sb.append("alpha: ").append(number(f.alpha())).append('\n');
        }
        if (!blank(f.power())) {
            sb.append("power: ").append(number(f.power())).append('\n');
        }
        return sb.toString();
    }

    /** The fields of a plan that was read, for the form. */
    public static Fields fields(ExperimentPlan p) {
        return new Fields(p.name(), p.question(), p.change(), p.template().code(), p.unit(), p.randomizationUnit(),
                p.cohorts().stream().map(c -> new CohortFields(c.name(), c.where(),
                        c.expectedShare() == null ? "" : trim(c.expectedShare()), c.window(), c.variant())).toList(),
                p.scope(),
                p.primary().metric(), p.primary().statistic(), p.primary().hypothesis().code(),
                p.primary().minimumEffect().text(), p.primary().hypothesis() == ExperimentPlan.Hypothesis.NO_WORSE_THAN
                ? (p.primary().worseHigher() ? "higher" : "lower") : "",
                p.guardrails().stream().map(g -> new GuardrailFields(g.metric(), g.statistic(),
                        g.worseHigher() ? "max_increase" : "max_decrease", g.margin().text())).toList(),
                p.covariates(), trim(p.alpha()), trim(p.power()), p.window(), p.exposureFlag());
    }

    /** A window as the parser reads it: ISO-8601 instants in UTC, to the nanosecond when it has them. */
    private static String window(ExperimentPlan.Window w) {
        return "{from: " + instant(w.fromNs()) + ", to: " + instant(w.toNs()) + "}";
    }

    private static String instant(long ns) {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
                .toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        if (!blank(value)) {
            sb.append(key).append(": ").append(q(value)).append('\n');
        }
    }

    /** A single-quoted YAML scalar: only the quote itself needs escaping (doubled). */
    static String q(String s) {
        String v = s == null ? "" : s.replace("\r", " ").replace("\n", " ");
        return "'" + v.replace("'", "''") + "'";
    }

    /** A number as typed when it is one, else quoted (the parser then names it). */
    private static String number(String s) {
        String t = s.strip();
        return t.matches("[0-9]+(\\.[0-9]+)?") ? t : q(t);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
