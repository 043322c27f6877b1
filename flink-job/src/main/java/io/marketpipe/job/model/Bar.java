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

    /**
     * The book over the window, when the instrument has one (else all null): milliseconds it was in
     * sync with a bid and an ask, the spread weighted by time over them, and the mid and top-N
     * imbalance at the close.
     */
    public Long bookInSyncMillis;

    public BigDecimal bookSpread;
    public BigDecimal bookMid;
    public BigDecimal bookImbalance;

    public Bar() {}

    /** A copy with the same values (fields are immutable or primitive). */
    public Bar copy() {
        Bar b = new Bar();
        b.venue = venue;
        b.symbol = symbol;
        b.interval = interval;
        b.windowStart = windowStart;
        b.windowEnd = windowEnd;
        b.open = open;
        b.high = high;
        b.low = low;
        b.close = close;
        b.volume = volume;
        b.quoteVolume = quoteVolume;
        b.vwap = vwap;
        b.tradeCount = tradeCount;
        b.buyVolume = buyVolume;
        b.sellVolume = sellVolume;
        b.firstTradeId = firstTradeId;
        b.lastTradeId = lastTradeId;
        b.lastReceivedMicros = lastReceivedMicros;
        b.bookInSyncMillis = bookInSyncMillis;
        b.bookSpread = bookSpread;
        b.bookMid = bookMid;
        b.bookImbalance = bookImbalance;
        return b;
    }

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
