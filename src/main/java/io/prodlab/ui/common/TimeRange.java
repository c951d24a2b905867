package io.prodlab.ui.common;

/**
 * The session's time range: which spans every view looks at, those that start in
 * [{@link #fromNs()}, {@link #toNs()}). The whole data has open bounds ({@code Long.MIN_VALUE},
 * {@code Long.MAX_VALUE}), which every query of the store takes as "no bound" — so a view passes
 * {@code fromNs()}/{@code toNs()} to its query as they are, whatever the preset.
 *
 * @param preset how the range was chosen (the picker shows it)
 */
public record TimeRange(Preset preset, long fromNs, long toNs) {
    /** How a range is chosen. The "last N minutes" presets count back from the data's end, not from now. */
    public enum Preset {
        WHOLE(0), LAST_5_MIN(5), LAST_15_MIN(15), LAST_60_MIN(60), CUSTOM(0);

        private final int minutes;

        Preset(int minutes) {
            this.minutes = minutes;
        }

        /** The minutes a "last N minutes" preset covers; 0 for the others. */
        public int minutes() {
            return minutes;
        }

        public boolean isRelative() {
            return minutes > 0;
        }
    }

    /** All of the data. */
    public static final TimeRange WHOLE = new TimeRange(Preset.WHOLE, Long.MIN_VALUE, Long.MAX_VALUE);

    public TimeRange {
        if (preset == null) {
            throw new IllegalArgumentException("a time range needs its preset");
        }
        if (fromNs >= toNs) {
            throw new IllegalArgumentException("a time range must end after it starts: " + fromNs + " >= " + toNs);
        }
    }

    /** A range the user chose: [fromNs, toNs). */
    public static TimeRange custom(long fromNs, long toNs) {
        return new TimeRange(Preset.CUSTOM, fromNs, toNs);
    }

    /**
     * The last {@code preset.minutes()} of data that ends at {@code dataEndNs}: the spans that start
     * then, up to and including the last instant.
     */
    public static TimeRange last(Preset preset, long dataEndNs) {
        if (!preset.isRelative()) {
            throw new IllegalArgumentException(preset + " does not count back from the data's end");
        }
        return new TimeRange(preset, dataEndNs - preset.minutes() * 60_000_000_000L, dataEndNs + 1);
    }

    public boolean isWhole() {
        return fromNs == Long.MIN_VALUE && toNs == Long.MAX_VALUE;
    }

    /** Whether a span starting at {@code ns} is in the range. */
    public boolean contains(long ns) {
        return ns >= fromNs && ns < toNs;
    }
}
