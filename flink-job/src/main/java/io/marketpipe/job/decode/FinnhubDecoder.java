package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * Decodes Finnhub frames: {@code {"type":"trade","data":[{"s","p","t","v","c"}...]}} batches, where
 * {@code v = 0} (FX and crypto venues) is a price tick and becomes a {@link Quote}; {@code
 * {"type":"ping"}} is control. Symbols are normalised: the exchange prefix and separators go
 * ({@code BINANCE:BTCUSDT} → {@code BTCUSDT}, {@code OANDA:EUR_USD} → {@code EURUSD}). Each bad
 * element of a batch is quarantined on its own; the good ones go on.
 */
public final class FinnhubDecoder {
    private final TradeRules rules;

    public FinnhubDecoder() {
        this(TradeRules.DEFAULTS);
    }

    public FinnhubDecoder(TradeRules rules) {
        this.rules = rules;
    }

    public void decode(RawFrame frame, DecodeSink out) {
        JsonNode root = JsonTrees.object(frame.payload, out);
        if (root == null) {
            return;
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "Finnhub message without \"type\"");
            return;
        }
        switch (type.asText()) {
            case "ping":
                out.control();
                return;
            case "trade":
                break;
            default:
                out.quarantine(
                        ReasonCode.UNKNOWN_MESSAGE,
                        "Finnhub message type \""
                                + type.asText()
                                + "\": "
                                + abbreviate(root.toString()));
                return;
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "Finnhub trade message without \"data\"");
            return;
        }
        for (int i = 0; i < data.size(); i++) {
            element(frame, data.get(i), i, out);
        }
    }

    private void element(RawFrame frame, JsonNode e, int i, DecodeSink out) {
        JsonNode s = present(e.get("s"));
        JsonNode p = present(e.get("p"));
        JsonNode v = present(e.get("v"));
        JsonNode t = present(e.get("t"));
        String where = "element " + i + ": ";
        if (s == null || p == null || v == null || t == null) {
            out.quarantine(ReasonCode.MISSING_FIELD, where + "lacks s, p, v or t");
            return;
        }
        if (!s.isTextual()) {
            out.quarantine(ReasonCode.BAD_SYMBOL, where + TradeRules.notText("symbol", s));
            return;
        }
        String symbol = normalise(s.asText());
        long price = units(p);
        long quantity = units(v);
        long time =
                t.isIntegralNumber() && t.canConvertToLong() ? Timestamps.toMillis(t.asLong()) : -1;
        if (quantity == 0) { // a price tick without volume (FX, crypto): a quote
            String fault = TradeRules.symbolFault(symbol);
            ReasonCode reason = ReasonCode.BAD_SYMBOL;
            if (fault == null) {
                fault = TradeRules.priceFault(price, p);
                reason = ReasonCode.BAD_PRICE;
            }
            if (fault == null) {
                fault = rules.timeFault(time, t, frame.receivedMicros);
                reason = ReasonCode.BAD_TIMESTAMP;
            }
            if (fault != null) {
                out.quarantine(reason, where + fault);
                return;
            }
            Quote q = new Quote();
            q.venue = Venue.FINNHUB;
            q.symbol = symbol;
            q.lastPrice = price;
            q.eventTime = time;
            q.receivedMicros = frame.receivedMicros;
            out.quote(q);
            return;
        }
        if (rules.rejects(
                out, where, symbol, price, p, quantity, v, time, t, frame.receivedMicros)) {
            return;
        }
        out.trade(
                new Trade(
                        Venue.FINNHUB,
                        symbol,
                        Trade.NO_ID,
                        price,
                        quantity,
                        time,
                        time,
                        false,
                        frame.receivedMicros,
                        frame.origin));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /** Units of a decimal number or string; 0 for zero; -1 if it is none of at most 8 places. */
    private static long units(JsonNode node) {
        BigDecimal value = JsonTrees.decimal(node);
        if (value == null) {
            return -1;
        }
        try {
            long units = Decimals.fromBigDecimal(value);
            return units < 0 ? -1 : units;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /**
     * {@code BINANCE:BTCUSDT} → {@code BTCUSDT}; {@code OANDA:EUR_USD} → {@code EURUSD}. Only ASCII
     * letters are upper-cased: {@code toUpperCase} maps {@code ſ} to S, {@code ı} to I and {@code
     * ﬀ} to FF, which would put a hostile {@code ſPY} under SPY. Anything else stays as it came and
     * fails the symbol rule.
     */
    static String normalise(String symbol) {
        String s = symbol.substring(symbol.indexOf(':') + 1);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' || c == '-' || c == '/' || c == '.') {
                continue;
            }
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
