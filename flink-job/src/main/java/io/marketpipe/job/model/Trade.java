package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.Objects;

/**
 * One trade from any venue. A Flink POJO: public fields, no-arg constructor. Price and quantity are
 * {@link Decimals} scaled longs; times are epoch millis except {@code receivedMicros}.
 */
public class Trade {
    /** Finnhub trades have no id. */
    public static final long NO_ID = -1;

    public Venue venue;
    public String symbol;
    public long tradeId = NO_ID;
    public long price;
    public long quantity;
    public long tradeTime;
    public long eventTime;
    public boolean buyerIsMaker;
    public long receivedMicros;
    public Origin origin;

    /**
     * {@link #NO_ID} for one trade. Else the trade is an aggregate (a Binance aggTrade): it stands
     * for the trades {@code tradeId..lastTradeId} of one taker order at one price, its quantity
     * their sum. It goes into bars as those trades; the trades table keeps single trades only.
     */
    public long lastTradeId = NO_ID;

    /**
     * A single trade whose id an aggregate already put into the bars (both streams subscribed):
     * written to the trades table, left out of the bars.
     */
    public boolean coveredByAggregate;

    /** {@link #instrument()}, made once per copy (venue and symbol do not change once set). */
    private transient String instrument;

    public Trade() {}

    public Trade(
            Venue venue,
            String symbol,
            long tradeId,
            long price,
            long quantity,
            long tradeTime,
            long eventTime,
            boolean buyerIsMaker,
            long receivedMicros,
            Origin origin) {
        this.venue = venue;
        this.symbol = symbol;
        this.tradeId = tradeId;
        this.price = price;
        this.quantity = quantity;
        this.tradeTime = tradeTime;
        this.eventTime = eventTime;
        this.buyerIsMaker = buyerIsMaker;
        this.receivedMicros = receivedMicros;
        this.origin = origin;
    }

    /**
     * Sets what {@link #instrument()} returns to an equal string made earlier (null: made on
     * demand), so that trades of one instrument share it and its hash.
     */
    void knownInstrument(String instrument) {
        this.instrument = instrument;
    }

    /** A copy with the same values. */
    public Trade copy() {
        Trade t =
                new Trade(
                        venue,
                        symbol,
                        tradeId,
                        price,
                        quantity,
                        tradeTime,
                        eventTime,
                        buyerIsMaker,
                        receivedMicros,
                        origin);
        t.lastTradeId = lastTradeId;
        t.coveredByAggregate = coveredByAggregate;
        return t;
    }

    public boolean isAggregate() {
        return lastTradeId != NO_ID;
    }

    /** How many trades this stands for. */
    public long trades() {
        return lastTradeId == NO_ID ? 1 : lastTradeId - tradeId + 1;
    }

    /** Keys state and partitions: venue and symbol. */
    public String instrument() {
        String key = instrument;
        if (key == null) {
            key = venue.name() + ':' + symbol;
            instrument = key;
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Trade)) {
            return false;
        }
        Trade t = (Trade) o;
        return tradeId == t.tradeId
                && lastTradeId == t.lastTradeId
                && coveredByAggregate == t.coveredByAggregate
                && price == t.price
                && quantity == t.quantity
                && tradeTime == t.tradeTime
                && eventTime == t.eventTime
                && buyerIsMaker == t.buyerIsMaker
                && receivedMicros == t.receivedMicros
                && Objects.equals(venue, t.venue)
                && Objects.equals(symbol, t.symbol)
                && Objects.equals(origin, t.origin);
    }

    @Override
    public int hashCode() {
        // the venue by name: an enum's own hash code differs from one JVM to the next
        return Objects.hash(
                venue == null ? null : venue.name(), symbol, tradeId, price, quantity, tradeTime);
    }

    @Override
    public String toString() {
        return venue.name()
                + ':'
                + symbol
                + '#'
                + tradeId
                + ' '
                + Decimals.toPlainString(price)
                + " x "
                + Decimals.toPlainString(quantity)
                + " @"
                + tradeTime;
    }
}
