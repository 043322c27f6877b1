package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * Binance's aggregates of trades, raw or combined-stream: {@code aggTrade} ({@code {"e":"aggTrade",
 * "E","s","a":aggId,"p","q","f":firstTradeId,"l":lastTradeId,"T","m"}}) and {@code kline} ({@code
 * {"e":"kline","E","s","k":{"t","T","s","i","f","L","o","c","h","l","v","n","x","q","V","Q"}}}).
 * Each field is checked by the rules trades pass. Plain Java.
 */
final class BinanceAggregatesJson {
    private final TradeRules rules;

    BinanceAggregatesJson(TradeRules rules) {
        this.rules = rules;
    }

    /** Why an element could not be read, with its reason. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final ReasonCode reason;

        Bad(ReasonCode reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    void decode(RawFrame frame, DecodeSink out) {
        JsonNode root = JsonTrees.object(frame.payload, out);
        if (root == null) {
            return;
        }
        JsonNode event = root.has("data") ? root.get("data") : root;
        try {
            if (!event.isObject()) {
                throw new Bad(ReasonCode.MALFORMED, "\"data\" is not an object");
            }
            String type = text(event, "e", ReasonCode.MALFORMED);
            if (type.equals("aggTrade")) {
                out.aggTrade(aggTrade(event, frame));
            } else {
                out.kline(kline(event, frame));
            }
        } catch (Bad e) {
            out.quarantine(e.reason, e.getMessage());
        }
    }

    private AggTrade aggTrade(JsonNode e, RawFrame frame) throws Bad {
        AggTrade a = new AggTrade();
        a.venue = Venue.BINANCE;
        a.symbol = symbol(e, "s");
        a.aggregateId = id(e, "a");
        a.price = price(e, "p");
        a.quantity = quantity(e, "q", false);
        a.firstTradeId = id(e, "f");
        a.lastTradeId = id(e, "l");
        if (a.lastTradeId < a.firstTradeId) {
            throw new Bad(
                    ReasonCode.MALFORMED,
                    "trade ids f " + a.firstTradeId + " to l " + a.lastTradeId + " are no range");
        }
        if (a.lastTradeId - a.firstTradeId >= AggTrade.MAX_TRADES) {
            // its trades go into the bars one id at a time, each checked against the trades seen
            throw new Bad(
                    ReasonCode.MALFORMED,
                    "an aggregate of "
                            + (a.lastTradeId - a.firstTradeId + 1)
                            + " trades (f "
                            + a.firstTradeId
                            + " to l "
                            + a.lastTradeId
                            + "); at most "
                            + AggTrade.MAX_TRADES);
        }
        if (TradeRules.exceedsNotional(a.price, a.quantity)) {
            throw new Bad(
                    ReasonCode.BAD_QUANTITY,
                    "price "
                            + Decimals.toPlainString(a.price)
                            + " × quantity "
                            + Decimals.toPlainString(a.quantity)
                            + " exceeds "
                            + TradeRules.MAX_NOTIONAL_TEXT);
        }
        a.tradeTime = time(e, "T", frame);
        a.eventTime = time(e, "E", frame);
        a.buyerIsMaker = flag(e, "m");
        a.receivedMicros = frame.receivedMicros;
        return a;
    }

    private Kline kline(JsonNode e, RawFrame frame) throws Bad {
        JsonNode k = e.get("k");
        if (k == null || !k.isObject()) {
            throw new Bad(ReasonCode.MISSING_FIELD, "kline without its \"k\" object");
        }
        Kline kl = new Kline();
        kl.venue = Venue.BINANCE;
        kl.symbol = symbol(e, "s");
        String inner = symbol(k, "s");
        if (!inner.equals(kl.symbol)) {
            throw new Bad(
                    ReasonCode.BAD_SYMBOL,
                    "kline of symbol \"" + inner + "\" in an event of \"" + kl.symbol + "\"");
        }
        kl.interval = text(k, "i", ReasonCode.MISSING_FIELD);
        if (!kl.interval.matches("[0-9]{1,3}[smhdwM]")) {
            throw new Bad(ReasonCode.MALFORMED, "kline interval is not Binance's form");
        }
        kl.eventTime = time(e, "E", frame);
        // an open kline closes in the future (a day ahead, for 1d): these are only dates
        kl.openTime = date(k, "t");
        kl.closeTime = date(k, "T");
        if (kl.closeTime < kl.openTime) {
            throw new Bad(ReasonCode.BAD_TIMESTAMP, "kline closes before it opens");
        }
        // a kline of no trades says -1 for both ids
        kl.firstTradeId = signedId(k, "f");
        kl.lastTradeId = signedId(k, "L");
        kl.open = price(k, "o");
        kl.high = price(k, "h");
        kl.low = price(k, "l");
        kl.close = price(k, "c");
        if (kl.low > Math.min(kl.open, kl.close) || kl.high < Math.max(kl.open, kl.close)) {
            throw new Bad(ReasonCode.BAD_PRICE, "kline's high and low do not bound open and close");
        }
        kl.volume = quantity(k, "v", true);
        kl.takerBuyVolume = quantity(k, "V", true);
        kl.quoteVolume = amount(k, "q");
        kl.takerBuyQuoteVolume = amount(k, "Q");
        kl.tradeCount = id(k, "n");
        kl.closed = flag(k, "x");
        kl.receivedMicros = frame.receivedMicros;
        return kl;
    }

    private static JsonNode member(JsonNode o, String name) throws Bad {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new Bad(ReasonCode.MISSING_FIELD, "\"" + name + "\" is missing");
        }
        return v;
    }

    private static String text(JsonNode o, String name, ReasonCode reason) throws Bad {
        JsonNode v = member(o, name);
        if (!v.isTextual()) {
            throw new Bad(reason, "\"" + name + "\" is not a string");
        }
        return v.asText();
    }

    private static String symbol(JsonNode o, String name) throws Bad {
        String s = text(o, name, ReasonCode.BAD_SYMBOL);
        String fault = TradeRules.symbolFault(s);
        if (fault != null) {
            throw new Bad(ReasonCode.BAD_SYMBOL, fault);
        }
        return s;
    }

    private static long id(JsonNode o, String name) throws Bad {
        long id = signedId(o, name);
        if (id < 0) {
            throw new Bad(ReasonCode.MALFORMED, "\"" + name + "\" is not a whole number >= 0");
        }
        return id;
    }

    private static long signedId(JsonNode o, String name) throws Bad {
        JsonNode v = member(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < -1) {
            throw new Bad(ReasonCode.MALFORMED, "\"" + name + "\" is not a whole number");
        }
        return v.asLong();
    }

    private long time(JsonNode o, String name, RawFrame frame) throws Bad {
        JsonNode v = member(o, name);
        long millis =
                v.isIntegralNumber() && v.canConvertToLong() ? Timestamps.toMillis(v.asLong()) : -1;
        String fault = rules.timeFault(millis, v.toString(), frame.receivedMicros);
        if (fault != null) {
            throw new Bad(ReasonCode.BAD_TIMESTAMP, "\"" + name + "\" " + fault);
        }
        return millis;
    }

    private static long date(JsonNode o, String name) throws Bad {
        JsonNode v = member(o, name);
        long millis =
                v.isIntegralNumber() && v.canConvertToLong() ? Timestamps.toMillis(v.asLong()) : -1;
        if (millis < 0) {
            throw new Bad(
                    ReasonCode.BAD_TIMESTAMP, "\"" + name + "\" is not a time in [2010, 2100)");
        }
        return millis;
    }

    private static boolean flag(JsonNode o, String name) throws Bad {
        JsonNode v = member(o, name);
        if (!v.isBoolean()) {
            throw new Bad(ReasonCode.MALFORMED, "\"" + name + "\" is not true or false");
        }
        return v.asBoolean();
    }

    private static long price(JsonNode o, String name) throws Bad {
        long units = units(member(o, name));
        if (units <= 0 || units > TradeRules.MAX_PRICE) {
            throw new Bad(
                    ReasonCode.BAD_PRICE,
                    "\""
                            + name
                            + "\" is not a positive decimal of at most 8 places up to "
                            + TradeRules.MAX_PRICE_TEXT);
        }
        return units;
    }

    private static long quantity(JsonNode o, String name, boolean zeroAllowed) throws Bad {
        long units = units(member(o, name));
        if (units < 0 || !zeroAllowed && units == 0 || units > Long.MAX_VALUE / 2) {
            throw new Bad(
                    ReasonCode.BAD_QUANTITY,
                    "\"" + name + "\" is not a decimal of at most 8 places in range");
        }
        return units;
    }

    /** A non-negative exact decimal of at most 8 places and 38 digits, as plain text. */
    private static String amount(JsonNode o, String name) throws Bad {
        BigDecimal d = JsonTrees.decimal(member(o, name));
        if (d == null
                || d.signum() < 0
                || d.stripTrailingZeros().scale() > Decimals.SCALE
                || d.precision() - d.scale() > 38 - Decimals.SCALE) {
            throw new Bad(
                    ReasonCode.BAD_QUANTITY,
                    "\"" + name + "\" is not a decimal of at most 8 places and 30 whole digits");
        }
        return d.setScale(Decimals.SCALE).toPlainString();
    }

    private static long units(JsonNode v) {
        if (!v.isTextual()) {
            return -1;
        }
        try {
            return Decimals.parse(v.asText());
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
