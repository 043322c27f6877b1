package io.marketpipe.simulator;

/** Supplies trade times. Wall-clock for live runs; a stepping clock makes tests deterministic. */
@FunctionalInterface
public interface TradeClock {
    long nextTradeTimeMillis();

    static TradeClock wall() {
        return System::currentTimeMillis;
    }

    /**
     * Starts at {@code startMillis} and advances {@code stepMillis} per trade, across all symbols.
     */
    static TradeClock stepping(long startMillis, long stepMillis) {
        long[] now = {startMillis - stepMillis};
        return () -> now[0] += stepMillis;
    }
}
