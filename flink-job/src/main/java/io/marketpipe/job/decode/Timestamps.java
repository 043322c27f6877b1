package io.marketpipe.job.decode;

/** Venue timestamps to epoch millis, with sanity bounds. */
final class Timestamps {
    /** 2010-01-01T00:00:00Z: no venue we read has trades before it. */
    static final long MIN_MILLIS = 1_262_304_000_000L;

    /** 2100-01-01T00:00:00Z. */
    static final long MAX_MILLIS = 4_102_444_800_000L;

    private static final long MICROS_THRESHOLD = 100_000_000_000_000L;

    private Timestamps() {}

    /**
     * Millis from a value that is millis or, above 10^14 (Binance's {@code timeUnit=MICROSECOND}),
     * micros; {@code -1} if the result is outside [2010, 2100).
     */
    static long toMillis(long value) {
        long millis = value >= MICROS_THRESHOLD ? value / 1_000 : value;
        return millis >= MIN_MILLIS && millis < MAX_MILLIS ? millis : -1;
    }
}
