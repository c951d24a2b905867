package io.prodlab.ui.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Attributes as stored (a JSON object that keeps its types) turned into key and value texts for the details. */
final class AttributeText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AttributeText() {
    }

    /** The object's keys in their stored order with their values: strings bare, anything else as JSON. */
    static List<Map.Entry<String, String>> entries(String json) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            out.add(Map.entry("", json));
            return out;
        }
        if (node == null || !node.isObject()) {
            out.add(Map.entry("", json));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return out;
    }

    /** All of them on one line: {@code key=value, key=value}. */
    static String inline(String json) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : entries(json)) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
