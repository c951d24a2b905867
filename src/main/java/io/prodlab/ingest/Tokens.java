package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Reads OTLP scalar encodings and describes tokens for messages. */
final class Tokens {
    private Tokens() {
    }

    /**
     * A span's flags or a dropped count as text: a whole number from 0 to 2^31 − 1, else 0 (it says
     * nothing then; the span is not rejected for it — docs/DESIGN.md).
     */
    static int wholeCount(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 10) {
            return 0;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return 0;
            }
        }
        long v = Long.parseLong(t);
        return v > Integer.MAX_VALUE ? 0 : (int) v;
    }

    /** What the parser is on, for a message: {@code a string "abc"}, {@code true}, {@code an array}. */
    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT, END_ARRAY -> "the end of the " + (t == JsonToken.END_OBJECT ? "object" : "array");
            case VALUE_STRING -> "a string \"" + Excerpts.shorten(p.getText(), 40) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + Excerpts.shorten(p.getText(), 40);
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case FIELD_NAME -> "the field \"" + Excerpts.shorten(p.currentName(), 40) + "\"";
            default -> t.toString();
        };
    }

    /** A value from a tree the reader already parsed, for a message: {@code the string "abc"}, {@code an array}. */
    static String describe(com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isTextual()) {
            return "the string \"" + Excerpts.shorten(v.asText(), 40) + "\"";
        }
        return Excerpts.shorten(v.toString(), 40);
    }

    /**
     * The refusal of a file whose JSON is broken: where, Jackson's reason (its first line, without
     * the source excerpt), and what the reader expected.
     */
    static ImportException brokenJson(String display, com.fasterxml.jackson.core.JsonProcessingException e,
                                      String expected) {
        return new ImportException(display + ": " + place(e) + ": the JSON is broken (" + jacksonReason(e) + "); "
                + expected + ". Nothing was imported.", e);
    }

    static String place(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? "somewhere" : "line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    static String jacksonReason(com.fasterxml.jackson.core.JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "unreadable";
        }
        int nl = m.indexOf('\n');
        return Excerpts.shorten(nl < 0 ? m : m.substring(0, nl), 160);
    }

    /** A signed 64-bit integer written as a JSON number or a decimal string (proto3 JSON). */
    static long int64(JsonParser p, String what) throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new BadRecordException(what + " " + p.getText() + " does not fit in 64 bits");
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new BadRecordException(what + " \"" + Excerpts.shorten(s, 40) + "\" is not a 64-bit integer");
            }
        }
        throw new BadRecordException(what + " must be an integer (a number or a decimal string), found " + describe(p));
    }

    /**
     * A timestamp in nanoseconds (OTLP fixed64) as a number or decimal string; {@code -1} for 0,
     * which proto3 JSON also writes by leaving the field out, meaning "not set".
     */
    static long unixNanos(JsonParser p, String what) throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        long v;
        if (t == JsonToken.VALUE_STRING) {
            char[] c = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            if (len == 0 || len > 19) {
                throw badTime(p, what);
            }
            v = 0;
            for (int i = off; i < off + len; i++) {
                int d = c[i] - '0';
                if (d < 0 || d > 9) {
                    throw badTime(p, what);
                }
                v = v * 10 + d;
            }
            if (v < 0) {
                throw badTime(p, what);
            }
        } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            v = p.getLongValue();
            if (v < 0) {
                throw badTime(p, what);
            }
        } else {
            throw badTime(p, what);
        }
        return v == 0 ? -1 : v;
    }

    private static BadRecordException badTime(JsonParser p, String what) throws IOException {
        return new BadRecordException(what + " must be nanoseconds since 1970 (a decimal string or an integer "
                + "up to 9223372036854775807), found " + describe(p));
    }

    /** A double written as a JSON number or a string ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, digits). */
    static double float64(JsonParser p, String what) throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        double d = Double.parseDouble(s);
                        if (!Double.isNaN(d) && !Double.isInfinite(d) && !s.isBlank()
                                && s.chars().allMatch(ch -> "0123456789+-.eE".indexOf(ch) >= 0)) {
                            return d;
                        }
                    } catch (NumberFormatException ignored) {
                        // Reported below.
                    }
            }
        }
        throw new BadRecordException(what + " must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), found "
                + describe(p));
    }
}
