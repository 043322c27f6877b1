package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * OHLCV for one venue, symbol and event-time window. A Flink POJO. Prices are {@link Decimals}
 * scaled longs; volumes, quote volume (price x quantity, exact) and VWAP are decimals, since sums
 * can outgrow a long.
 */
public class Bar {
    public Venue venue;
    public String symbol;
    public String interval;
    public long windowStart;
    public long windowEnd;
    public long open;
    public long high;
    public long low;
    public long close;
    public BigDecimal volume;
    public BigDecimal quoteVolume;
    public BigDecimal vwap;
    public long tradeCount;
    public BigDecimal buyVolume;
    public BigDecimal sellVolume;
    public long firstTradeId;
    public long lastTradeId;

    /**
     * The latest forwarder receive time (epoch micros) among the bar's trades, 0 when none had one:
     * for the receive → signal latency histogram only. Not part of the bar's value: no sink writes
     * it.
     */
    public long lastReceivedMicros;

    public Bar() {}

    @Override
    public String toString() {
        return venue.name()
                + ':'
                + symbol
                + ' '
                + interval
                + '@'
                + windowStart
                + " O"
                + Decimals.toPlainString(open)
                + " H"
                + Decimals.toPlainString(high)
                + " L"
                + Decimals.toPlainString(low)
                + " C"
                + Decimals.toPlainString(close)
                + " V"
                + volume.toPlainString()
                + " n"
                + tradeCount;
    }
}
