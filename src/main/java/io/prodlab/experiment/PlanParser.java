package io.prodlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.prodlab.experiment.ExperimentPlan.CohortPlan;
import io.prodlab.experiment.ExperimentPlan.Guardrail;
import io.prodlab.experiment.ExperimentPlan.Hypothesis;
import io.prodlab.experiment.ExperimentPlan.MetricPlan;
import io.prodlab.experiment.ExperimentPlan.Template;
import io.prodlab.experiment.ExperimentPlan.Window;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a plan's YAML and checks it, before any data is looked at: every problem is collected
 * (not only the first), each with its line and field, so that one run of
 * {@code prodlab experiment check} shows all that needs fixing.
 */
public final class PlanParser {
    static final int MIN_COHORTS = 2;
    static final int MAX_COHORTS = 8;
    private static final double SHARE_TOLERANCE = 1e-6;
    private static final Set<String> TOP = Set.of("name", "question", "change", "template", "unit",
            "randomization_unit", "exposure_flag", "cohorts", "scope", "window", "primary_metric", "guardrails", "covariates", "alpha",
            "power");
    private static final Set<String> COHORT = Set.of("name", "where", "window", "expected_share", "variant");
    private static final Set<String> METRIC = Set.of("metric", "statistic", "hypothesis", "minimum_effect", "worse");
    private static final Set<String> GUARDRAIL = Set.of("metric", "statistic", "max_increase", "max_decrease");
    private static final Set<String> WINDOW = Set.of("from", "to");
    private static final Set<String> LATENCY_STATISTICS = Set.of("mean", "p50", "p90", "p95", "p99");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-/]*");

    private final List<PlanProblem> problems = new ArrayList<>();
    private LocatedYaml yaml;

    private PlanParser() {
    }

    /**
     * The plan {@code text} states.
     *
     * @param display how messages name the plan (its file name)
     * @throws PlanException with every problem found
     */
    public static ExperimentPlan parse(String text, String display) throws PlanException {
        PlanParser p = new PlanParser();
        ExperimentPlan plan = p.read(text);
        if (!p.problems.isEmpty()) {
            throw new PlanException(display, p.problems);
        }
        return plan;
    }

    private ExperimentPlan read(String text) {
        yaml = LocatedYaml.read(text, problems);
        if (yaml == null) {
            return null;
        }
        JsonNode root = yaml.root;
        if (!root.isObject()) {
            problem("", "expected a mapping of fields (name:, question:, cohorts:, ...), found " + kind(root));
            return null;
        }
        unknownFields(root, "", TOP);
        String name = requiredText(root, "name");
        String question = requiredText(root, "question");
        String change = optionalText(root, "change", "");
        Template template = template(root);
        String unit = unit(root);
        String randomizationUnit = optionalText(root, "randomization_unit", "");
        if (!randomizationUnit.isEmpty() && !ATTRIBUTE.matcher(randomizationUnit).matches()) {
            problem("randomization_unit", "expected an attribute name such as enduser.id, found \""
                    + randomizationUnit + "\"");
        }
        String exposureFlag = optionalText(root, "exposure_flag", "");
        List<CohortPlan> cohorts = cohorts(root, !exposureFlag.isEmpty());
        String scope = optionalText(root, "scope", "");
        if (!scope.isEmpty()) {
            filter("scope", scope);
        }
        Window window = window(root, "window");
        MetricPlan primary = primary(root);
        List<Guardrail> guardrails = guardrails(root);
        List<String> covariates = covariates(root);
        double alpha = probability(root, "alpha", 0.05, 0.5);
        double power = probability(root, "power", 0.8, 1.0);
        return new ExperimentPlan(name, question, change, template, unit, randomizationUnit, cohorts, scope, window,
                primary, guardrails, covariates, alpha, power, exposureFlag);
    }

    private Template template(JsonNode root) {
        String code = requiredText(root, "template");
        if (code == null) {
            return null;
        }
        Template t = Template.of(code.toLowerCase(Locale.ROOT));
        if (t == null) {
            problem("template", "expected one of " + codes(Template.values()) + ", found \"" + code + "\"");
        }
        return t;
    }

    private String unit(JsonNode root) {
        String u = requiredText(root, "unit");
        if (u != null && !u.equals("span") && !u.equals("trace")) {
            problem("unit", "expected span (each matching span is an observation) or trace (each trace with a "
                    + "matching span), found \"" + u + "\"");
        }
        return u;
    }

    /** @param exposureFlag whether the plan names an exposure flag, whose variants the cohorts may name */
    private List<CohortPlan> cohorts(JsonNode root, boolean exposureFlag) {
        List<CohortPlan> out = new ArrayList<>();
        JsonNode list = root.get("cohorts");
        if (list == null || list.isNull()) {
            problem("cohorts", "is missing; expected a list of " + MIN_COHORTS + " to " + MAX_COHORTS
                    + " cohorts, each {name, where, expected_share}; the first is the baseline");
            return out;
        }
        if (!list.isArray()) {
            problem("cohorts", "expected a list of cohorts, found " + kind(list));
            return out;
        }
        if (list.size() < MIN_COHORTS || list.size() > MAX_COHORTS) {
            problem("cohorts", "has " + list.size() + "; expected " + MIN_COHORTS + " to " + MAX_COHORTS
                    + " (the first is the baseline)");
        }
        Set<String> names = new HashSet<>();
        Set<String> variants = new HashSet<>();
        int withShare = 0;
        double shares = 0;
        for (int i = 0; i < list.size(); i++) {
            String at = "cohorts[" + i + "]";
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                problem(at, "expected {name, where, expected_share}, found " + kind(c));
                continue;
            }
            unknownFields(c, at, COHORT);
            String cname = requiredText(c, at, "name");
            String where = requiredText(c, at, "where");
            if (cname != null && !names.add(cname)) {
                problem(at + ".name", "\"" + cname + "\" names two cohorts; give each cohort its own name");
            }
            if (where != null) {
                filter(at + ".where", where);
            }
            Double share = null;
            JsonNode s = c.get("expected_share");
            if (s != null && !s.isNull()) {
                if (!s.isNumber() || s.asDouble() <= 0 || s.asDouble() >= 1) {
                    problem(at + ".expected_share", "expected a share between 0 and 1 (0.5 for an even split), found "
                            + text(s));
                } else {
                    share = s.asDouble();
                    shares += share;
                    withShare++;
                }
            }
            String variant = optionalText(c, at, "variant", "");
            if (!variant.isEmpty() && !exposureFlag) {
                problem(at + ".variant", "names a variant of no flag; expected exposure_flag (the flag whose exposure "
                        + "log assigned the units) beside cohorts, or no variant");
            }
            String assigned = variant.isEmpty() ? cname : variant;
            if (exposureFlag && assigned != null && !variants.add(assigned)) {
                problem(at + (variant.isEmpty() ? ".name" : ".variant"), "\"" + assigned + "\" is the variant of two "
                        + "cohorts; expected each cohort to be one variant of the exposure flag");
            }
            out.add(new CohortPlan(cname, where, window(c, at + ".window"), share, variant));
        }
        if (withShare > 0 && withShare < list.size()) {
            problem("cohorts", "expected_share is given for " + withShare + " of " + list.size()
                    + " cohorts; give it for all (to check the sample ratio) or for none");
        } else if (withShare == list.size() && withShare > 0 && Math.abs(shares - 1) > SHARE_TOLERANCE) {
            problem("cohorts", "the expected shares add up to " + trim(shares) + "; expected 1 (the cohorts are "
                    + "all the units the assignment made; add the missing one)");
        }
        return out;
    }

    private Window window(JsonNode parent, String at) {
        JsonNode w = parent.get("window");
        if (w == null || w.isNull()) {
            return null;
        }
        if (!w.isObject()) {
            problem(at, "expected {from: TIME, to: TIME}, found " + kind(w));
            return null;
        }
        unknownFields(w, at, WINDOW);
        Long from = time(w, at, "from");
        Long to = time(w, at, "to");
        if (from == null || to == null) {
            return null;
        }
        if (from >= to) {
            problem(at + ".to", "is not after " + at + ".from; expected the window's end after its start");
            return null;
        }
        return new Window(from, to);
    }

    private Long time(JsonNode parent, String at, String field) {
        String t = requiredText(parent, at, field);
        if (t == null) {
            return null;
        }
        try {
            Instant i = OffsetDateTime.parse(t).toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            problem(at + "." + field, "expected an ISO-8601 time with its offset (2025-11-24T00:00:00Z), found \""
                    + t + "\"");
            return null;
        }
    }

    private MetricPlan primary(JsonNode root) {
        JsonNode m = root.get("primary_metric");
        String at = "primary_metric";
        if (m == null || m.isNull()) {
            problem(at, "is missing; expected {metric, statistic, hypothesis, minimum_effect}, e.g. {metric: latency, "
                    + "statistic: mean, hypothesis: increase, minimum_effect: 5%}");
            return null;
        }
        if (!m.isObject()) {
            problem(at, "expected {metric, statistic, hypothesis, minimum_effect}, found " + kind(m));
            return null;
        }
        unknownFields(m, at, METRIC);
        String metric = metric(m, at);
        String statistic = statistic(m, at, metric);
        String h = requiredText(m, at, "hypothesis");
        Hypothesis hypothesis = null;
        if (h != null) {
            for (Hypothesis x : Hypothesis.values()) {
                if (x.code().equals(h)) {
                    hypothesis = x;
                }
            }
            if (hypothesis == null) {
                problem(at + ".hypothesis", "expected increase, decrease (the change moves the metric that way) or "
                        + "no_worse_than (it does not make it worse by more than minimum_effect), found \"" + h + "\"");
            }
        }
        Effect effect = effect(m, at, "minimum_effect", metric);
        boolean worseHigher = true;
        String worse = optionalText(m, "worse", null);
        if (hypothesis == Hypothesis.NO_WORSE_THAN) {
            if (worse == null) {
                problem(at + ".worse", "is missing; with no_worse_than, say which way is worse: higher or lower");
            } else if (!worse.equals("higher") && !worse.equals("lower")) {
                problem(at + ".worse", "expected higher or lower, found \"" + worse + "\"");
            }
            worseHigher = !"lower".equals(worse);
        } else if (worse != null && hypothesis != null) {
            problem(at + ".worse", "only goes with hypothesis: no_worse_than; " + hypothesis.code()
                    + " already says the direction");
        }
        return new MetricPlan(metric, statistic, hypothesis, effect, worseHigher);
    }

    private List<Guardrail> guardrails(JsonNode root) {
        List<Guardrail> out = new ArrayList<>();
        JsonNode list = root.get("guardrails");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problem("guardrails", "expected a list such as [{metric: error_rate, max_increase: 0.5pp}], found "
                    + kind(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "guardrails[" + i + "]";
            JsonNode g = list.get(i);
            if (!g.isObject()) {
                problem(at, "expected {metric, statistic, max_increase or max_decrease}, found " + kind(g));
                continue;
            }
            unknownFields(g, at, GUARDRAIL);
            String metric = metric(g, at);
            String statistic = statistic(g, at, metric);
            boolean up = g.has("max_increase");
            boolean down = g.has("max_decrease");
            if (up == down) {
                problem(at, up ? "gives both max_increase and max_decrease; a guardrail guards one direction"
                        : "expected max_increase or max_decrease: how much worse the metric may get");
                continue;
            }
            Effect margin = effect(g, at, up ? "max_increase" : "max_decrease", metric);
            out.add(new Guardrail(metric, statistic, margin, up));
        }
        return out;
    }

    private List<String> covariates(JsonNode root) {
        List<String> out = new ArrayList<>();
        JsonNode list = root.get("covariates");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problem("covariates", "expected a list of attribute names such as [app.region, http.route], found "
                    + kind(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = "covariates[" + i + "]";
            if (!c.isTextual() || !ATTRIBUTE.matcher(c.asText()).matches()) {
                problem(at, "expected an attribute name such as app.region, found " + text(c));
            } else if (out.contains(c.asText())) {
                problem(at, "\"" + c.asText() + "\" is listed twice");
            } else {
                out.add(c.asText());
            }
        }
        return out;
    }

    private String metric(JsonNode m, String at) {
        String metric = requiredText(m, at, "metric");
        if (metric != null && !metric.equals("latency") && !metric.equals("error_rate")
                && !metric.equals("throughput") && !ATTRIBUTE.matcher(metric).matches()) {
            problem(at + ".metric", "expected latency, error_rate, throughput or a numeric span attribute, found \""
                    + metric + "\"");
        }
        return metric;
    }

    private String statistic(JsonNode m, String at, String metric) {
        boolean rate = "error_rate".equals(metric) || "throughput".equals(metric);
        String s = optionalText(m, "statistic", rate ? "rate" : "mean");
        if (metric == null) {
            return s;
        }
        if (rate && !s.equals("rate")) {
            problem(at + ".statistic", metric + " is a rate: expected rate (or leave statistic out), found \"" + s
                    + "\"");
        } else if (!rate && !LATENCY_STATISTICS.contains(s)) {
            problem(at + ".statistic", "expected mean, p50, p90, p95 or p99, found \"" + s + "\"");
        }
        return s;
    }

    private Effect effect(JsonNode m, String at, String field, String metric) {
        JsonNode v = m.get(field);
        String where = at + "." + field;
        if (v == null || v.isNull()) {
            problem(where, "is missing; expected a size such as 5% (relative), 3ms (absolute) or 0.5pp (percentage "
                    + "points, for rates)");
            return null;
        }
        String t = v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
        Effect e = v.isValueNode() ? Effect.parse(t) : null;
        if (e == null) {
            problem(where, "expected a size such as 5% (relative), 3ms (absolute) or 0.5pp (percentage points, for "
                    + "rates), found " + text(v));
            return null;
        }
        if (e.value() == 0) {
            problem(where, "is zero; expected the smallest effect worth detecting (a zero effect cannot be powered)");
        }
        boolean rate = "error_rate".equals(metric);
        if (e.kind() == Effect.Kind.PERCENTAGE_POINTS && !rate) {
            problem(where, "is in percentage points, which only an error_rate takes; expected % or a value in the "
                    + "metric's unit");
        } else if (e.isDuration() && !"latency".equals(metric)) {
            problem(where, "is a duration, but " + metric + " is not a latency; expected % or a plain value");
        } else if (rate && e.kind() == Effect.Kind.ABSOLUTE) {
            problem(where, "is ambiguous for a rate; write 0.5pp (percentage points) or 10% (relative)");
        }
        return e;
    }

    private double probability(JsonNode root, String field, double otherwise, double max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isNumber() || v.asDouble() <= 0 || v.asDouble() >= max) {
            problem(field, "expected a number above 0 and below " + trim(max) + " (usually " + trim(otherwise)
                    + "), found " + text(v));
            return otherwise;
        }
        return v.asDouble();
    }

    private void filter(String at, String text) {
        try {
            FilterParser.parse(text);
        } catch (FilterSyntaxException e) {
            problem(at, "is not a valid filter: " + e.getMessage());
        }
    }

    private void unknownFields(JsonNode o, String at, Set<String> known) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                String path = at.isEmpty() ? k : at + "." + k;
                problem(path, "is not a field of " + (at.isEmpty() ? "a plan" : at.replaceAll("\\[\\d+]", ""))
                        + "; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private String requiredText(JsonNode o, String field) {
        return requiredText(o, "", field);
    }

    private String requiredText(JsonNode o, String at, String field) {
        String path = at.isEmpty() ? field : at + "." + field;
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            problem(path, "is missing");
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problem(path, "expected text, found " + text(v));
            return null;
        }
        return v.asText().strip();
    }

    private String optionalText(JsonNode o, String field, String otherwise) {
        return optionalText(o, "", field, otherwise);
    }

    private String optionalText(JsonNode o, String at, String field, String otherwise) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isValueNode()) {
            problem(at.isEmpty() ? field : at + "." + field, "expected text, found " + kind(v));
            return otherwise;
        }
        return v.asText().strip();
    }

    private void problem(String path, String message) {
        problems.add(new PlanProblem(yaml == null ? 0 : yaml.line(path), path.isEmpty() ? "(plan)" : path, message));
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return text(v);
    }

    private static String text(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + (v.asText().length() > 60 ? v.asText().substring(0, 60) + "…" : v.asText()) + "\"";
        }
        if (v.isContainerNode()) {
            return kind(v);
        }
        return v.asText();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String codes(Template[] values) {
        List<String> out = new ArrayList<>();
        for (Template t : values) {
            out.add(t.code());
        }
        return String.join(", ", out);
    }
}
