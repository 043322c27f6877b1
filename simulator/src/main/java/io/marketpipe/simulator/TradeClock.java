package io.marketpipe.simulator;

/** Supplies trade times. Wall-clock for live runs; a stepping clock makes tests deterministic. */
@FunctionalInterface
public interface TradeClock {
    long nextTradeTimeMillis();

    /** Whether trade times are the time they are made (a live run), not a simulated day. */
    default boolean isWall() {
        return false;
    }

    static TradeClock wall() {
        return new TradeClock() {
            @Override
            public long nextTradeTimeMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public boolean isWall() {
                return true;
            }
        };
    }

    /**
     * Starts at {@code startMillis} and advances {@code stepMillis} per trade, across all symbols.
     */
    static TradeClock stepping(long startMillis, long stepMillis) {
        long[] now = {startMillis - stepMillis};
        return () -> now[0] += stepMillis;
    }
}
