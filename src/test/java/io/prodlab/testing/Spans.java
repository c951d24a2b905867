package io.prodlab.testing;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;

import java.util.Locale;

/**
 * The test data builder for spans: {@code aSpan().service("cart").startMs(1_000).durationMs(4).build()}.
 * Everything not set has a plain default (an OK internal span of 1 ms at time 0). Ids not set are
 * derived from what was set — never from a counter — so a test's spans are the same whichever tests
 * ran before it.
 */
public final class Spans {
    public static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    private Spans() {
    }

    public static Builder aSpan() {
        return new Builder();
    }

    public static final class Builder {
        private String traceId = TRACE_ID;
        private String spanId;
        private String parentSpanId = "";
        private String serviceName = "checkout";
        private String serviceVersion = "";
        private String name = "GET /";
        private SpanKind kind = SpanKind.INTERNAL;
        private long startNs;
        private long durationNs = 1_000_000L;
        private SpanStatus status = SpanStatus.OK;
        private String statusMessage = "";
        private String attributesJson = "{}";
        private String resourceJson = "{}";
        private String scopeName = "";
        private String scopeVersion = "";
        private String traceState = "";

        private Builder() {
        }

        public Builder traceId(String hex32) {
            this.traceId = hex32;
            return this;
        }

        public Builder spanId(String hex16) {
            this.spanId = hex16;
            return this;
        }

        public Builder childOf(SpanRecord parent) {
            this.traceId = parent.traceId();
            this.parentSpanId = parent.spanId();
            return this;
        }

        public Builder service(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public Builder version(String serviceVersion) {
            this.serviceVersion = serviceVersion;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder kind(SpanKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder startNs(long startNs) {
            this.startNs = startNs;
            return this;
        }

        public Builder startMs(long startMs) {
            return startNs(startMs * 1_000_000L);
        }

        public Builder durationNs(long durationNs) {
            this.durationNs = durationNs;
            return this;
        }

        public Builder durationMs(double durationMs) {
            return durationNs(Math.round(durationMs * 1_000_000.0));
        }

        public Builder status(SpanStatus status) {
            this.status = status;
            return this;
        }

        public Builder error(String message) {
            this.status = SpanStatus.ERROR;
            this.statusMessage = message;
            return this;
        }

        /** Span attributes as a JSON object, e.g. {@code {"http.route": "/cart"}}. */
        public Builder attributes(String json) {
            this.attributesJson = json;
            return this;
        }

        /** Resource attributes as a JSON object. */
        public Builder resource(String json) {
            this.resourceJson = json;
            return this;
        }

        public Builder scope(String name, String version) {
            this.scopeName = name;
            this.scopeVersion = version;
            return this;
        }

        public Builder traceState(String traceState) {
            this.traceState = traceState;
            return this;
        }

        public SpanRecord build() {
            String id = spanId != null ? spanId : derivedSpanId();
            return new SpanRecord(traceId, id, parentSpanId, serviceName, serviceVersion, name, kind, startNs,
                    startNs + durationNs, status, statusMessage, attributesJson, resourceJson, scopeName, scopeVersion,
                    traceState);
        }

        /** 16 hex digits from the span's content (FNV-1a, 64 bit): equal content, equal id. */
        private String derivedSpanId() {
            long h = 0xcbf29ce484222325L;
            String key = traceId + '\0' + parentSpanId + '\0' + serviceName + '\0' + name + '\0' + kind + '\0'
                    + startNs + '\0' + durationNs + '\0' + attributesJson;
            for (int i = 0; i < key.length(); i++) {
                h ^= key.charAt(i);
                h *= 0x100000001b3L;
            }
            return String.format(Locale.ROOT, "%016x", h == 0 ? 1 : h);
        }
    }
}
