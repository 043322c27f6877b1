package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * What a depth frame says about one symbol's order book: a diff between two update ids (Binance
 * {@code depthUpdate}, SBE {@code DepthDiffStreamEvent}), a full snapshot as of one update id (the
 * REST {@code /api/v3/depth} answer) or the top 20 levels as of one update id (SBE {@code
 * DepthSnapshotStreamEvent}). Levels are {@link Decimals} scaled longs; a quantity of 0 removes the
 * level. A Flink POJO.
 */
public class BookUpdate {
    /** Kinds of book update. */
    public enum Kind {
        DIFF,
        SNAPSHOT,
        TOP20
    }

    public Kind kind;
    public Venue venue;
    public String symbol;

    /** A diff's first update id ({@code U}); a snapshot's {@code lastUpdateId}. */
    public long firstUpdateId;

    /** A diff's last update id ({@code u}); a snapshot's {@code lastUpdateId}. */
    public long lastUpdateId;

    /** Venue event time in ms; for a REST snapshot, when it was taken. */
    public long eventTime;

    /**
     * True when {@link #eventTime} is not the venue's but when the frame was received (a REST
     * snapshot carries no time): a replay of a capture without receive times re-dates it.
     */
    public boolean timeFromReceipt;

    public long receivedMicros;
    public long[] bidPrices = new long[0];
    public long[] bidQuantities = new long[0];
    public long[] askPrices = new long[0];
    public long[] askQuantities = new long[0];

    public BookUpdate() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    /** How many price levels it changes or lists. */
    public int levels() {
        return bidPrices.length + askPrices.length;
    }

    @Override
    public String toString() {
        return kind
                + " "
                + venue
                + ":"
                + symbol
                + " ["
                + firstUpdateId
                + ".."
                + lastUpdateId
                + "] "
                + bidPrices.length
                + " bids, "
                + askPrices.length
                + " asks @"
                + eventTime;
    }
}
