package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What the reader of one OTLP/JSON signal (metrics, logs) needs from the framing reader around it
 * ({@link OtlpJsonTraceReader}): where it is, for messages, the chunk to fill, and the step
 * between records. Also the parts of an export every signal shares: its resource and its scope.
 */
interface OtlpPlace {
    /** The JSON pointer of the export's top level: {@code ""}, or {@code "/result"} inside Jaeger's wrapper. */
    String prefix();

    /** The line the parser's current token is on (the line of a JSON-lines record). */
    long line(JsonParser p);

    /** Rejects one record. */
    void reject(long line, String pointer, String reason, String excerpt);

    /** Where records go now: the chunk being filled (or a parallel parser's recording of it). */
    Rows chunk();

    /** Between records: stops when asked to, hands a full chunk on. */
    void afterRecord() throws InterruptedException;

    /**
     * A {@code Resource} object (the parser on its START_OBJECT, or null) as the JSON object of its
     * attributes; leaves the parser on its END_OBJECT.
     */
    static String resourceAttributes(JsonParser p, AnyValueJson anyValue) throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return "{}";
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException("\"resource\" must be an object, found " + Tokens.describe(p));
        }
        StringBuilder json = new StringBuilder(128);
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            if ("attributes".equals(name) && json.length() == 0) {
                anyValue.keyValueList(p, json, 0, AnyValueJson.KeyValueVisitor.NONE);
            } else {
                p.skipChildren();
            }
        }
        return json.length() == 0 ? "{}" : json.toString();
    }

    /**
     * An {@code InstrumentationScope} object (the parser on its START_OBJECT, or null): its name,
     * empty when none; leaves the parser on its END_OBJECT.
     */
    static String scopeName(JsonParser p) throws IOException, BadRecordException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRecordException("\"scope\" must be an object, found " + Tokens.describe(p));
        }
        String scope = "";
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken vt = p.nextToken();
            if ("name".equals(name)) {
                if (vt == JsonToken.VALUE_STRING) {
                    scope = p.getText();
                } else if (vt != JsonToken.VALUE_NULL) {
                    throw new BadRecordException("the scope's \"name\" must be a string, found " + Tokens.describe(p));
                }
            } else {
                p.skipChildren();
            }
        }
        return scope;
    }

    /** A string member, empty for null. */
    static String string(JsonParser p, JsonToken t, String field) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRecordException(field + " must be a string, found " + Tokens.describe(p));
        }
        return p.getText();
    }

    /** An optional trace or span id (hex or base64), lower-case hex; empty when absent or empty. */
    static String optionalId(JsonParser p, JsonToken t, int bytes, String field) throws IOException,
            BadRecordException {
        String raw = string(p, t, field);
        if (raw.isEmpty() || OtlpIds.isAllZeros(raw)) {
            return "";
        }
        try {
            return OtlpIds.normalize(raw, bytes, field);
        } catch (OtlpIds.BadIdException e) {
            throw new BadRecordException(e.getMessage());
        }
    }

    /** A time in nanoseconds, 0 when absent (proto3 JSON leaves a 0 out). */
    static long nanos(JsonParser p, JsonToken t, String field) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        return Math.max(0, Tokens.unixNanos(p, field));
    }
}
