package io.prodlab.store;

/** One row of the {@code rejected} table. */
public record RejectedRow(long importId, String file, String location, String reason, String excerpt) {
}
