package io.marketpipe.job.signals;

import java.util.Locale;

/** The entry rules a strategy can run, by their configuration names. */
public enum StrategyKind {
    /** Long when the close is at least X % below the highest close of the last N bars. */
    DIP_BUY("dip-buy"),
    /**
     * Long when a fast moving average of closes crosses above a slow one; flat on the cross down.
     */
    MA_CROSS("ma-cross"),
    /** Long when the close exceeds the highest high of the last N bars (Donchian). */
    BREAKOUT("breakout");

    private final String configName;

    StrategyKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static StrategyKind parse(String name) {
        for (StrategyKind kind : values()) {
            if (kind.configName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "strategy kind \"" + name + "\" is not dip-buy, ma-cross or breakout");
    }
}
