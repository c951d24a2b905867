package io.prodlab.model;

/**
 * A record that an import could not take.
 *
 * @param location where in the file: {@code line 12}, a JSON pointer, or both
 * @param reason what was wrong and what was expected
 * @param excerpt a short piece of the input, for the user to recognise it (may be empty)
 */
public record RejectedRecord(String location, String reason, String excerpt) {
}
