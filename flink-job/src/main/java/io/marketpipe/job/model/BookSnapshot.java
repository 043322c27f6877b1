package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * An in-sync book's best levels as of one instant of event time: after every update dated before
 * {@link #snapshotTime}, before any dated at or after it. Prices and quantities are {@link
 * Decimals} scaled longs, best first. A Flink POJO; the lake writes a row per level.
 */
public class BookSnapshot {
    public Venue venue;
    public String symbol;
    public long snapshotTime;
    public long updateId;

    /** Levels each side of the book knows exactly (the snapshot lists at most its level count). */
    public int bidDepth;

    public int askDepth;
    public long[] bidPrices;
    public long[] bidQuantities;
    public long[] askPrices;
    public long[] askQuantities;

    public BookSnapshot() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    @Override
    public String toString() {
        return instrument()
                + " #"
                + updateId
                + " @"
                + snapshotTime
                + ' '
                + bidPrices.length
                + " bids / "
                + askPrices.length
                + " asks";
    }
}
