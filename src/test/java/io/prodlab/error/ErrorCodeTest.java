package io.prodlab.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorCodeTest {
    private static RuntimeException failHere() {
        return new IllegalStateException("one");
    }

    private static RuntimeException failThere() {
        return new IllegalArgumentException("two");
    }

    @Test
    void hasThreeGroupsOfFourHexDigits() {
        assertTrue(ErrorCode.of(failHere()).matches("[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}"));
    }

    @Test
    void theSameFailureGetsTheSameCodeWhateverItsMessage() {
        RuntimeException a = failHere();
        RuntimeException b = failHere();
        assertEquals(ErrorCode.of(a), ErrorCode.of(b));
    }

    @Test
    void differentFailuresGetDifferentCodes() {
        assertNotEquals(ErrorCode.of(failHere()), ErrorCode.of(failThere()));
    }

    @Test
    void theRootCauseNamesTheFirstGroup() {
        IOException io = new IOException("disk");
        String wrapped = ErrorCode.of(new UncheckedIOException(io));
        String bare = ErrorCode.of(io);
        assertEquals(bare.substring(0, 4), wrapped.substring(0, 4));
    }
}
