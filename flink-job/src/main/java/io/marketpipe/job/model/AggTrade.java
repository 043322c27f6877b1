package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * One Binance aggregate trade: the trades {@code firstTradeId..lastTradeId} of one taker order at
 * one price, summed. Price and quantity are {@link Decimals} scaled longs. A Flink POJO.
 */
public class AggTrade {
    public Venue venue;
    public String symbol;
    public long aggregateId;
    public long price;
    public long quantity;
    public long firstTradeId;
    public long lastTradeId;
    public long tradeTime;
    public long eventTime;
    public boolean buyerIsMaker;
    public long receivedMicros;

    public AggTrade() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " agg #"
                + aggregateId
                + " ["
                + firstTradeId
                + ".."
                + lastTradeId
                + "] "
                + Decimals.toPlainString(price)
                + " x "
                + Decimals.toPlainString(quantity)
                + " @"
                + tradeTime;
    }
}
