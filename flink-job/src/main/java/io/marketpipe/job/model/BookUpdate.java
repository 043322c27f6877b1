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

    /**
     * The most update ids one diff may span: Binance's busiest books move by thousands of ids a
     * second, so a diff over more is hostile or corrupt, and applying it would leave the book
     * waiting for ids that never come while it says it is in sync.
     */
    public static final long MAX_SPAN = 1_000_000;

    /** Why a diff's update ids {@code first..last} are no range, or null. */
    public static String rangeFault(long first, long last) {
        if (first < 0 || last < first) {
            return "update ids " + first + " to " + last + " are no range";
        }
        return last - first >= MAX_SPAN
                ? "update ids " + first + " to " + last + " span more than " + MAX_SPAN
                : null;
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

    /**
     * A REST snapshot's {@code limit}, when its frame says it ({@code "limit"} beside {@code
     * "snapshot"}); 0 when unknown. A side listing fewer levels than the limit is the whole side.
     */
    public int limit;

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
