package io.marketpipe.job.signals;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/** Fixtures: one-minute bars of BINANCE:BTCUSDT from {@link #T0}. */
final class Bars {
    static final long T0 = 1_700_000_000_000L;
    static final long MINUTE = 60_000;

    private Bars() {}

    /** The n-th minute's bar with open, high, low and close as plain decimals. */
    static Bar bar(int n, String open, String high, String low, String close) {
        Bar b = new Bar();
        b.venue = Venue.BINANCE;
        b.symbol = "BTCUSDT";
        b.interval = "1m";
        b.windowStart = T0 + n * MINUTE;
        b.windowEnd = b.windowStart + MINUTE;
        b.open = Decimals.parse(open);
        b.high = Decimals.parse(high);
        b.low = Decimals.parse(low);
        b.close = Decimals.parse(close);
        b.volume = BigDecimal.ONE;
        b.quoteVolume = BigDecimal.ONE;
        b.vwap = BigDecimal.ONE;
        b.tradeCount = 1;
        b.buyVolume = BigDecimal.ZERO;
        b.sellVolume = BigDecimal.ONE;
        return b;
    }

    /** A bar that opens, trades and closes at one price. */
    static Bar flat(int n, String price) {
        return bar(n, price, price, price, price);
    }

    static long units(String decimal) {
        return Decimals.parse(decimal);
    }
}
