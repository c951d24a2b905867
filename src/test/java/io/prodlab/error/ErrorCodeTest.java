package io.prodlab.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorCodeTest {
    /** Every failure below is thrown from one of these two places, with whatever message it is given. */
    private static RuntimeException failHere(String message) {
        return new IllegalStateException(message);
    }

    private static RuntimeException failThere(String message) {
        return new IllegalStateException(message);
    }

    @Test
    void hasThreeGroupsOfFourHexDigits() {
        assertTrue(ErrorCode.of(failHere("one")).matches("[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}"));
    }

    @Test
    void theSameFailureGetsTheSameCodeWhateverItsMessage() {
        RuntimeException a = failHere("workspace /home/ann/a.prodlab");
        RuntimeException b = failHere("workspace /home/bob/other.prodlab, 3 spans");
        assertNotEquals(a.getMessage(), b.getMessage());
        assertEquals(ErrorCode.of(a), ErrorCode.of(b));
    }

    @Test
    void theSameTypeAndMessageThrownElsewhereGetsAnotherCode() {
        String a = ErrorCode.of(failHere("same"));
        String b = ErrorCode.of(failThere("same"));
        assertEquals(a.substring(0, 4), b.substring(0, 4), "same type");
        assertNotEquals(a.substring(5, 9), b.substring(5, 9), "thrown in another place");
        assertNotEquals(a, b);
    }

    @Test
    void anotherTypeThrownInTheSamePlaceGetsAnotherFirstGroup() {
        RuntimeException state = failHere("x");
        RuntimeException argument = new IllegalArgumentException("x");
        argument.setStackTrace(state.getStackTrace());
        String a = ErrorCode.of(state);
        String b = ErrorCode.of(argument);
        assertNotEquals(a.substring(0, 4), b.substring(0, 4));
        assertEquals(a.substring(4), b.substring(4), "same place, same first frame of ours");
    }

    @Test
    void theRootCauseNamesTheFirstGroup() {
        IOException io = new IOException("disk");
        String wrapped = ErrorCode.of(new UncheckedIOException(io));
        String bare = ErrorCode.of(io);
        assertEquals(bare.substring(0, 4), wrapped.substring(0, 4));
    }
}
