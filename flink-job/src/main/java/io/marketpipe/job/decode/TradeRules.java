package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.schemas.symbol.Symbols;
import java.io.Serializable;
import java.math.BigInteger;

/**
 * The checks every venue's trades pass, written once for every decoder, in the README's order
 * (after the decoder's own MALFORMED and MISSING_FIELD checks): symbol, price, quantity, then time.
 *
 * <p>Bounds, so that every accepted trade is writable everywhere (DynamoDB's 38 digits, the lake's
 * DECIMAL(38,8) and, for a bar's quote volume, DECIMAL(38,16)): a price up to {@value
 * #MAX_PRICE_TEXT}, a quantity up to {@value #MAX_QUANTITY_TEXT}, and a notional (price × quantity)
 * up to {@value #MAX_NOTIONAL_TEXT}, so a bar holds a billion such trades before its quote volume
 * could overflow. A trade dated more than {@code maxAheadMillis} after its receive time would move
 * the watermark past every real trade after it, so it is BAD_TIMESTAMP; so is a live trade dated
 * more than {@code maxBehindMillis} before it, which bounds the dates (and lake partitions, each an
 * open Parquet writer) one checkpoint of live data can touch. Replays of old captures and history
 * files have no bound behind.
 */
public final class TradeRules implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String MAX_PRICE_TEXT = "1,000,000,000";
    static final String MAX_QUANTITY_TEXT = "10,000,000,000";
    static final String MAX_NOTIONAL_TEXT = "10,000,000,000,000";

    /** Largest price, in units of 10^-8. */
    static final long MAX_PRICE = 1_000_000_000L * Decimals.ONE;

    /** Largest quantity, in units of 10^-8. */
    static final long MAX_QUANTITY = 10_000_000_000L * Decimals.ONE;

    /** Largest price × quantity at scale 16 (10^13), as the high and low words of 128 bits. */
    private static final long MAX_NOTIONAL_HI;

    private static final long MAX_NOTIONAL_LO;

    static {
        BigInteger max = BigInteger.TEN.pow(13 + 2 * Decimals.SCALE);
        MAX_NOTIONAL_HI = max.shiftRight(64).longValueExact();
        MAX_NOTIONAL_LO = max.longValue();
    }

    /** The default of {@code bars / trade-time.max-ahead.ms}. */
    public static final long DEFAULT_MAX_AHEAD_MILLIS = 10_000;

    /** The default of {@code bars / trade-time.max-behind.ms}: 7 days. */
    public static final long DEFAULT_MAX_BEHIND_MILLIS = 7 * 24 * 3_600_000L;

    /** Live rules with the default bounds. */
    public static final TradeRules DEFAULTS =
            new TradeRules(DEFAULT_MAX_AHEAD_MILLIS, DEFAULT_MAX_BEHIND_MILLIS);

    /** Rules for replays of old data: the default bound ahead, none behind. */
    public static final TradeRules REPLAY =
            new TradeRules(DEFAULT_MAX_AHEAD_MILLIS, Long.MAX_VALUE);

    private final long maxAheadMillis;
    private final long maxBehindMillis;

    public TradeRules(long maxAheadMillis, long maxBehindMillis) {
        if (maxAheadMillis < 0 || maxBehindMillis < 0) {
            throw new IllegalArgumentException(
                    "negative bound: ahead " + maxAheadMillis + ", behind " + maxBehindMillis);
        }
        this.maxAheadMillis = maxAheadMillis;
        this.maxBehindMillis = maxBehindMillis;
    }

    /**
     * Quarantines the trade for the first rule it breaks and returns true; false if it passes.
     *
     * @param where prefix of the detail naming the element of a batch, or "" (its {@code
     *     toString()}, made only when the trade is rejected)
     * @param price units, or a negative value when the text was no decimal of at most 8 places
     * @param priceText the price as it came, for the detail
     * @param quantity units, or negative as for {@code price}
     * @param tradeTime epoch millis from {@link Timestamps#toMillis}, -1 when out of range
     * @param tradeTimeText the time as it came, for the detail
     * @param receivedMicros when the forwarder received the frame; 0 when unknown
     */
    boolean rejects(
            DecodeSink out,
            Object where,
            String symbol,
            long price,
            Object priceText,
            long quantity,
            Object quantityText,
            long tradeTime,
            Object tradeTimeText,
            long receivedMicros) {
        String fault = symbolFault(symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, where + fault);
            return true;
        }
        fault = priceFault(price, priceText);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_PRICE, where + fault);
            return true;
        }
        fault = quantityFault(quantity, quantityText);
        if (fault == null && exceedsNotional(price, quantity)) {
            fault =
                    "price "
                            + Decimals.toPlainString(price)
                            + " × quantity "
                            + Decimals.toPlainString(quantity)
                            + " exceeds "
                            + MAX_NOTIONAL_TEXT;
        }
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_QUANTITY, where + fault);
            return true;
        }
        fault = timeFault(tradeTime, tradeTimeText, receivedMicros);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_TIMESTAMP, where + fault);
            return true;
        }
        return false;
    }

    /**
     * Whether the trade passes every rule {@link #rejects} checks, with the same checks; allocates
     * nothing when it does. For a decoder's fast path, which leaves any trade that fails to its
     * general path to name the fault.
     */
    boolean accepts(String symbol, long price, long quantity, long tradeTime, long receivedMicros) {
        return Symbols.valid(symbol)
                && priceFault(price, null) == null
                && quantityFault(quantity, null) == null
                && !exceedsNotional(price, quantity)
                && timeFault(tradeTime, null, receivedMicros) == null;
    }

    /** Why {@code symbol} breaks {@link Symbols}' rule, or null. */
    static String symbolFault(String symbol) {
        return Symbols.valid(symbol) ? null : "symbol \"" + symbol + "\" " + Symbols.fault(symbol);
    }

    /** Why a member given as a number, a boolean, an object or an array is no text. */
    static String notText(String what, Object value) {
        return what + " " + value + " is not a JSON string";
    }

    /** Why {@code units} is no price, or null. */
    static String priceFault(long units, Object text) {
        if (units <= 0) {
            return "price " + quoted(text) + " is not a positive decimal of at most 8 places";
        }
        return units > MAX_PRICE ? "price " + quoted(text) + " exceeds " + MAX_PRICE_TEXT : null;
    }

    /** Why {@code units} is no trade quantity, or null. */
    static String quantityFault(long units, Object text) {
        if (units <= 0) {
            return "quantity " + quoted(text) + " is not a positive decimal of at most 8 places";
        }
        return units > MAX_QUANTITY
                ? "quantity " + quoted(text) + " exceeds " + MAX_QUANTITY_TEXT
                : null;
    }

    /** Why {@code millis} is no time of a trade received at {@code receivedMicros}, or null. */
    String timeFault(long millis, Object text, long receivedMicros) {
        if (millis < 0) {
            return "time " + quoted(text) + " is not in [2010, 2100)";
        }
        long received = receivedMicros / 1_000;
        if (receivedMicros > 0 && millis - received > maxAheadMillis) {
            return "time "
                    + millis
                    + " is "
                    + (millis - received)
                    + " ms after its receive time "
                    + received
                    + " (at most "
                    + maxAheadMillis
                    + " ms: trade-time.max-ahead.ms)";
        }
        if (receivedMicros > 0 && received - millis > maxBehindMillis) {
            return "time "
                    + millis
                    + " is "
                    + (received - millis)
                    + " ms before its receive time "
                    + received
                    + " (at most "
                    + maxBehindMillis
                    + " ms: trade-time.max-behind.ms)";
        }
        return null;
    }

    /** Whether price × quantity (both positive units) exceeds the notional bound. */
    static boolean exceedsNotional(long price, long quantity) {
        long hi = Math.multiplyHigh(price, quantity);
        long lo = price * quantity;
        return hi > MAX_NOTIONAL_HI
                || hi == MAX_NOTIONAL_HI && Long.compareUnsigned(lo, MAX_NOTIONAL_LO) > 0;
    }

    private static String quoted(Object text) {
        return text instanceof String ? "\"" + text + "\"" : String.valueOf(text);
    }
}
