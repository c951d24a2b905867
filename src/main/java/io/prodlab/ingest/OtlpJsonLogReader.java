package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.prodlab.model.LogRecord;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code resourceLogs} of an OTLP/JSON export into {@code logs}: one row per log record,
 * the body as text (a string as is, any other value as its JSON), the event name from
 * {@code eventName} or, in older exports, the {@code event.name} attribute — so that log-based
 * events ({@code feature_flag.evaluation}, {@code exception}, {@code browser.page_view}) can be
 * told apart. Keys may come in any order: records whose resource or scope comes after them wait
 * for it (memory bounded by one ResourceLogs object only in that case).
 */
final class OtlpJsonLogReader extends OtlpSignalReader<OtlpJsonLogReader.Draft> {
    private volatile long recordsRead;

    OtlpJsonLogReader(OtlpPlace place, AnyValueJson anyValue) {
        super(place, anyValue, "Logs", "logRecords", "log record");
    }

    long recordsRead() {
        return recordsRead;
    }

    @Override
    protected void records(JsonParser p, List<Draft> scopeWaiting) throws IOException, InterruptedException {
        JsonToken t;
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            long line = place.line(p);
            if (t != JsonToken.START_OBJECT) {
                String found = Tokens.describe(p);
                p.skipChildren();
                place.reject(line, pointer(scopeIndex(), index), "expected a LogRecord object, found " + found, found);
            } else {
                int depth = p.getParsingContext().getNestingDepth();
                Draft d = new Draft();
                try {
                    record(p, d);
                    if (d.timeNs == 0 && d.observedNs == 0) {
                        throw new BadRecordException("the log record has neither timeUnixNano nor "
                                + "observedTimeUnixNano (missing or 0)");
                    }
                    complete(d, scopeWaiting);
                } catch (BadRecordException e) {
                    OtlpJsonTraceReader.skipTo(p, depth);
                    place.reject(line, pointer(scopeIndex(), index), e.reason(), d.excerpt());
                }
            }
            index++;
            place.afterRecord();
        }
    }

    private void record(JsonParser p, Draft d) throws IOException, BadRecordException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "timeUnixNano" -> d.timeNs = OtlpPlace.nanos(p, t, "timeUnixNano");
                case "observedTimeUnixNano" -> d.observedNs = OtlpPlace.nanos(p, t, "observedTimeUnixNano");
                case "severityNumber" -> d.severity = severity(p, t);
                case "severityText" -> d.severityText = OtlpPlace.string(p, t, "severityText");
                case "body" -> d.body = anyValue.text(p, "body");
                case "attributes" -> {
                    d.attributes.setLength(0);
                    anyValue.keyValueList(p, d.attributes, 0, (key, value) -> {
                        if ("event.name".equals(key) && value != null) {
                            d.eventAttribute = value;
                        }
                    });
                }
                case "traceId" -> d.traceId = OtlpPlace.optionalId(p, t, OtlpIds.TRACE_BYTES, "traceId");
                case "spanId" -> d.spanId = OtlpPlace.optionalId(p, t, OtlpIds.SPAN_BYTES, "spanId");
                case "eventName" -> d.eventName = OtlpPlace.string(p, t, "eventName");
                default -> p.skipChildren();
            }
        }
    }

    /** OTLP's SeverityNumber: 0..24, or its SEVERITY_NUMBER_* name. */
    private static int severity(JsonParser p, JsonToken t) throws IOException, BadRecordException {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int n = p.getIntValue();
            if (n >= 0 && n <= 24) {
                return n;
            }
        } else if (t == JsonToken.VALUE_STRING) {
            int n = severityName(p.getText());
            if (n >= 0) {
                return n;
            }
        }
        throw new BadRecordException("severityNumber must be 0-24 or a SEVERITY_NUMBER_* name, found "
                + Tokens.describe(p));
    }

    private static final String[] SEVERITIES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    static int severityName(String s) {
        String bare = s.startsWith("SEVERITY_NUMBER_") ? s.substring("SEVERITY_NUMBER_".length()) : s;
        bare = bare.toUpperCase(Locale.ROOT);
        if ("UNSPECIFIED".equals(bare)) {
            return 0;
        }
        for (int i = 0; i < SEVERITIES.length; i++) {
            String base = SEVERITIES[i];
            if (bare.equals(base)) {
                return i * 4 + 1;
            }
            if (bare.length() == base.length() + 1 && bare.startsWith(base)) {
                int k = bare.charAt(base.length()) - '0';
                if (k >= 2 && k <= 4) {
                    return i * 4 + k;
                }
            }
        }
        return -1;
    }

    @Override
    protected void store(Draft d, String resourceJson, String scopeName) {
        String event = d.eventName.isEmpty() ? d.eventAttribute : d.eventName;
        place.chunk().add(new LogRecord(d.timeNs, d.observedNs, d.severity, d.severityText, d.body,
                d.attributes.length() == 0 ? "{}" : d.attributes.toString(), resourceJson, scopeName, d.traceId,
                d.spanId, event));
        recordsRead++;
    }

    static final class Draft {
        long timeNs;
        long observedNs;
        int severity;
        String severityText = "";
        String body = "";
        final StringBuilder attributes = new StringBuilder();
        String traceId = "";
        String spanId = "";
        String eventName = "";
        String eventAttribute = "";

        String excerpt() {
            StringBuilder sb = new StringBuilder();
            if (timeNs > 0) {
                sb.append("time=").append(timeNs).append(' ');
            }
            if (!severityText.isEmpty()) {
                sb.append(severityText).append(' ');
            }
            return Excerpts.shorten(sb.append(body), Excerpts.MAX);
        }
    }
}
