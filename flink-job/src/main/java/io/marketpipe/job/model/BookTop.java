package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * A book's top after one applied update, or the moment it went out of sync ({@code inSync} false,
 * no prices). Prices and quantities are {@link Decimals} scaled longs, 0 for a side with no level;
 * the sums over the top {@code levels} levels give the imbalance. A Flink POJO.
 */
public class BookTop {
    public Venue venue;
    public String symbol;
    public long updateId;
    public long eventTime;
    public boolean inSync;
    public long bidPrice;
    public long bidQuantity;
    public long askPrice;
    public long askQuantity;

    /** How many levels each side has exactly (bounded by the book's cap). */
    public int bidDepth;

    public int askDepth;

    /** Total quantity of the best {@code imbalanceLevels} levels of each side. */
    public long bidQuantityTopN;

    public long askQuantityTopN;
    public int imbalanceLevels;

    public BookTop() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    /** Whether both sides have a best price. */
    public boolean twoSided() {
        return inSync && bidPrice > 0 && askPrice > 0;
    }

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " #"
                + updateId
                + (inSync
                        ? " "
                                + Decimals.toPlainString(bidQuantity)
                                + " @ "
                                + Decimals.toPlainString(bidPrice)
                                + " / "
                                + Decimals.toPlainString(askQuantity)
                                + " @ "
                                + Decimals.toPlainString(askPrice)
                        : " out of sync")
                + " @"
                + eventTime;
    }
}
