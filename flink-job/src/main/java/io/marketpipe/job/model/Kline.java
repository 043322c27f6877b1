package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * One Binance kline (the venue's own bar) as its stream sends it: open while the interval runs,
 * closed ({@code closed}) once. Prices and volumes are {@link Decimals} scaled longs; the quote
 * volumes, which can exceed a long's range at scale 8, are exact decimals as text. A Flink POJO.
 */
public class Kline {
    public Venue venue;
    public String symbol;

    /** Binance's interval name: 1s, 1m, 5m, 1h, 1d, ... */
    public String interval;

    public long openTime;
    public long closeTime;
    public long firstTradeId;
    public long lastTradeId;
    public long open;
    public long high;
    public long low;
    public long close;
    public long volume;
    public String quoteVolume;
    public long tradeCount;
    public long takerBuyVolume;
    public String takerBuyQuoteVolume;
    public boolean closed;
    public long eventTime;
    public long receivedMicros;

    public Kline() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " "
                + interval
                + " kline @"
                + openTime
                + " O "
                + Decimals.toPlainString(open)
                + " H "
                + Decimals.toPlainString(high)
                + " L "
                + Decimals.toPlainString(low)
                + " C "
                + Decimals.toPlainString(close)
                + " V "
                + Decimals.toPlainString(volume)
                + " n "
                + tradeCount
                + (closed ? " closed" : " open");
    }
}
