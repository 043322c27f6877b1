package io.marketpipe.job.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.util.Arrays;

/**
 * Binance JSON order-book frames, raw or combined-stream: a {@code depthUpdate} diff ({@code
 * {"e":"depthUpdate","E":ms,"s":..,"U":first,"u":last,"b":[["price","qty"],..],"a":[..]}}) and a
 * REST depth snapshot as the forwarder and captures carry it ({@code {"symbol":..,"snapshot":
 * {"lastUpdateId":..,"bids":[..],"asks":[..]}}}, with the forwarder's {@code "limit":L} beside it:
 * a side of fewer levels than the limit is all the venue had). A book cannot apply part of an
 * update, so one bad level quarantines the whole frame (the book then sees a gap and resyncs).
 * Plain Java; not thread-safe.
 */
final class BinanceDepthJson {
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final TradeRules rules;

    BinanceDepthJson(TradeRules rules) {
        this.rules = rules;
    }

    /** Why a frame could not be read, with its reason. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final ReasonCode reason;

        Bad(ReasonCode reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /**
     * A frame that reads as a well-formed {@code depthUpdate}, decoded without the general parse
     * first (a depth-heavy stream is mostly these); false, having said nothing, for any other frame
     * or any fault, which the general path then names exactly as before.
     */
    boolean direct(RawFrame frame, DecodeSink out) {
        Members d;
        try (JsonParser p = JSON.createParser(frame.payload)) {
            p.nextToken();
            Members m = new Members();
            members(p, m, true);
            if (p.nextToken() != null) {
                return false;
            }
            d = m.data != null ? m.data : m;
        } catch (Bad | IOException | RuntimeException e) {
            return false;
        }
        if (!"depthUpdate".equals(d.event)) {
            return false;
        }
        diff(frame, d, out);
        return true;
    }

