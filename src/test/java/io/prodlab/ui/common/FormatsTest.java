package io.prodlab.ui.common;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest {
    private static Locale saved;

    @BeforeAll
    static void english() {
        saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    @AfterAll
    static void restore() {
        Locale.setDefault(Locale.Category.FORMAT, saved);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,          0.00
            0.004,      < 0.01
            0.005,      0.01
            1234.567,   '1,234.57'
            NaN,        –
            """)
    void smallFiguresDoNotReadAsZero(double value, String expected) {
        assertEquals(expected, Formats.small(value, 2));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,        0
            19,       19
            50034,    '50,034'
            """)
    void integersAreGrouped(long value, String expected) {
        assertEquals(expected, Formats.integer(value));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0.25,       250 µs
            12.34,      12.3 ms
            250,        250 ms
            1200,       1.20 s
            90000,      1.5 min
            7200000,    2.0 h
            NaN,        –
            """)
    void durationsReadInTheUnitThatFits(double ms, String expected) {
        assertEquals(expected, Formats.duration(ms));
    }
}
