package io.prodlab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The golden values that src/test/resources/stats/make_reference.py computed with scipy, and the
 * agreement the tests demand: relative 1e-9, or absolute 1e-12 near zero.
 */
final class Reference {
    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-12;
    private static final JsonNode ROOT = load();

    private Reference() {
    }

    private static JsonNode load() {
        try (InputStream in = Reference.class.getResourceAsStream("/stats/reference.json")) {
            if (in == null) {
                throw new IllegalStateException("stats/reference.json is missing from the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode root() {
        return ROOT;
    }

    /** One named two-sample case; toString is its name so parameterized tests read well. */
    record Case(String name, JsonNode node) {
        double[] baseline() {
            return doubles(node.get("baseline"));
        }

        double[] candidate() {
            return doubles(node.get("candidate"));
        }

        JsonNode get(String field) {
            return node.get(field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> list = new ArrayList<>();
        ROOT.get("cases").forEach(c -> list.add(new Case(c.get("name").asText(), c)));
        return list.stream();
    }

    static Stream<JsonNode> array(String field) {
        List<JsonNode> list = new ArrayList<>();
        ROOT.get(field).forEach(list::add);
        return list.stream();
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** scipy's value, where JSON null stands for nan/inf/"no value". */
    static void assertAgrees(JsonNode expected, double actual, String what) {
        if (expected == null || expected.isNull()) {
            assertTrue(Double.isNaN(actual), what + ": scipy has no value, Java gave " + actual);
            return;
        }
        assertAgrees(expected.asDouble(), actual, what);
    }

    static void assertAgrees(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        double tolerance = Math.max(ABSOLUTE, RELATIVE * Math.abs(expected));
        if (expected != 0 && Math.abs(expected) < 1e-6) {
            // tiny p-values: the absolute floor would accept anything, so hold them to relative agreement
            tolerance = RELATIVE * Math.abs(expected);
        }
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual
                    + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
        }
    }

    static void assertAgrees(JsonNode node, String field, double actual, String what) {
        assertAgrees(node.get(field), actual, what + "." + field);
    }

    static <T> T ok(Outcome<T> outcome, String what) {
        if (outcome instanceof Outcome.Problem<T> p) {
            fail(what + ": expected a result, got " + p.kind() + " (" + p.detail() + ")");
        }
        return outcome.value();
    }

    static void assertProblem(Outcome<?> outcome, StatProblem expected, String what) {
        assertEquals(java.util.Optional.of(expected), outcome.problem(), what);
    }
}
