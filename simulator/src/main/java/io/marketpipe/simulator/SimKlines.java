package io.marketpipe.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One symbol's 1-minute klines, made of its trades as Binance makes them: by trade time, each trade
 * counted once however often its frame was sent; an update of the open kline every {@link
 * #UPDATE_EVERY} trades, and the closed kline ({@code x} true) when a trade opens the next minute.
 * Quote volume is given to 8 places, as Binance does. Not thread-safe (the producer's thread).
 */
final class SimKlines {
    static final long MINUTE = 60_000;
    static final int UPDATE_EVERY = 50;

    private final String symbol;
    private long openTime = -1;
    private long firstId;
    private long lastId;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private BigDecimal quoteVolume = BigDecimal.ZERO;
    private long trades;
    private long lastTradeTime;

    SimKlines(String symbol) {
        this.symbol = symbol;
    }

    /**
     * Adds {@code t}; returns the kline events it makes (the closed kline of the minute before, an
     * update of the open one), none of them usually.
     */
    String[] trade(SimTrade t) {
        String closed = null;
        long minute = t.tradeTimeMillis() - Math.floorMod(t.tradeTimeMillis(), MINUTE);
        if (openTime >= 0 && minute > openTime) {
            closed = event(true, t.tradeTimeMillis());
            openTime = -1;
        }
        if (openTime < 0) {
            openTime = minute;
            firstId = t.tradeId();
            open = high = low = t.priceUnits();
            volume = 0;
            quoteVolume = BigDecimal.ZERO;
            trades = 0;
        }
        lastId = t.tradeId();
        high = Math.max(high, t.priceUnits());
        low = Math.min(low, t.priceUnits());
        close = t.priceUnits();
        volume += t.quantityUnits();
        quoteVolume =
                quoteVolume.add(
                        BigDecimal.valueOf(t.priceUnits(), SimTrade.SCALE)
                                .multiply(BigDecimal.valueOf(t.quantityUnits(), SimTrade.SCALE)));
        trades++;
        lastTradeTime = t.tradeTimeMillis();
        String update = trades % UPDATE_EVERY == 0 ? event(false, lastTradeTime) : null;
        return new String[] {closed, update};
    }

    private String event(boolean closed, long eventTime) {
        return "{\"e\":\"kline\",\"E\":"
                + Math.max(eventTime, lastTradeTime)
                + ",\"s\":\""
                + symbol
                + "\",\"k\":{\"t\":"
                + openTime
                + ",\"T\":"
                + (openTime + MINUTE - 1)
                + ",\"s\":\""
                + symbol
                + "\",\"i\":\"1m\",\"f\":"
                + firstId
                + ",\"L\":"
                + lastId
                + ",\"o\":\""
                + SimTrade.decimal(open)
                + "\",\"c\":\""
                + SimTrade.decimal(close)
                + "\",\"h\":\""
                + SimTrade.decimal(high)
                + "\",\"l\":\""
                + SimTrade.decimal(low)
                + "\",\"v\":\""
                + SimTrade.decimal(volume)
                + "\",\"n\":"
                + trades
                + ",\"x\":"
                + closed
                + ",\"q\":\""
                + quoteVolume.setScale(SimTrade.SCALE, RoundingMode.HALF_EVEN).toPlainString()
                + "\",\"V\":\"0\",\"Q\":\"0\",\"B\":\"0\"}}";
    }
}
