package io.prodlab.model;

/**
 * One experiment or feature-flag assignment, as written to {@code exposures}: which unit (user,
 * session, request) saw which variant of which flag, and when.
 *
 * @param unitId the randomisation unit's id (user key, session id, targeting key)
 * @param flagKey the experiment or flag key
 * @param variant the variant served
 * @param timeNs when (Unix ns)
 * @param reason why this variant ({@code split}, {@code targeting_match}, {@code default}, ...), empty when not said
 * @param flagVersion the flag's version when the source says, else empty
 * @param traceId the trace it happened in, when known (lower-case hex), else empty
 * @param attributesJson the rest of the record, as a JSON object
 */
public record Exposure(String unitId, String flagKey, String variant, long timeNs, String reason, String flagVersion,
                       String traceId, String attributesJson) {
}
