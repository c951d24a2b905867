package io.prodlab.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeBucketsTest {
    private static final long S = 1_000_000_000L;
    /** A start on a whole day, so that every width of the ladder has an edge there. */
    private static final long DAY_EDGE = 20_000L * 86_400 * S;

    @ParameterizedTest(name = "{0} s -> {1} ms buckets ({2} of them)")
    @CsvSource(textBlock = """
            # range (s), width (ms), buckets
            0.1,        1,         100
            10,         50,        200
            60,         500,       120
            300,        2000,      150
            900,        5000,      180
            3600,       30000,     120
            86400,      600000,    144
            604800,     3600000,   168
            31536000,   172800000, 183
            """)
    void choosesTheSmallestRoundWidthThatGivesAtMost200Buckets(double rangeS, long widthMs, long buckets) {
        long to = DAY_EDGE + Math.round(rangeS * S);
        long width = TimeBuckets.widthFor(DAY_EDGE, to);
        assertEquals(widthMs * 1_000_000L, width);
        assertEquals(buckets, TimeBuckets.count(DAY_EDGE, to, width));
    }

    @Test
    void countsTheBucketThatARangeOffTheEdgesSpillsInto() {
        long from = DAY_EDGE + S / 2;
        long to = from + 200 * S; // 200 s, but from 0.5 s to 200.5 s touches 201 one-second buckets
        assertEquals(201, TimeBuckets.count(from, to, S));
        assertEquals(2 * S, TimeBuckets.widthFor(from, to));
        assertEquals(101, TimeBuckets.count(from, to, 2 * S));
    }

    @Test
    void everyRangeFromAMinuteToAYearGetsBetween60And200Buckets() {
        for (long range = 60 * S; range < 400L * 86_400 * S; range = range * 11 / 10) {
            long from = DAY_EDGE + 123_456_789L;
            long width = TimeBuckets.widthFor(from, from + range);
            long n = TimeBuckets.count(from, from + range, width);
            assertTrue(n >= 60 && n <= 200, range / S + " s gave " + n + " buckets of " + width / S + " s");
        }
    }

    @Test
    void anEmptyOrBackwardRangeGetsOneSmallestBucket() {
        assertEquals(1_000_000L, TimeBuckets.widthFor(DAY_EDGE, DAY_EDGE));
        assertEquals(1, TimeBuckets.count(DAY_EDGE, DAY_EDGE - S, 1_000_000L));
    }

    @Test
    void bucketEdgesAreMultiplesOfTheWidthAlsoBeforeTheEpoch() {
        assertEquals(-10 * S, TimeBuckets.floor(-1, 10 * S));
        assertEquals(DAY_EDGE, TimeBuckets.floor(DAY_EDGE + 9 * S, 10 * S));
    }
}
