package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * Best bid and ask (Binance bookTicker / SBE BestBidAsk) or a price tick (Finnhub {@code v = 0}). A
 * Flink POJO; prices and quantities are {@link Decimals} scaled longs, 0 where the venue gives
 * none.
 */
public class Quote {
    public Venue venue;
    public String symbol;
    public long updateId = -1;
    public long bidPrice;
    public long bidQuantity;
    public long askPrice;
    public long askQuantity;

    /** A last-price tick with no book (Finnhub v = 0): the price is in {@link #lastPrice}. */
    public long lastPrice;

    public long eventTime;

    /**
     * True when {@link #eventTime} is when the frame was received, the venue giving none (spot
     * bookTicker): a replay of a capture without receive times re-dates it.
     */
    public boolean timeFromReceipt;

    public long receivedMicros;

    public Quote() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " bid "
                + Decimals.toPlainString(bidPrice)
                + " ask "
                + Decimals.toPlainString(askPrice)
                + " last "
                + Decimals.toPlainString(lastPrice)
                + " @"
                + eventTime;
    }
}
