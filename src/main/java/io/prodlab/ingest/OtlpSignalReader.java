package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part the OTLP/JSON readers of metrics and logs share: the {@code resourceX} array, each
 * resource with its {@code scopeX} entries, and records whose resource or scope comes after them
 * held until it comes (memory bounded by one resource entry only in that case). A subclass reads
 * the records of one scope entry ({@link #records}) and stores one ({@link #store}).
 *
 * @param <D> a record while it is read
 */
abstract class OtlpSignalReader<D> {
    protected final OtlpPlace place;
    protected final AnyValueJson anyValue;
    private final String resourceKey;
    private final String resourceType;
    private final String scopeKey;
    private final String legacyScopeKey;
    private final String recordsKey;
    private final String noun;
    private int resourceIndex;
    private int scopeIndex;
    private String resource;
    /** Why the current resource is invalid (its records are then not imported), or null. */
    private String resourceError;
    private long droppedForResource;
    private String scope;
    private final List<D> waiting = new ArrayList<>();
    private final List<String> waitingScopes = new ArrayList<>();

    /**
     * @param signal {@code Metrics} or {@code Logs}: the keys are {@code resource<signal>}, {@code scope<signal>}
     * @param recordsKey the scope entry's array of records ({@code metrics}, {@code logRecords})
     * @param noun a record, for messages ({@code metric point})
     */
    OtlpSignalReader(OtlpPlace place, AnyValueJson anyValue, String signal, String recordsKey, String noun) {
        this.place = place;
        this.anyValue = anyValue;
        this.resourceKey = "resource" + signal;
        this.resourceType = "Resource" + signal;
        this.scopeKey = "scope" + signal;
        this.legacyScopeKey = "instrumentationLibrary" + signal;
        this.recordsKey = recordsKey;
        this.noun = noun;
    }

    /**
     * Reads the records of one scope entry: the parser is on the {@code [} of the {@link #recordsKey}
     * member (a null or non-array member was dealt with before).
     */
    protected abstract void records(JsonParser p, List<D> scopeWaiting) throws IOException, InterruptedException;

    /** Puts one complete record into the chunk. */
    protected abstract void store(D record, String resourceJson, String scopeName);

    /** Forgets what a broken JSON line left half read. */
    void reset() {
        waiting.clear();
        waitingScopes.clear();
        resource = null;
        resourceError = null;
        droppedForResource = 0;
    }

    /** The {@code resourceX} member's value (the parser on it). */
    void resourceArray(JsonParser p, JsonToken t) throws IOException, OtlpJsonTraceReader.NotTraceExport,
            InterruptedException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            String found = Tokens.describe(p);
            p.skipChildren();
            throw new OtlpJsonTraceReader.NotTraceExport("\"" + resourceKey + "\" must be an array, found " + found);
        }
        resourceIndex = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                place.reject(place.line(p), pointer(-1, -1), "expected a " + resourceType + " object, found "
                        + Tokens.describe(p), Tokens.describe(p));
                p.skipChildren();
            } else {
                resourceEntry(p);
            }
            resourceIndex++;
        }
    }

    private void resourceEntry(JsonParser p) throws IOException, InterruptedException {
        reset();
        long line = place.line(p);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("resource".equals(name)) {
                int depth = p.getParsingContext().getNestingDepth();
                try {
                    resource = OtlpPlace.resourceAttributes(p, anyValue);
                } catch (BadRecordException e) {
                    OtlpJsonTraceReader.skipTo(p, depth);
                    resourceError = "its resource is invalid: " + e.reason();
                    resource = "{}";
                }
            } else if (scopeKey.equals(name) || legacyScopeKey.equals(name)) {
                scopeArray(p, t, name);
            } else {
                p.skipChildren();
            }
        }
        if (resource == null) {
            resource = "{}";
        }
        for (int i = 0; i < waiting.size(); i++) {
            emit(waiting.get(i), waitingScopes.get(i));
        }
        waiting.clear();
        waitingScopes.clear();
        if (resourceError != null && droppedForResource > 0) {
            place.reject(line, pointer(-1, -1), resourceError + " (" + ImportService.count(droppedForResource, noun)
                    + " not imported)", "");
        }
        place.afterRecord();
    }

    /**
     * Whether the member {@code key} (at {@code at}) is an array to read: null is an empty one; anything
     * else is rejected and skipped.
     */
    private boolean isArray(JsonParser p, JsonToken t, String at, String key) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            place.reject(place.line(p), at, "\"" + key + "\" must be an array, found " + Tokens.describe(p),
                    Tokens.describe(p));
            p.skipChildren();
            return false;
        }
        return true;
    }

    private void scopeArray(JsonParser p, JsonToken t, String key) throws IOException, InterruptedException {
        if (!isArray(p, t, pointer(-1, -1) + "/" + key, key)) {
            return;
        }
        scopeIndex = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                place.reject(place.line(p), pointer(scopeIndex, -1), "expected a Scope" + resourceType.substring(8)
                        + " object, found " + Tokens.describe(p), Tokens.describe(p));
                p.skipChildren();
            } else {
                scopeEntry(p);
            }
            scopeIndex++;
        }
    }

    private void scopeEntry(JsonParser p) throws IOException, InterruptedException {
        scope = null;
        List<D> scopeWaiting = new ArrayList<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("scope".equals(name) || "instrumentationLibrary".equals(name)) {
                int depth = p.getParsingContext().getNestingDepth();
                try {
                    scope = OtlpPlace.scopeName(p);
                } catch (BadRecordException e) {
                    OtlpJsonTraceReader.skipTo(p, depth);
                    scope = "";
                }
            } else if (recordsKey.equals(name)) {
                if (isArray(p, t, pointer(scopeIndex, -1) + "/" + recordsKey, recordsKey)) {
                    records(p, scopeWaiting);
                }
            } else {
                p.skipChildren();
            }
        }
        if (scope == null) {
            scope = "";
        }
        for (D d : scopeWaiting) {
            if (resource != null) {
                emit(d, scope);
            } else {
                waiting.add(d);
                waitingScopes.add(scope);
            }
        }
        place.afterRecord();
    }

    /** Stores a record now when its resource and scope are known, else holds it in {@code scopeWaiting}. */
    protected final void complete(D record, List<D> scopeWaiting) {
        if (resource != null && scope != null) {
            emit(record, scope);
        } else {
            scopeWaiting.add(record);
        }
    }

    private void emit(D record, String scopeName) {
        if (resourceError != null) {
            droppedForResource++;
            return;
        }
        store(record, resource, scopeName);
    }

    /** A JSON pointer to a scope entry's record ({@code -1} leaves a level out). */
    protected final String pointer(int scope, int record) {
        StringBuilder sb = new StringBuilder(place.prefix()).append('/').append(resourceKey).append('/')
                .append(resourceIndex);
        if (scope >= 0) {
            sb.append('/').append(scopeKey).append('/').append(scope);
        }
        if (record >= 0) {
            sb.append('/').append(recordsKey).append('/').append(record);
        }
        return sb.toString();
    }

    /** The scope entry being read, for {@link #pointer}. */
    protected final int scopeIndex() {
        return scopeIndex;
    }
}
