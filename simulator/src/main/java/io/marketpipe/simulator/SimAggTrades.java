package io.marketpipe.simulator;

import java.util.function.Consumer;

/**
 * One symbol's {@code @aggTrade} events, made from its trades as Binance makes them: consecutive
 * trades at one price, one taker side and one millisecond are one aggregate ({@code a} counting up
 * from 1, {@code f} and {@code l} its first and last trade ids, {@code q} their summed quantity,
 * exact). An aggregate goes out when a trade does not extend it, or at {@link #flush} (the
 * simulator calls it every 100 ms), so none is held back long. Thread-safe.
 */
final class SimAggTrades {
    private final String symbol;
    private long aggregateId;

    /** The open aggregate: its first trade, its last, and the quantity so far (units). */
    private SimTrade first;

    private SimTrade last;
    private long quantity;

    SimAggTrades(String symbol) {
        this.symbol = symbol;
    }

    /**
     * Adds a trade; an aggregate it closes goes to {@code send} before this returns, under this
     * book's lock, so the aggregates of a symbol go out in order whichever thread closes them.
     */
    synchronized void trade(SimTrade t, Consumer<String> send) {
        if (first != null
                && t.priceUnits() == first.priceUnits()
                && t.buyerIsMaker() == first.buyerIsMaker()
                && t.tradeTimeMillis() == first.tradeTimeMillis()
                && t.tradeId() == last.tradeId() + 1) {
            last = t;
            quantity = Math.addExact(quantity, t.quantityUnits());
            return;
        }
        flush(send);
        first = t;
        last = t;
        quantity = t.quantityUnits();
    }

    /** Closes the open aggregate, if any, and gives it to {@code send}. */
    synchronized void flush(Consumer<String> send) {
        if (first == null) {
            return;
        }
        String event =
                "{\"e\":\"aggTrade\",\"E\":"
                        + last.tradeTimeMillis()
                        + ",\"s\":\""
                        + symbol
                        + "\",\"a\":"
                        + ++aggregateId
                        + ",\"p\":\""
                        + SimTrade.decimal(first.priceUnits())
                        + "\",\"q\":\""
                        + SimTrade.decimal(quantity)
                        + "\",\"f\":"
                        + first.tradeId()
                        + ",\"l\":"
                        + last.tradeId()
                        + ",\"T\":"
                        + first.tradeTimeMillis()
                        + ",\"m\":"
                        + first.buyerIsMaker()
                        + ",\"M\":true}";
        first = null;
        last = null;
        send.accept(event);
    }
}