    /** A diff; the frame's general parse already found {@code "e":"depthUpdate"}. */
    void diff(RawFrame frame, DecodeSink out) {
        try (JsonParser p = JSON.createParser(frame.payload)) {
            p.nextToken();
            Members m = new Members();
            members(p, m, true);
            diff(frame, m.data != null ? m.data : m, out);
        } catch (Bad e) {
            out.quarantine(e.reason, e.getMessage());
        } catch (JsonProcessingException e) {
            out.quarantine(ReasonCode.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            out.quarantine(ReasonCode.MALFORMED, "unreadable frame: " + e.getMessage());
        }
    }

    private void diff(RawFrame frame, Members d, DecodeSink out) {
        try {
            if (d.symbol == null || !d.hasFirst || !d.hasLast || !d.hasEventTime) {
                throw new Bad(ReasonCode.MISSING_FIELD, "depthUpdate lacks s, U, u or E");
            }
            if (!d.hasBids || !d.hasAsks) {
                throw new Bad(ReasonCode.MISSING_FIELD, "depthUpdate lacks b or a");
            }
            BookUpdate u = update(BookUpdate.Kind.DIFF, d.symbol, d);
            String range = BookUpdate.rangeFault(d.first, d.last);
            if (range != null) {
                throw new Bad(ReasonCode.MALFORMED, range);
            }
            u.firstUpdateId = d.first;
            u.lastUpdateId = d.last;
            u.eventTime = Timestamps.toMillis(d.eventTime);
            String fault = rules.timeFault(u.eventTime, d.eventTime, frame.receivedMicros);
            if (fault != null) {
                throw new Bad(ReasonCode.BAD_TIMESTAMP, "event " + fault);
            }
            u.receivedMicros = frame.receivedMicros;
            out.book(u);
        } catch (Bad e) {
            out.quarantine(e.reason, e.getMessage());
        }
    }

    /** A REST snapshot in its wrapper: the symbol it is of, and Binance's answer. */
    void snapshot(RawFrame frame, DecodeSink out) {
        try (JsonParser p = JSON.createParser(frame.payload)) {
            p.nextToken();
            Members m = new Members();
            members(p, m, true);
            if (m.symbol == null) {
                throw new Bad(ReasonCode.MISSING_FIELD, "depth snapshot without \"symbol\"");
            }
            Members s = m.snapshot;
            if (s == null) {
                throw new Bad(ReasonCode.MALFORMED, "\"snapshot\" is not an object");
            }
            if (!s.hasLastUpdateId || !s.hasBids || !s.hasAsks) {
                throw new Bad(
                        ReasonCode.MISSING_FIELD,
                        "depth snapshot lacks lastUpdateId, bids or asks");
            }
            if (s.lastUpdateId < 0) {
                throw new Bad(ReasonCode.MALFORMED, "lastUpdateId " + s.lastUpdateId + " < 0");
            }
            BookUpdate u = update(BookUpdate.Kind.SNAPSHOT, m.symbol, s);
            u.firstUpdateId = s.lastUpdateId;
            u.lastUpdateId = s.lastUpdateId;
            // REST gives no time: when the forwarder received it (re-dated in replays)
            u.eventTime = frame.receivedMicros / 1_000;
            u.timeFromReceipt = true;
            u.receivedMicros = frame.receivedMicros;
            u.limit = m.limit;
            out.book(u);
        } catch (Bad e) {
            out.quarantine(e.reason, e.getMessage());
        } catch (JsonProcessingException e) {
            out.quarantine(ReasonCode.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            out.quarantine(ReasonCode.MALFORMED, "unreadable frame: " + e.getMessage());
        }
    }

    private static BookUpdate update(BookUpdate.Kind kind, String symbol, Members levels)
            throws Bad {
        String fault = TradeRules.symbolFault(symbol);
        if (fault != null) {
            throw new Bad(ReasonCode.BAD_SYMBOL, fault);
        }
        BookUpdate u = new BookUpdate();
        u.kind = kind;
        u.venue = Venue.BINANCE;
        u.symbol = symbol;
        u.bidPrices = levels.bids.prices();
        u.bidQuantities = levels.bids.quantities();
        u.askPrices = levels.asks.prices();
        u.askQuantities = levels.asks.quantities();
        return u;
    }

    /** The members read: of the frame, of its {@code data}, or of its {@code snapshot}. */
    private static final class Members {
        Members data;
        Members snapshot;
        String event;
        String symbol;
        long first;
        long last;
        long eventTime;
        long lastUpdateId;
        int limit;
        boolean hasFirst;
        boolean hasLast;
        boolean hasEventTime;
        boolean hasLastUpdateId;
        boolean hasBids;
        boolean hasAsks;
        final Levels bids = new Levels();
        final Levels asks = new Levels();
    }

    private static void members(JsonParser p, Members into, boolean top) throws IOException, Bad {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new Bad(ReasonCode.MALFORMED, "not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "data":
                case "snapshot":
                    if (!top || value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    Members inner = new Members();
                    members(p, inner, false);
                    if (name.equals("data")) {
                        into.data = inner;
                    } else {
                        into.snapshot = inner;
                    }
                    break;
                case "e":
                    if (value == JsonToken.VALUE_STRING) {
                        into.event = p.getText();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "s":
                case "symbol":
                    if (value != JsonToken.VALUE_STRING) {
                        p.skipChildren();
                        throw new Bad(ReasonCode.BAD_SYMBOL, "symbol is not a string");
                    }
                    into.symbol = p.getText();
                    break;
                case "U":
                    into.first = whole(p, value, name);
                    into.hasFirst = true;
                    break;
                case "u":
                    into.last = whole(p, value, name);
                    into.hasLast = true;
                    break;
                case "E":
                    into.eventTime = whole(p, value, name);
                    into.hasEventTime = true;
                    break;
                case "limit":
                    if (top) {
                        long limit = whole(p, value, name);
                        if (limit < 1 || limit > 100_000) {
                            throw new Bad(ReasonCode.MALFORMED, "limit " + limit + " is no limit");
                        }
                        into.limit = (int) limit;
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "lastUpdateId":
                    into.lastUpdateId = whole(p, value, name);
                    into.hasLastUpdateId = true;
                    break;
                case "b":
                case "bids":
                    levels(p, value, name, into.bids);
                    into.hasBids = true;
                    break;
                case "a":
                case "asks":
                    levels(p, value, name, into.asks);
                    into.hasAsks = true;
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private static long whole(JsonParser p, JsonToken value, String name) throws IOException, Bad {
        if (value != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            p.skipChildren();
            throw new Bad(
                    name.equals("E") ? ReasonCode.BAD_TIMESTAMP : ReasonCode.MALFORMED,
                    "\"" + name + "\" is not a whole number");
        }
        return p.getLongValue();
    }

    /** {@code [["price","qty"],...]}: every level a positive price and a quantity ≥ 0. */
    private static void levels(JsonParser p, JsonToken value, String name, Levels into)
            throws IOException, Bad {
        into.clear();
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new Bad(ReasonCode.MALFORMED, "\"" + name + "\" is not an array of levels");
        }
        while (p.nextToken() == JsonToken.START_ARRAY) {
            String price = scalar(p, name);
            String quantity = scalar(p, name);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new Bad(
                        ReasonCode.MALFORMED, "a level of \"" + name + "\" is not [price, qty]");
            }
            long units = units(price);
            if (units <= 0 || units > TradeRules.MAX_PRICE) {
                throw new Bad(
                        ReasonCode.BAD_PRICE,
                        "level price \""
                                + price
                                + "\" is not a positive decimal of at most 8"
                                + " places up to "
                                + TradeRules.MAX_PRICE_TEXT);
            }
            long qty = units(quantity);
            if (qty < 0 || qty > TradeRules.MAX_QUANTITY) {
                throw new Bad(
                        ReasonCode.BAD_QUANTITY,
                        "level quantity \""
                                + quantity
                                + "\" is not a decimal of at most 8"
                                + " places up to "
                                + TradeRules.MAX_QUANTITY_TEXT);
            }
            into.add(units, qty);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new Bad(ReasonCode.MALFORMED, "a level of \"" + name + "\" is not an array");
        }
    }

    private static String scalar(JsonParser p, String name) throws IOException, Bad {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING
                && t != JsonToken.VALUE_NUMBER_INT
                && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new Bad(ReasonCode.MALFORMED, "a level of \"" + name + "\" is not [price, qty]");
        }
        return p.getText();
    }

    /** Units of a plain decimal; -1 when it is none of at most 8 places. */
    private static long units(String text) {
        try {
            return Decimals.parse(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** Levels read so far, reused across frames. */
    private static final class Levels {
        private long[] prices = new long[16];
        private long[] quantities = new long[16];
        private int size;

        void clear() {
            size = 0;
        }

        void add(long price, long quantity) {
            if (size == prices.length) {
                prices = Arrays.copyOf(prices, size * 2);
                quantities = Arrays.copyOf(quantities, size * 2);
            }
            prices[size] = price;
            quantities[size] = quantity;
            size++;
        }

        long[] prices() {
            return Arrays.copyOf(prices, size);
        }

        long[] quantities() {
            return Arrays.copyOf(quantities, size);
        }
    }
}
