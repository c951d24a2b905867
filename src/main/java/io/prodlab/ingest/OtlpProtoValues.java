package io.prodlab.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP protobuf {@code AnyValue}s and {@code KeyValue} lists as the same JSON that
 * {@link AnyValueJson} writes for OTLP/JSON (docs/decisions/0001-attributes-as-json.md), and ids
 * as lower-case hex.
 */
final class OtlpProtoValues {
    /** As deep as {@link AnyValueJson} takes nested values. */
    private static final int MAX_DEPTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpProtoValues() {
    }

    /** A key/value list as a JSON object ({@code {}} when empty). */
    static String json(List<KeyValue> kvs) throws BadRecordException {
        if (kvs.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(64 * kvs.size());
        object(kvs, sb, 0);
        return sb.toString();
    }

    private static void object(List<KeyValue> kvs, StringBuilder out, int depth) throws BadRecordException {
        out.append('{');
        for (int i = 0; i < kvs.size(); i++) {
            KeyValue kv = kvs.get(i);
            if (i > 0) {
                out.append(',');
            }
            Json.string(out, kv.getKey());
            out.append(':');
            value(kv.getValue(), out, depth + 1, kv.getKey());
        }
        out.append('}');
    }

    private static void value(AnyValue v, StringBuilder out, int depth, String key) throws BadRecordException {
        if (depth > MAX_DEPTH) {
            throw new BadRecordException("attribute \"" + Excerpts.shorten(key, 60) + "\": values nested deeper than "
                    + MAX_DEPTH + " levels");
        }
        switch (v.getValueCase()) {
            case STRING_VALUE -> Json.string(out, v.getStringValue());
            case BOOL_VALUE -> out.append(v.getBoolValue());
            case INT_VALUE -> out.append(v.getIntValue());
            case DOUBLE_VALUE -> Json.number(out, v.getDoubleValue());
            case BYTES_VALUE -> Json.string(out, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                out.append('[');
                List<AnyValue> values = v.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(values.get(i), out, depth + 1, key);
                }
                out.append(']');
            }
            case KVLIST_VALUE -> object(v.getKvlistValue().getValuesList(), out, depth + 1);
            default -> out.append("null");
        }
    }

    /** A log body: a string as is, any other value as its JSON, no value as the empty string. */
    static String text(AnyValue v) throws BadRecordException {
        if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            return v.getStringValue();
        }
        if (v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        value(v, sb, 0, "body");
        return sb.toString();
    }

    /** The string value of {@code key} in the list, or null. */
    static String string(List<KeyValue> kvs, String key) {
        for (KeyValue kv : kvs) {
            if (kv.getKey().equals(key) && kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    /**
     * A required id of {@code bytes} bytes as hex.
     *
     * @throws BadRecordException missing, of another length, or all zeros
     */
    static String id(ByteString b, int bytes, String field) throws BadRecordException {
        if (b.isEmpty()) {
            throw new BadRecordException("the record has no " + field);
        }
        String hex = optionalId(b, bytes, field);
        if (hex.isEmpty()) {
            throw new BadRecordException(field + " is all zeros, which OTLP defines as invalid");
        }
        return hex;
    }

    /** An optional id as hex; empty when absent or all zeros. */
    static String optionalId(ByteString b, int bytes, String field) throws BadRecordException {
        if (b.isEmpty()) {
            return "";
        }
        if (b.size() != bytes) {
            throw new BadRecordException(field + " has " + b.size() + " bytes; it must have " + bytes);
        }
        String hex = HEX.formatHex(b.toByteArray());
        return OtlpIds.isAllZeros(hex) ? "" : hex;
    }
}
