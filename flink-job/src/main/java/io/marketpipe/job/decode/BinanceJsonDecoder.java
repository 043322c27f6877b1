package io.marketpipe.job.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes Binance spot JSON frames, raw ({@code {"e":"trade",...}}) or combined-stream ({@code
 * {"stream":..,"data":{...}}}), in one streaming pass: trades, bookTicker quotes, and control
 * frames (subscription acks, serverShutdown). Depth diffs and REST depth snapshots go on to {@link
 * BinanceDepthJson}, aggTrades and klines to {@link BinanceAggregatesJson}. Plain Java; not
 * thread-safe (reuses its field holder).
 */
public final class BinanceJsonDecoder {
    /** Jackson with duplicate names refused (RFC 7493): {@code "p"} twice is MALFORMED. */
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The members of the object itself, and those of a combined-stream frame's {@code data}. */
    private final Fields top = new Fields();

    private final Fields data = new Fields();

    /** The frame's event: {@link #data} for a combined-stream frame, whole and alone; else top. */
    private Fields f = top;

    private final TradeRules rules;
    private final BinanceDepthJson depth;
    private final BinanceAggregatesJson aggregates;
    private final TradeLayout layout = new TradeLayout();
    private final SymbolCache symbols = new SymbolCache();
    private final AsciiView ascii = new AsciiView();
    private final boolean fastPath;

    public BinanceJsonDecoder() {
        this(TradeRules.DEFAULTS);
    }

    public BinanceJsonDecoder(TradeRules rules) {
        this(rules, true);
    }

    /** With {@code fastPath} false, every frame goes through the general parser (for tests). */
    BinanceJsonDecoder(TradeRules rules, boolean fastPath) {
        this.rules = rules;
        this.fastPath = fastPath;
        depth = new BinanceDepthJson(rules);
        aggregates = new BinanceAggregatesJson(rules);
    }

