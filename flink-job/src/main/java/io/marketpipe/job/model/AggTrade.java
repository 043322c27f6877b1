package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;

/**
 * One Binance aggregate trade: the trades {@code firstTradeId..lastTradeId} of one taker order at
 * one price, summed. Price and quantity are {@link Decimals} scaled longs. A Flink POJO.
 */
public class AggTrade {
    /** The most trades one aggregate may stand for; a longer range is quarantined as MALFORMED. */
    public static final long MAX_TRADES = 32_768;

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

    /**
     * The aggregate as one {@link Trade} for the bars: id {@code firstTradeId}, {@link
     * Trade#lastTradeId} {@code lastTradeId}, the summed quantity at the one price.
     */
    public Trade asTrade() {
        Trade t =
                new Trade(
                        venue,
                        symbol,
                        firstTradeId,
                        price,
                        quantity,
                        tradeTime,
                        eventTime,
                        buyerIsMaker,
                        receivedMicros,
                        Origin.LIVE);
        t.lastTradeId = lastTradeId;
        return t;
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
