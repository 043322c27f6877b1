package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Decodes Finnhub frames: {@code {"type":"trade","data":[{"s","p","t","v","c"}...]}} batches, where
 * {@code v = 0} (FX and crypto venues) is a price tick and becomes a {@link Quote}; {@code
 * {"type":"ping"}} is control. Symbols are normalised: the exchange prefix and separators go
 * ({@code BINANCE:BTCUSDT} → {@code BTCUSDT}, {@code OANDA:EUR_USD} → {@code EURUSD}). Each bad
 * element of a batch is quarantined on its own; the good ones go on.
 */
public final class FinnhubDecoder {
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

    private static void element(RawFrame frame, JsonNode e, int i, DecodeSink out) {
        JsonNode s = e.get("s");
        JsonNode t = e.get("t");
        BigDecimal p = JsonTrees.decimal(e.get("p"));
        BigDecimal v = JsonTrees.decimal(e.get("v"));
        if (s == null || !s.isTextual() || e.get("p") == null || e.get("v") == null) {
            out.quarantine(ReasonCode.MISSING_FIELD, "element " + i + " lacks s, p or v");
            return;
        }
        String symbol = normalise(s.asText());
        if (!Symbols.valid(symbol)) {
            out.quarantine(
                    ReasonCode.BAD_SYMBOL,
                    "element "
                            + i
                            + ": symbol \""
                            + s.asText()
                            + "\" is not [A-Z0-9]{2,20} once normalised");
            return;
        }
        long price;
        try {
            price = p == null ? 0 : Decimals.fromBigDecimal(p);
        } catch (ArithmeticException ex) {
            price = -1;
        }
        if (price <= 0) {
            out.quarantine(
                    ReasonCode.BAD_PRICE,
                    "element "
                            + i
                            + ": price "
                            + e.get("p")
                            + " is not a positive decimal of at most 8 places");
            return;
        }
        long quantity;
        try {
            quantity = v == null ? -1 : Decimals.fromBigDecimal(v);
        } catch (ArithmeticException ex) {
            quantity = -1;
        }
        if (quantity < 0) {
            out.quarantine(
                    ReasonCode.BAD_QUANTITY,
                    "element "
                            + i
                            + ": volume "
                            + e.get("v")
                            + " is not a decimal >= 0 of at most 8 places");
            return;
        }
        long time = t != null && t.canConvertToLong() ? Timestamps.toMillis(t.asLong()) : -1;
        if (time < 0) {
            out.quarantine(
                    ReasonCode.BAD_TIMESTAMP,
                    "element " + i + ": time " + t + " is missing or out of range");
            return;
        }
        if (quantity == 0) {
            Quote q = new Quote();
            q.venue = "FINNHUB";
            q.symbol = symbol;
            q.lastPrice = price;
            q.eventTime = time;
            q.receivedMicros = frame.receivedMicros;
            out.quote(q);
            return;
        }
        out.trade(
                new Trade(
                        "FINNHUB",
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

    /** {@code BINANCE:BTCUSDT} → {@code BTCUSDT}; {@code OANDA:EUR_USD} → {@code EURUSD}. */
    static String normalise(String symbol) {
        String s = symbol.substring(symbol.indexOf(':') + 1).toUpperCase(Locale.ROOT);
        return s.replace("_", "").replace("-", "").replace("/", "").replace(".", "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
