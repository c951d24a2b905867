package io.prodlab.store;

/**
 * The bucket width of a time chart, chosen from the range it shows: the smallest of a ladder of
 * round widths (1 ms ... 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min, 2 min, 5 min, ..., 1 day, then
 * whole days) that gives at most {@link #MAX_BUCKETS} buckets. Neighbouring widths differ by at most
 * 2.5×, so a range long enough to need more than the smallest width gets about 80 to 200 buckets.
 */
public final class TimeBuckets {
    /** The most buckets a chart gets. */
    public static final int MAX_BUCKETS = 200;

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long MIN = 60 * S;
    private static final long H = 60 * MIN;
    private static final long DAY = 24 * H;
    private static final long[] LADDER = {
            MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 50 * MS, 100 * MS, 200 * MS, 500 * MS,
            S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S,
            MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN,
            H, 2 * H, 3 * H, 6 * H, 12 * H, DAY};

    private TimeBuckets() {
    }

    /**
     * The bucket width in ns for the range [{@code fromNs}, {@code toNs}), counting the buckets as
     * they fall (edges on multiples of the width); 1 ms for an empty range, whole days past the
     * ladder.
     */
    public static long widthFor(long fromNs, long toNs) {
        for (long w : LADDER) {
            if (count(fromNs, toNs, w) <= MAX_BUCKETS) {
                return w;
            }
        }
        long w = DAY * Math.max(1, (toNs - fromNs) / ((long) (MAX_BUCKETS - 1) * DAY) + 1);
        while (count(fromNs, toNs, w) > MAX_BUCKETS) {
            w += DAY;
        }
        return w;
    }

    /** How many buckets of {@code widthNs}, with edges on multiples of it, cover [fromNs, toNs). */
    public static long count(long fromNs, long toNs, long widthNs) {
        if (toNs <= fromNs) {
            return 1;
        }
        return Math.floorDiv(toNs - 1, widthNs) - Math.floorDiv(fromNs, widthNs) + 1;
    }

    /** The start of the bucket of width {@code widthNs} holding {@code ns} (edges are multiples of the width). */
    public static long floor(long ns, long widthNs) {
        return Math.floorDiv(ns, widthNs) * widthNs;
    }
}
