package io.marketpipe.job.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Decodes Binance spot JSON frames, raw ({@code {"e":"trade",...}}) or combined-stream ({@code
 * {"stream":..,"data":{...}}}), in one streaming pass. Plain Java; not thread-safe (reuses its
 * field holder).
 */
public final class BinanceJsonDecoder {
    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
    private static final JsonFactory JSON = new JsonFactory();

    private final Fields f = new Fields();

    public void decode(RawFrame frame, DecodeSink out) {
        f.clear();
        try (JsonParser p = JSON.createParser(frame.payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                out.quarantine(ReasonCode.MALFORMED, "not a JSON object");
                return;
            }
            readObject(p, true);
            if (p.nextToken() != null) {
                out.quarantine(ReasonCode.MALFORMED, "trailing content after the JSON object");
                return;
            }
        } catch (JsonProcessingException e) {
            out.quarantine(ReasonCode.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            out.quarantine(ReasonCode.MALFORMED, "unreadable frame: " + e.getMessage());
            return;
        }
        classify(frame, out);
    }

    private void classify(RawFrame frame, DecodeSink out) {
        if (f.event == null) {
            if (f.hasId && (f.hasResult || f.hasError)) {
                out.control();
            } else if (f.stream != null && f.stream.endsWith("@trade")) {
                out.quarantine(ReasonCode.MISSING_FIELD, "trade event without \"e\"");
            } else {
                out.quarantine(ReasonCode.UNKNOWN_MESSAGE, "JSON object without an event type");
            }
            return;
        }
        switch (f.event) {
            case "trade":
                trade(frame, out);
                return;
            case "serverShutdown":
                out.control();
                return;
            default:
                out.quarantine(
                        ReasonCode.UNKNOWN_MESSAGE,
                        "event type \"" + f.event + "\" is not handled");
        }
    }

    private void trade(RawFrame frame, DecodeSink out) {
        String missing = f.missingTradeField();
        if (missing != null) {
            out.quarantine(ReasonCode.MISSING_FIELD, "trade without \"" + missing + "\"");
            return;
        }
        if (!SYMBOL.matcher(f.symbol).matches()) {
            out.quarantine(
                    ReasonCode.BAD_SYMBOL, "symbol \"" + f.symbol + "\" is not [A-Z0-9]{2,20}");
            return;
        }
        long price;
        try {
            price = Decimals.parse(f.price);
        } catch (NumberFormatException | ArithmeticException e) {
            out.quarantine(ReasonCode.BAD_PRICE, "price \"" + f.price + "\": " + e.getMessage());
            return;
        }
        if (price <= 0) {
            out.quarantine(ReasonCode.BAD_PRICE, "price " + f.price + " is not > 0");
            return;
        }
        long quantity;
        try {
            quantity = Decimals.parse(f.quantity);
        } catch (NumberFormatException | ArithmeticException e) {
            out.quarantine(
                    ReasonCode.BAD_QUANTITY, "quantity \"" + f.quantity + "\": " + e.getMessage());
            return;
        }
        if (quantity <= 0) {
            out.quarantine(ReasonCode.BAD_QUANTITY, "quantity " + f.quantity + " is not > 0");
            return;
        }
        if (!f.hasTradeTime) {
            out.quarantine(ReasonCode.BAD_TIMESTAMP, "trade without trade time \"T\"");
            return;
        }
        long tradeTime = Timestamps.toMillis(f.tradeTime);
        long eventTime = f.hasEventTime ? Timestamps.toMillis(f.eventTime) : tradeTime;
        if (tradeTime < 0 || eventTime < 0) {
            out.quarantine(
                    ReasonCode.BAD_TIMESTAMP,
                    "trade time " + f.tradeTime + " / event time " + f.eventTime + " out of range");
            return;
        }
        if (f.tradeId < 0) {
            out.quarantine(ReasonCode.MALFORMED, "negative trade id " + f.tradeId);
            return;
        }
        out.trade(
                new Trade(
                        "BINANCE",
                        f.symbol,
                        f.tradeId,
                        price,
                        quantity,
                        tradeTime,
                        eventTime,
                        f.buyerIsMaker,
                        frame.receivedMicros,
                        frame.origin));
    }

    private void readObject(JsonParser p, boolean topLevel) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken value = p.nextToken();
            if (topLevel && name.equals("data") && value == JsonToken.START_OBJECT) {
                readObject(p, false);
                continue;
            }
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
                f.field(name, null, p, topLevel);
                continue;
            }
            f.field(name, value, p, topLevel);
        }
    }

    /** Fields of interest, reused across frames. */
    private static final class Fields {
        String stream;
        String event;
        String symbol;
        String price;
        String quantity;
        long tradeId;
        long tradeTime;
        long eventTime;
        boolean buyerIsMaker;
        boolean hasTradeId;
        boolean hasTradeTime;
        boolean hasEventTime;
        boolean hasMaker;
        boolean hasId;
        boolean hasResult;
        boolean hasError;

        void clear() {
            stream = event = symbol = price = quantity = null;
            tradeId = tradeTime = eventTime = 0;
            buyerIsMaker = hasTradeId = hasTradeTime = hasEventTime = hasMaker = false;
            hasId = hasResult = hasError = false;
        }

        void field(String name, JsonToken value, JsonParser p, boolean topLevel)
                throws IOException {
            if (topLevel) {
                switch (name) {
                    case "stream":
                        stream = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        return;
                    case "id":
                        hasId = true;
                        return;
                    case "result":
                        hasResult = true;
                        return;
                    case "error":
                        hasError = true;
                        return;
                    default:
                        break;
                }
            }
            if (value == null || value == JsonToken.VALUE_NULL) {
                return;
            }
            switch (name) {
                case "e":
                    event = p.getText();
                    break;
                case "s":
                    symbol = p.getText();
                    break;
                case "p":
                    price = p.getText();
                    break;
                case "q":
                    quantity = p.getText();
                    break;
                case "t":
                    hasTradeId = value == JsonToken.VALUE_NUMBER_INT;
                    tradeId = hasTradeId ? p.getLongValue() : 0;
                    break;
                case "T":
                    hasTradeTime = value == JsonToken.VALUE_NUMBER_INT;
                    tradeTime = hasTradeTime ? p.getLongValue() : 0;
                    break;
                case "E":
                    hasEventTime = value == JsonToken.VALUE_NUMBER_INT;
                    eventTime = hasEventTime ? p.getLongValue() : 0;
                    break;
                case "m":
                    hasMaker = value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE;
                    buyerIsMaker = value == JsonToken.VALUE_TRUE;
                    break;
                default:
                    break;
            }
        }

        String missingTradeField() {
            if (symbol == null) {
                return "s";
            }
            if (!hasTradeId) {
                return "t";
            }
            if (price == null) {
                return "p";
            }
            if (quantity == null) {
                return "q";
            }
            return hasMaker ? null : "m";
        }
    }
}
