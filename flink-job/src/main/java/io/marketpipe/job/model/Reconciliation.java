package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * One way the venue's own closed kline and our bar of the same symbol, interval and window differ:
 * a field whose values differ (reason {@link Reason#MISMATCH}), or one side missing. A Flink POJO.
 */
public class Reconciliation {
    /** Why a row was written. */
    public enum Reason {
        /** Both exist; this field differs. */
        MISMATCH,
        /** The venue closed a kline of trades; we made no bar of that window. */
        NO_BAR
    }

    public Venue venue;
    public String symbol;
    public String interval;
    public long windowStart;
    public Reason reason;

    /**
     * open, high, low, close, volume, quote_volume or trade_count; null for {@link Reason#NO_BAR}.
     */
    public String field;

    /** Ours and the venue's, as exact decimal text. */
    public String ours;

    public String theirs;

    public Reconciliation() {}

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " "
                + interval
                + " @"
                + windowStart
                + " "
                + reason
                + (field == null ? "" : " " + field + ": ours " + ours + ", theirs " + theirs);
    }
}
