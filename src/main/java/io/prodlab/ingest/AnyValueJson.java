package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Renders OTLP {@code AnyValue}s and {@code KeyValue} lists as JSON text with their types kept
 * (docs/decisions/0001-attributes-as-json.md): string → string, bool → boolean, int → integer
 * (full int64), double → number with a '.' or exponent (NaN and infinities as strings), bytes →
 * base64 string, array → array, kvlist → object, an empty AnyValue → null.
 *
 * <p>One instance per reading thread: it keeps scratch buffers.
 */
final class AnyValueJson {
    /** The string of the last rendered value when it was a {@code stringValue}, else {@code null}. */
    String lastString;
    /** Whether the caller needs {@link #lastString} (reading a resource); otherwise strings are not materialised. */
    private boolean wantString;
    private final StringBuilder[] scratch = new StringBuilder[64];

    /**
     * Renders a {@code KeyValue} list (the parser is on its START_ARRAY, or on null) as a JSON
     * object into {@code out}; leaves the parser on the matching END_ARRAY.
     */
    void keyValueList(JsonParser p, StringBuilder out, int depth, KeyValueVisitor visitor)
            throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            out.append("{}");
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadRecordException("expected an array of key/value attributes, found " + Tokens.describe(p));
        }
        boolean outerWant = wantString;
        wantString = visitor != KeyValueVisitor.NONE;
        out.append('{');
        boolean first = true;
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecordException("attribute " + index + ": expected an object with \"key\" and "
                        + "\"value\", found " + Tokens.describe(p));
            }
            if (!first) {
                out.append(',');
            }
            keyValue(p, out, depth, visitor, index);
            first = false;
            index++;
        }
        wantString = outerWant;
        out.append('}');
    }

    /** Called for each key/value of a list, to pick out a few (service.name). */
    interface KeyValueVisitor {
        KeyValueVisitor NONE = (key, stringValue) -> {
        };

        void visit(String key, String stringValue);
    }

    private void keyValue(JsonParser p, StringBuilder out, int depth, KeyValueVisitor visitor, int index)
            throws IOException, BadRecordException {
        String key = null;
        StringBuilder pending = null;
        boolean hasValue = false;
        String valueString = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("key".equals(name)) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new BadRecordException("attribute " + index + ": \"key\" must be a string, found "
                            + Tokens.describe(p));
                }
                if (hasValue || wantString) {
                    key = p.getText();
                    if (!hasValue) {
                        Json.string(out, key);
                        out.append(':');
                    }
                } else {
                    key = "";
                    Json.string(out, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    out.append(':');
                }
            } else if ("value".equals(name)) {
                if (key != null) {
                    value(p, out, depth + 1, key);
                } else {
                    pending = scratch(depth);
                    value(p, pending, depth + 1, "attribute " + index);
                }
                valueString = lastString;
                hasValue = true;
            } else {
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new BadRecordException("attribute " + index + ": unexpected " + Tokens.describe(p));
        }
        if (key == null) {
            throw new BadRecordException("attribute " + index + " has no \"key\"");
        }
        if (!hasValue) {
            out.append("null");
        } else if (pending != null) {
            Json.string(out, key);
            out.append(':').append(pending);
        }
        visitor.visit(key, valueString);
    }

    private StringBuilder scratch(int depth) throws BadRecordException {
        if (depth >= scratch.length) {
            throw new BadRecordException("attributes nested deeper than " + scratch.length + " levels");
        }
        StringBuilder sb = scratch[depth];
        if (sb == null) {
            sb = scratch[depth] = new StringBuilder(64);
        }
        sb.setLength(0);
        return sb;
    }

    /**
     * One AnyValue as text (a log record's body): a {@code stringValue} as the string itself, any
     * other value as its JSON, an empty value as the empty string.
     */
    String text(JsonParser p, String what) throws IOException, BadRecordException {
        boolean outerWant = wantString;
        wantString = true;
        try {
            StringBuilder sb = new StringBuilder();
            value(p, sb, 0, what);
            if (lastString != null) {
                return lastString;
            }
            String json = sb.toString();
            return "null".equals(json) ? "" : json;
        } finally {
            wantString = outerWant;
        }
    }

    /** Renders one AnyValue (the parser is on its START_OBJECT) and leaves the parser on its END_OBJECT. */
    void value(JsonParser p, StringBuilder out, int depth, String what) throws IOException, BadRecordException {
        lastString = null;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            out.append("null");
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException(what + ": expected an AnyValue object (like {\"stringValue\": \"x\"}), found "
                    + Tokens.describe(p));
        }
        boolean written = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            t = p.nextToken();
            if (written) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "stringValue" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw bad(what, "stringValue", p);
                    }
                    if (wantString) {
                        String s = p.getText();
                        Json.string(out, s);
                        lastString = s;
                    } else {
                        Json.string(out, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                    written = true;
                }
                case "boolValue" -> {
                    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        out.append(t == JsonToken.VALUE_TRUE);
                    } else if (t == JsonToken.VALUE_STRING && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
                        out.append(p.getText());
                    } else {
                        throw bad(what, "boolValue", p);
                    }
                    written = true;
                }
                case "intValue" -> {
                    out.append(Tokens.int64(p, what + ": intValue"));
                    written = true;
                }
                case "doubleValue" -> {
                    if (t == JsonToken.VALUE_NUMBER_FLOAT && p.getNumberType() == JsonParser.NumberType.DOUBLE) {
                        // Already a JSON number with a '.' or an exponent: copy it as written.
                        out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } else {
                        Json.number(out, Tokens.float64(p, what + ": doubleValue"));
                    }
                    written = true;
                }
                case "bytesValue" -> {
                    if (t != JsonToken.VALUE_STRING || !isBase64(p.getText())) {
                        throw new BadRecordException(what + ": bytesValue must be a base64 string, found "
                                + Tokens.describe(p));
                    }
                    Json.string(out, p.getText());
                    written = true;
                }
                case "arrayValue" -> {
                    array(p, out, depth, what);
                    written = true;
                }
                case "kvlistValue" -> {
                    kvlist(p, out, depth, what);
                    written = true;
                }
                default -> p.skipChildren();
            }
        }
        if (!written) {
            out.append("null");
        }
        lastString = written ? lastString : null;
    }

    private void array(JsonParser p, StringBuilder out, int depth, String what) throws IOException, BadRecordException {
        if (depth > scratch.length) {
            throw new BadRecordException(what + ": values nested deeper than " + scratch.length + " levels");
        }
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException(what + ": arrayValue must be an object with \"values\", found "
                    + Tokens.describe(p));
        }
        out.append('[');
        String name;
        boolean seen = false;
        while ((name = p.nextFieldName()) != null) {
            t = p.nextToken();
            if (!"values".equals(name) || seen) {
                p.skipChildren();
                continue;
            }
            seen = true;
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            if (t != JsonToken.START_ARRAY) {
                throw new BadRecordException(what + ": arrayValue.values must be an array, found " + Tokens.describe(p));
            }
            boolean first = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!first) {
                    out.append(',');
                }
                value(p, out, depth + 1, what + "[]");
                first = false;
            }
        }
        out.append(']');
        lastString = null;
    }

    private void kvlist(JsonParser p, StringBuilder out, int depth, String what) throws IOException, BadRecordException {
        if (depth > scratch.length) {
            throw new BadRecordException(what + ": values nested deeper than " + scratch.length + " levels");
        }
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException(what + ": kvlistValue must be an object with \"values\", found "
                    + Tokens.describe(p));
        }
        String name;
        boolean seen = false;
        while ((name = p.nextFieldName()) != null) {
            t = p.nextToken();
            if (!"values".equals(name) || seen) {
                p.skipChildren();
                continue;
            }
            seen = true;
            keyValueList(p, out, depth + 1, KeyValueVisitor.NONE);
        }
        if (!seen) {
            out.append("{}");
        }
        lastString = null;
    }

    private static BadRecordException bad(String what, String field, JsonParser p) throws IOException {
        return new BadRecordException(what + ": " + field + " has the wrong type: " + Tokens.describe(p));
    }

    private static boolean isBase64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
