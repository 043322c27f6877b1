package io.marketpipe.job.signals;

/** Why a signal was given: an entry rule, an exit rule, or a protective exit. */
public enum SignalReason {
    DIP,
    MA_CROSS_UP,
    BREAKOUT,
    MA_CROSS_DOWN,
    TAKE_PROFIT,
    STOP_LOSS,
    TRAILING_STOP,
    MAX_HOLD
}
