package io.prodlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.compare.CanaryJudge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code compare --judge-config FILE}: the judge's rules as JSON, every field but {@code metrics[].check}
 * optional (the defaults of {@link CanaryJudge.Config#defaults}):
 * <pre>
 * {"alpha": 0.05, "pass_score": 95, "marginal_score": 75,
 *  "metrics": [{"check": "p99", "direction": "increase_bad", "tolerance": 0.2, "relative": true,
 *               "weight": 2, "critical": true}, ...]}
 * </pre>
 * Without {@code metrics} the default metrics are judged. Unknown fields are refused, so a typo is not
 * silently ignored.
 */
final class JudgeConfigFile {
    private static final Set<String> TOP = Set.of("alpha", "pass_score", "marginal_score", "metrics");
    private static final Set<String> RULE = Set.of("check", "direction", "tolerance", "relative", "weight", "critical");

    private JudgeConfigFile() {
    }

    static CanaryJudge.Config read(Path file, CanaryJudge.Config defaults) throws BadInputException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new BadInputException("--judge-config " + file + ": not JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException("--judge-config " + file + ": cannot read it (" + e.getMessage() + ").");
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException("--judge-config " + file + ": expected a JSON object such as "
                    + "{\"metrics\": [{\"check\": \"p99\", \"tolerance\": 0.2}]}.");
        }
        String where = "--judge-config " + file;
        unknown(root, TOP, where);
        List<CanaryJudge.Rule> rules = new ArrayList<>();
        JsonNode metrics = root.get("metrics");
        if (metrics == null) {
            rules.addAll(defaults.rules());
        } else if (!metrics.isArray() || metrics.isEmpty()) {
            throw new BadInputException(where + ": \"metrics\" is a non-empty list of rules.");
        } else {
            for (int i = 0; i < metrics.size(); i++) {
                rules.add(rule(metrics.get(i), defaults, where + ": metrics[" + i + "]"));
            }
        }
        try {
            return new CanaryJudge.Config(rules, number(root, "alpha", defaults.alpha(), where),
                    number(root, "pass_score", defaults.passScore(), where),
                    number(root, "marginal_score", defaults.marginalScore(), where));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage() + ".");
        }
    }

    private static CanaryJudge.Rule rule(JsonNode n, CanaryJudge.Config defaults, String where) throws BadInputException {
        if (!n.isObject() || !n.hasNonNull("check")) {
            throw new BadInputException(where + ": a rule is an object with a \"check\" (mean, median_shift, p95, p99, "
                    + "error_rate, spread, throughput).");
        }
        unknown(n, RULE, where);
        CanaryJudge.Check check;
        try {
            check = CanaryJudge.Check.parse(n.get("check").asText());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage() + ".");
        }
        CanaryJudge.Rule base = defaults.rules().stream().filter(r -> r.check() == check).findFirst()
                .orElse(new CanaryJudge.Rule(check, CanaryJudge.Direction.EITHER, 0.10, true, 1, false));
        CanaryJudge.Direction direction = base.direction();
        if (n.has("direction")) {
            try {
                direction = CanaryJudge.Direction.valueOf(n.get("direction").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": direction is increase_bad, decrease_bad or either; found \""
                        + n.get("direction").asText() + "\".");
            }
        }
        try {
            return new CanaryJudge.Rule(check, direction, number(n, "tolerance", base.tolerance(), where),
                    bool(n, "relative", base.relative(), where), number(n, "weight", base.weight(), where),
                    bool(n, "critical", base.critical(), where));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage() + ".");
        }
    }

    private static void unknown(JsonNode n, Set<String> known, String where) throws BadInputException {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new BadInputException(where + ": unknown field \"" + f + "\" (known: " + String.join(", ",
                        known.stream().sorted().toList()) + ").");
            }
        }
    }

    private static double number(JsonNode n, String field, double fallback, String where) throws BadInputException {
        if (!n.has(field)) {
            return fallback;
        }
        if (!n.get(field).isNumber()) {
            throw new BadInputException(where + ": \"" + field + "\" is a number; found " + n.get(field) + ".");
        }
        return n.get(field).asDouble();
    }

    private static boolean bool(JsonNode n, String field, boolean fallback, String where) throws BadInputException {
        if (!n.has(field)) {
            return fallback;
        }
        if (!n.get(field).isBoolean()) {
            throw new BadInputException(where + ": \"" + field + "\" is true or false; found " + n.get(field) + ".");
        }
        return n.get(field).asBoolean();
    }
}
