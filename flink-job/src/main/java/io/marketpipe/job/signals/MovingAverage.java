package io.marketpipe.job.signals;

import java.util.Locale;

/** Moving averages of closes for {@link StrategyKind#MA_CROSS}. */
public enum MovingAverage {
    /** Simple: the mean of the last N closes. */
    SMA,
    /**
     * Exponential with alpha = 2 / (N + 1), seeded with the SMA of the first N closes and rounded
     * half-even to 8 decimals at every step, so it is exact and repeatable.
     */
    EMA;

    public static MovingAverage parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("moving average \"" + name + "\" is not sma or ema");
        }
    }
}
