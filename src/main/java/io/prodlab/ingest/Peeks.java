package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Looks at the start of a file for the members that tell formats apart. The start may end in the
 * middle of a value: what was seen before that decides, and a parse error means "not seen".
 */
final class Peeks {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Peeks() {
    }

    /**
     * Whether the top-level object (or, for JSON lines, the first one) has {@code field}, directly or
     * inside a top-level {@code wrapper} object (null for none).
     */
    static boolean hasTopLevelField(byte[] peek, String field, String wrapper) {
        try (JsonParser p = FACTORY.createParser(peek)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (field.equals(name)) {
                    return true;
                }
                if (name.equals(wrapper) && t == JsonToken.START_OBJECT) {
                    String inner;
                    while ((inner = p.nextFieldName()) != null) {
                        if (field.equals(inner)) {
                            return true;
                        }
                        p.nextToken();
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The member names of the first "record" object of the file: the first object found by following
     * {@code descend} members (objects, or the first element of arrays) from the top, at most
     * {@code maxDepth} containers down. Null when the start is not JSON or holds no such object.
     */
    static java.util.Set<String> firstRecordFields(byte[] peek, java.util.Set<String> descend, int maxDepth) {
        try (JsonParser p = FACTORY.createParser(peek)) {
            JsonToken t = p.nextToken();
            java.util.Set<String> seen = new java.util.HashSet<>();
            return record(p, t, descend, maxDepth, seen) ? seen : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Collects the fields of the object at the current token, descending first into {@code descend} members. */
    private static boolean record(JsonParser p, JsonToken t, java.util.Set<String> descend, int depth,
                                  java.util.Set<String> seen) throws IOException {
        if (depth < 0) {
            return false;
        }
        if (t == JsonToken.START_ARRAY) {
            JsonToken first = p.nextToken();
            return first == JsonToken.START_OBJECT && record(p, first, descend, depth - 1, seen);
        }
        if (t != JsonToken.START_OBJECT) {
            return false;
        }
        java.util.Set<String> own = new java.util.HashSet<>();
        String name;
        try {
            while ((name = p.nextFieldName()) != null) {
                own.add(name);
                JsonToken v = p.nextToken();
                if (descend.contains(name) && (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY)) {
                    java.util.Set<String> inner = new java.util.HashSet<>();
                    if (record(p, v, descend, depth - 1, inner)) {
                        seen.addAll(inner);
                        return true;
                    }
                    p.skipChildren();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // The peek ended inside this object: judge by the members seen so far.
        }
        seen.addAll(own);
        return !own.isEmpty();
    }

    /**
     * The lines of a text start (without their line breaks); when the peek is full, its last line
     * may be cut and is left out.
     */
    static String[] wholeLines(byte[] peek) {
        String[] lines = new String(peek, java.nio.charset.StandardCharsets.UTF_8).split("\r?\n", -1);
        return peek.length >= TraceInput.PEEK ? java.util.Arrays.copyOf(lines, Math.max(0, lines.length - 1)) : lines;
    }
}