    public void decode(RawFrame frame, DecodeSink out) {
        if (fastPath && layout.scan(frame.payload) && acceptedInLayout(frame, out)) {
            return;
        }
        String utf8 = StrictUtf8.fault(frame.payload);
        if (utf8 != null) {
            out.quarantine(ReasonCode.MALFORMED, "invalid JSON: " + utf8);
            return;
        }
        if (fastPath && depth.direct(frame, out)) {
            return;
        }
        top.clear();
        data.clear();
        f = top;
        try (JsonParser p = JSON.createParser(frame.payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                out.quarantine(ReasonCode.MALFORMED, "not a JSON object");
                return;
            }
            readObject(p, top, true);
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
        if (top.hasData) {
            // a combined-stream frame's event is its data, whole and alone: members beside it
            // (a "p" after "data") never reach the trade
            data.stream = top.stream;
            f = data;
        }
        classify(frame, out);
    }

    /**
     * The fast path: a trade in Binance's own layout ({@link TradeLayout}) that passes every rule
     * becomes a trade without the general parser, its decimals read from the frame's bytes and its
     * symbol shared across frames. It decides nothing else: false (the trade breaks a rule) leaves
     * the frame to the general path, which names the fault exactly as for any other frame, so both
     * paths give the same result for every frame ({@code BinanceJsonFastPathTest}).
     */
    private boolean acceptedInLayout(RawFrame frame, DecodeSink out) {
        TradeLayout t = layout;
        ascii.wrap(frame.payload);
        long price = positive(ascii, t.priceFrom, t.priceTo);
        long quantity = positive(ascii, t.quantityFrom, t.quantityTo);
        long tradeTime = Timestamps.toMillis(t.tradeTime);
        long eventTime = Timestamps.toMillis(t.eventTime);
        String symbol = symbols.get(frame.payload, t.symbolFrom, t.symbolTo - t.symbolFrom);
        if (!rules.accepts(symbol, price, quantity, tradeTime, frame.receivedMicros)
                || rules.timeFault(eventTime, null, frame.receivedMicros) != null) {
            return false;
        }
        out.trade(
                new Trade(
                        Venue.BINANCE,
                        symbol,
                        t.tradeId,
                        price,
                        quantity,
                        tradeTime,
                        eventTime,
                        t.buyerIsMaker,
                        frame.receivedMicros,
                        frame.origin));
        return true;
    }

    private void classify(RawFrame frame, DecodeSink out) {
        if (f == top && top.hasSnapshot) {
            depth.snapshot(frame, out);
            return;
        }
        if (f.event == null) {
            if (f.hasId && (f.hasResult || f.hasError)) {
                out.control();
            } else if (f.hasUpdateId && (f.bid != null || f.ask != null)
                    || f.stream != null && f.stream.endsWith("@bookTicker")) {
                bookTicker(frame, out);
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
            case "depthUpdate":
                depth.diff(frame, out);
                return;
            case "aggTrade":
            case "kline":
                aggregates.decode(frame, out);
                return;
            default:
                out.quarantine(
                        ReasonCode.UNKNOWN_MESSAGE,
                        "event type \"" + f.event + "\" is not handled");
        }
    }

    private void trade(RawFrame frame, DecodeSink out) {
        if (f.hasTradeIdField && (!f.hasTradeId || f.tradeId < 0)) {
            out.quarantine(ReasonCode.MALFORMED, "trade id \"t\" is not a whole number >= 0");
            return;
        }
        if (f.hasMakerField && !f.hasMaker) {
            out.quarantine(ReasonCode.MALFORMED, "buyer-is-maker \"m\" is not true or false");
            return;
        }
        String missing = f.missingTradeField();
        if (missing != null) {
            out.quarantine(ReasonCode.MISSING_FIELD, "trade without \"" + missing + "\"");
            return;
        }
        if (f.symbolNotText) {
            out.quarantine(ReasonCode.BAD_SYMBOL, TradeRules.notText("symbol", f.symbol));
            return;
        }
        long tradeTime = f.hasTradeTime ? Timestamps.toMillis(f.tradeTime) : -1;
        long price = positive(f.price);
        long quantity = positive(f.quantity);
        if (rules.rejects(
                out,
                "",
                f.symbol,
                price,
                f.price,
                quantity,
                f.quantity,
                tradeTime,
                f.tradeTimeText,
                frame.receivedMicros)) {
            return;
        }
        long eventTime = tradeTime;
        if (f.hasEventTimeField) {
            eventTime = f.hasEventTime ? Timestamps.toMillis(f.eventTime) : -1;
            String fault = rules.timeFault(eventTime, f.eventTimeText, frame.receivedMicros);
            if (fault != null) {
                out.quarantine(ReasonCode.BAD_TIMESTAMP, "event " + fault);
                return;
            }
        }
        out.trade(
                new Trade(
                        Venue.BINANCE,
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

    /**
     * bookTicker: {"u":updateId,"s":..,"b":bid,"B":bidQty,"a":ask,"A":askQty}; no event time, so
     * receive time.
     */
    private void bookTicker(RawFrame frame, DecodeSink out) {
        if (f.symbol == null
                || f.bid == null
                || f.bidQty == null
                || f.ask == null
                || f.askQty == null) {
            out.quarantine(ReasonCode.MISSING_FIELD, "bookTicker lacks s, b, B, a or A");
            return;
        }
        String fault =
                f.symbolNotText
                        ? TradeRules.notText("symbol", f.symbol)
                        : TradeRules.symbolFault(f.symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        Quote q = new Quote();
        q.venue = Venue.BINANCE;
        q.symbol = f.symbol;
        q.updateId = f.hasUpdateId ? f.updateId : -1;
        q.bidPrice = positive(f.bid);
        q.askPrice = positive(f.ask);
        if (q.bidPrice <= 0 || q.askPrice <= 0) {
            out.quarantine(
                    ReasonCode.BAD_PRICE,
                    "bid \"" + f.bid + "\" or ask \"" + f.ask + "\" is not a positive decimal");
            return;
        }
        q.bidQuantity = positive(f.bidQty);
        q.askQuantity = positive(f.askQty);
        if (q.bidQuantity < 0 || q.askQuantity < 0) {
            out.quarantine(ReasonCode.BAD_QUANTITY, "bid or ask quantity is not a decimal");
            return;
        }
        q.eventTime = frame.receivedMicros / 1_000;
        q.timeFromReceipt = !f.hasEventTimeField;
        if (f.hasEventTimeField) {
            q.eventTime = f.hasEventTime ? Timestamps.toMillis(f.eventTime) : -1;
            String late = rules.timeFault(q.eventTime, f.eventTimeText, frame.receivedMicros);
            if (late != null) {
                out.quarantine(ReasonCode.BAD_TIMESTAMP, "event " + late);
                return;
            }
        }
        q.receivedMicros = frame.receivedMicros;
        out.quote(q);
    }

    /**
     * Units of a plain decimal string; 0 for zero, -1 if it is not a finite decimal of at most 8
     * places.
     */
    private static long positive(String text) {
        return positive(text, 0, text.length());
    }

    private static long positive(CharSequence text, int from, int to) {
        try {
            long units = Decimals.parse(text, from, to);
            return units < 0 ? -1 : units;
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    private void readObject(JsonParser p, Fields into, boolean topLevel) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken value = p.nextToken();
            if (topLevel && name.equals("data") && value == JsonToken.START_OBJECT) {
                into.hasData = true;
                readObject(p, data, false);
                continue;
            }
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
                into.structured(name);
                continue;
            }
            into.field(name, value, p, topLevel);
        }
    }

    /** A frame's bytes as characters, one per byte: what a string of ASCII bytes reads as. */
    private static final class AsciiView implements CharSequence {
        private byte[] bytes = new byte[0];

        void wrap(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Fields of interest, reused across frames. */
    private static final class Fields {
        /** What a member given as an object or array reads as: no rule accepts it. */
        static final String NOT_A_VALUE = "(an object or array)";

        String stream;
        String event;
        String symbol;
        String price;
        String quantity;
        String bid;
        String bidQty;
        String ask;
        String askQty;
        long tradeId;
        long tradeTime;
        long eventTime;
        long updateId;
        boolean buyerIsMaker;
        boolean hasTradeId;
        boolean hasTradeTime;
        boolean hasEventTime;
        // present (not null), whatever the type
        boolean hasTradeIdField;
        boolean hasTradeTimeField;
        boolean hasEventTimeField;
        boolean hasMakerField;
        String tradeTimeText;
        String eventTimeText;
        boolean hasUpdateId;
        boolean hasMaker;
        boolean hasId;
        boolean hasResult;
        boolean hasError;
        boolean hasData;
        // a REST depth snapshot as forwarded: {"symbol":..,"snapshot":{..}}
        boolean hasSnapshot;
        // a symbol of the wrong type: a number, true, an object (a decimal of the wrong type is
        // held as a text no decimal parses, so its own rule names it)
        boolean symbolNotText;

        void clear() {
            stream = event = symbol = price = quantity = bid = bidQty = ask = askQty = null;
            tradeTimeText = eventTimeText = null;
            hasTradeIdField = hasTradeTimeField = hasEventTimeField = hasMakerField = false;
            tradeId = tradeTime = eventTime = updateId = 0;
            buyerIsMaker =
                    hasTradeId = hasTradeTime = hasEventTime = hasUpdateId = hasMaker = false;
            hasId = hasResult = hasError = hasData = hasSnapshot = false;
            symbolNotText = false;
        }

        /**
         * An object or array where a value was due: present with the wrong type, so bad, never
         * missing (only the members read here matter).
         */
        void structured(String name) {
            switch (name) {
                case "snapshot":
                    hasSnapshot = true;
                    break;
                case "t":
                    hasTradeIdField = true; // and no id: MALFORMED
                    break;
                case "T":
                    hasTradeTimeField = true; // and no time: BAD_TIMESTAMP
                    tradeTimeText = NOT_A_VALUE;
                    break;
                case "E":
                    hasEventTimeField = true;
                    eventTimeText = NOT_A_VALUE;
                    break;
                case "m":
                    hasMakerField = true; // and no flag: MALFORMED
                    break;
                case "s":
                    symbol = NOT_A_VALUE;
                    symbolNotText = true;
                    break;
                case "p":
                    price = NOT_A_VALUE;
                    break;
                case "q":
                    quantity = NOT_A_VALUE;
                    break;
                case "b":
                    bid = NOT_A_VALUE;
                    break;
                case "B":
                    bidQty = NOT_A_VALUE;
                    break;
                case "a":
                    ask = NOT_A_VALUE;
                    break;
                case "A":
                    askQty = NOT_A_VALUE;
                    break;
                default:
                    break;
            }
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
                    symbolNotText = value != JsonToken.VALUE_STRING;
                    break;
                case "p":
                    price = p.getText();
                    break;
                case "q":
                    quantity = p.getText();
                    break;
                case "b":
                    bid = p.getText();
                    break;
                case "B":
                    bidQty = p.getText();
                    break;
                case "a":
                    ask = p.getText();
                    break;
                case "A":
                    askQty = p.getText();
                    break;
                case "u":
                    hasUpdateId = isLong(value, p);
                    updateId = hasUpdateId ? p.getLongValue() : 0;
                    break;
                case "t":
                    hasTradeIdField = true;
                    hasTradeId = isLong(value, p);
                    tradeId = hasTradeId ? p.getLongValue() : 0;
                    break;
                case "T":
                    hasTradeTimeField = true;
                    tradeTimeText = p.getText();
                    hasTradeTime = isLong(value, p);
                    tradeTime = hasTradeTime ? p.getLongValue() : 0;
                    break;
                case "E":
                    hasEventTimeField = true;
                    eventTimeText = p.getText();
                    hasEventTime = isLong(value, p);
                    eventTime = hasEventTime ? p.getLongValue() : 0;
                    break;
                case "m":
                    hasMakerField = true;
                    hasMaker = value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE;
                    buyerIsMaker = value == JsonToken.VALUE_TRUE;
                    break;
                default:
                    break;
            }
        }

        /** An integer that fits a long (a longer one is no valid id or time, not a parse error). */
        private static boolean isLong(JsonToken value, JsonParser p) throws IOException {
            return value == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        }

        String missingTradeField() {
            if (symbol == null) {
                return "s";
            }
            if (!hasTradeIdField) {
                return "t";
            }
            if (price == null) {
                return "p";
            }
            if (quantity == null) {
                return "q";
            }
            if (!hasTradeTimeField) {
                return "T";
            }
            return hasMakerField ? null : "m";
        }
    }
}
