package io.prodlab.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a JSON tree that remembers the line of every value, so that a
 * plan's problems can name their line. Duplicate keys are problems, not silently overwritten.
 * Booleans are YAML 1.2's ({@code true}, {@code false}): {@code on}, {@code off}, {@code yes},
 * {@code no} are text, as the variants and names they usually are in a plan.
 */
final class LocatedYaml {
    /** Plans are small: a plan over this is refused before it is parsed. */
    static final int MAX_CHARS = 1 << 20;
    private static final int MAX_DEPTH = 32;

    final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedYaml(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /** The line of the value at {@code path} ({@code cohorts[1].where}), or of the nearest parent that has one. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                // A top-level field that is missing has no line of its own: the whole plan lacks it.
                return 0;
            }
            p = p.substring(0, cut);
        }
    }

    /**
     * Reads {@code text}; what cannot be read at all is added to {@code problems} and null returned.
     */
    static LocatedYaml read(String text, List<PlanProblem> problems) {
        if (text.length() > MAX_CHARS) {
            problems.add(new PlanProblem(0, "(file)", "is " + text.length() + " characters long; a plan is at most "
                    + MAX_CHARS + " (is this a plan?)"));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_DEPTH + 8);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new PlanProblem(0, "(file)", "is empty; expected a plan: name, question, cohorts, "
                        + "primary_metric, ..."));
                return null;
            }
            JsonNode root = value(p, "", lines, problems);
            if (p.nextToken() != null) {
                problems.add(new PlanProblem(p.currentTokenLocation().getLineNr(), "(file)",
                        "holds more than one YAML document; a plan is one document"));
            }
            return new LocatedYaml(root, lines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new PlanProblem(line, "(file)", "is not valid YAML: " + e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            problems.add(new PlanProblem(0, "(file)", "is not valid YAML: " + e.getMessage()));
            return null;
        }
    }

    private static JsonNode value(JsonParser p, String path, Map<String, Integer> lines, List<PlanProblem> problems)
            throws IOException {
        lines.put(path, p.currentTokenLocation().getLineNr());
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    JsonNode v = value(p, child, lines, problems);
                    if (o.has(key)) {
                        problems.add(new PlanProblem(keyLine, child, "is given twice; give each field once"));
                    } else {
                        o.set(key, v);
                    }
                    lines.put(child, keyLine);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "[" + i + "]", lines, problems));
                    i++;
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                // YAML 1.2's booleans only: YAML 1.1's yes/no/on/off/y/n stay the text they are, for a
                // variant named "off" is a name, not false.
                String text = p.getText();
                if (text != null && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    return f.textNode(text);
                }
                return f.booleanNode(p.currentToken() == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> {
                return f.textNode(p.getText());
            }
        }
    }
}
