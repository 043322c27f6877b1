package io.marketpipe.job.decode;

import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.SbeGroups;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.DepthSnapshotStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes Binance SBE stream frames with the generated flyweights: checks the schema id (not the
 * exact version) before dispatch and walks groups by their declared block length, so fields Binance
 * appends are skipped. Template 10000 gives trades (several per frame), 10001 a quote, 10003 a book
 * diff and 10002 the book's top 20. Not thread-safe.
 */
public final class BinanceSbeDecoder {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradesStreamEventDecoder trades = new TradesStreamEventDecoder();
    private final BestBidAskStreamEventDecoder bestBidAsk = new BestBidAskStreamEventDecoder();
    private final DepthDiffStreamEventDecoder depthDiff = new DepthDiffStreamEventDecoder();
    private final DepthSnapshotStreamEventDecoder depthTop20 =
            new DepthSnapshotStreamEventDecoder();
    private final Entries entries = new Entries();
    private final EntryText text = new EntryText();
    private final SymbolCache symbols = new SymbolCache();
    private final byte[] symbolBytes = new byte[255]; // a varString8 holds at most 255
    private final TradeRules rules;

    public BinanceSbeDecoder() {
        this(TradeRules.DEFAULTS);
    }

    public BinanceSbeDecoder(TradeRules rules) {
        this.rules = rules;
    }

    public void decode(RawFrame frame, DecodeSink out) {
        byte[] payload = frame.payload;
        if (payload.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "SBE frame of " + payload.length + " bytes is shorter than its header");
            return;
        }
        buffer.wrap(payload);
        header.wrap(buffer, 0);
        if (header.schemaId() != TradesStreamEventDecoder.SCHEMA_ID) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "SBE schema id "
                            + header.schemaId()
                            + ", expected "
                            + TradesStreamEventDecoder.SCHEMA_ID);
            return;
        }
        String shortRoot = shortRoot(header.templateId(), header.blockLength());
        if (shortRoot != null) {
            out.quarantine(ReasonCode.MALFORMED, shortRoot);
            return;
        }
        try {
            switch (header.templateId()) {
                case TradesStreamEventDecoder.TEMPLATE_ID:
                    trades(frame, out);
                    return;
                case BestBidAskStreamEventDecoder.TEMPLATE_ID:
                    bestBidAsk(frame, out);
                    return;
                case DepthSnapshotStreamEventDecoder.TEMPLATE_ID:
                    depthTop20(frame, out);
                    return;
                case DepthDiffStreamEventDecoder.TEMPLATE_ID:
                    depthDiff(frame, out);
                    return;
                default:
                    out.quarantine(
                            ReasonCode.UNKNOWN_MESSAGE,
                            "SBE template " + header.templateId() + " is not known");
            }
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "truncated SBE message (template " + header.templateId() + ")");
        }
    }

    /**
     * Why a root block of {@code blockLength} bytes cannot hold template {@code templateId}'s
     * fields, or null. A longer block is a later version's (its extra bytes are skipped); a shorter
     * one would have its last fields read from the group header after it.
     */
    private static String shortRoot(int templateId, int blockLength) {
        int schema;
        switch (templateId) {
            case TradesStreamEventDecoder.TEMPLATE_ID:
                schema = TradesStreamEventDecoder.BLOCK_LENGTH;
                break;
            case BestBidAskStreamEventDecoder.TEMPLATE_ID:
                schema = BestBidAskStreamEventDecoder.BLOCK_LENGTH;
                break;
            case DepthSnapshotStreamEventDecoder.TEMPLATE_ID:
                schema = DepthSnapshotStreamEventDecoder.BLOCK_LENGTH;
                break;
            case DepthDiffStreamEventDecoder.TEMPLATE_ID:
                schema = DepthDiffStreamEventDecoder.BLOCK_LENGTH;
                break;
            default:
                return null;
        }
        return blockLength >= schema
                ? null
                : "SBE template "
                        + templateId
                        + ": root block of "
                        + blockLength
                        + " bytes, shorter than the schema's "
                        + schema;
    }

    private void trades(RawFrame frame, DecodeSink out) {
        trades.wrap(
                buffer,
                MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version());
        long eventTime = Timestamps.toMillis(trades.eventTime());
        long tradeTime = Timestamps.toMillis(trades.transactTime());
        TradesStreamEventDecoder.TradesDecoder group = trades.trades();
        String unfit =
                SbeGroups.unfit(
                        group.count(),
                        group.actingBlockLength(),
                        TradesStreamEventDecoder.TradesDecoder.sbeBlockLength(),
                        frame.payload.length - trades.limit());
        if (unfit != null) {
            out.quarantine(ReasonCode.MALFORMED, "SBE trades group: " + unfit);
            return;
        }
        // the group comes before the symbol, so its entries are held until the symbol is read;
        // the count fits in what is left of the frame (checked above), which bounds the arrays
        Entries e = entries;
        e.clear(group.count());
        for (TradesStreamEventDecoder.TradesDecoder t = group; t.hasNext(); ) {
            t.next();
            // the raw byte: the enum's decoder throws on a value it does not know
            e.add(t.id(), t.price(), t.qty(), t.isBuyerMakerRaw());
        }
        String symbol = symbols.get(symbolBytes, 0, trades.getSymbol(symbolBytes, 0, 255));
        if (symbol.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades without a symbol");
            return;
        }
        String fault = TradeRules.symbolFault(symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        if (e.size == 0) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades event with no trade");
            return;
        }
        text.priceExponent = trades.priceExponent();
        text.qtyExponent = trades.qtyExponent();
        text.transactTime = trades.transactTime();
        long rawEventTime = trades.eventTime();
        Object eventTimeText =
                new Object() {
                    @Override
                    public String toString() {
                        return rawEventTime + " us";
                    }
                };
        for (int i = 0; i < e.size; i++) {
            long id = e.ids[i];
            if (id < 0) {
                out.quarantine(ReasonCode.MALFORMED, "trade " + i + ": negative id " + id);
                continue;
            }
            short maker = e.makers[i];
            if (maker != BoolEnum.True.value() && maker != BoolEnum.False.value()) {
                out.quarantine(
                        ReasonCode.MALFORMED,
                        "trade " + i + ": isBuyerMaker " + maker + " is neither true nor false");
                continue;
            }
            long price = units(e.prices[i], text.priceExponent);
            long quantity = units(e.quantities[i], text.qtyExponent);
            text.entry(i, id, e.prices[i], e.quantities[i]);
            if (rules.rejects(
                    out,
                    text.where,
                    symbol,
                    price,
                    text.price,
                    quantity,
                    text.quantity,
                    tradeTime,
                    text.time,
                    frame.receivedMicros)) {
                continue;
            }
            String eventFault = rules.timeFault(eventTime, eventTimeText, frame.receivedMicros);
            if (eventFault != null) {
                out.quarantine(ReasonCode.BAD_TIMESTAMP, "trade " + i + ": event " + eventFault);
                continue;
            }
            out.trade(
                    new Trade(
                            Venue.BINANCE,
                            symbol,
                            id,
                            price,
                            quantity,
                            tradeTime,
                            eventTime,
                            maker == BoolEnum.True.value(),
                            frame.receivedMicros,
                            frame.origin));
        }
    }

    /** A trades group's entries, in arrays reused across frames. */
    private static final class Entries {
        long[] ids = new long[16];
        long[] prices = new long[16];
        long[] quantities = new long[16];
        short[] makers = new short[16];
        int size;

        void clear(int count) {
            size = 0;
            if (count > ids.length) {
                int n = Math.max(count, 2 * ids.length);
                ids = new long[n];
                prices = new long[n];
                quantities = new long[n];
                makers = new short[n];
            }
        }

        void add(long id, long price, long quantity, short maker) {
            ids[size] = id;
            prices[size] = price;
            quantities[size] = quantity;
            makers[size] = maker;
            size++;
        }
    }

    /**
     * The texts a rejected entry's detail quotes, as it came ({@code 6800012e-2}, {@code
     * 1700000000000000 us}): made only when a rule rejects the entry, so an accepted one allocates
     * nothing for them. Reused; {@link TradeRules#rejects} reads them before it returns.
     */
    private static final class EntryText {
        int priceExponent;
        int qtyExponent;
        long transactTime;
        private int index;
        private long id;
        private long priceMantissa;
        private long qtyMantissa;

        final Object where =
                new Object() {
                    @Override
                    public String toString() {
                        return "trade " + index + " (id " + id + "): ";
                    }
                };
        final Object price =
                new Object() {
                    @Override
                    public String toString() {
                        return priceMantissa + "e" + priceExponent;
                    }
                };
        final Object quantity =
                new Object() {
                    @Override
                    public String toString() {
                        return qtyMantissa + "e" + qtyExponent;
                    }
                };
        final Object time =
                new Object() {
                    @Override
                    public String toString() {
                        return transactTime + " us";
                    }
                };

        void entry(int index, long id, long priceMantissa, long qtyMantissa) {
            this.index = index;
            this.id = id;
            this.priceMantissa = priceMantissa;
            this.qtyMantissa = qtyMantissa;
        }
    }

    /** Units of mantissa × 10^exponent; -1 when that is no decimal of at most 8 places. */
    private static long units(long mantissa, int exponent) {
        try {
            return Decimals.fromMantissa(mantissa, exponent);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private void bestBidAsk(RawFrame frame, DecodeSink out) {
        bestBidAsk.wrap(
                buffer,
                MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version());
        Quote q = new Quote();
        q.venue = Venue.BINANCE;
        q.updateId = bestBidAsk.bookUpdateId();
        q.eventTime = Timestamps.toMillis(bestBidAsk.eventTime());
        q.receivedMicros = frame.receivedMicros;
        int pe = bestBidAsk.priceExponent();
        int qe = bestBidAsk.qtyExponent();
        long bidPrice = bestBidAsk.bidPrice();
        long bidQty = bestBidAsk.bidQty();
        long askPrice = bestBidAsk.askPrice();
        long askQty = bestBidAsk.askQty();
        q.symbol = bestBidAsk.symbol();
        if (q.symbol.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE best bid/ask without a symbol");
            return;
        }
        String fault = TradeRules.symbolFault(q.symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        try {
            q.bidPrice = Decimals.fromMantissa(bidPrice, pe);
            q.askPrice = Decimals.fromMantissa(askPrice, pe);
        } catch (ArithmeticException e) {
            out.quarantine(ReasonCode.BAD_PRICE, e.getMessage());
            return;
        }
        if (q.bidPrice <= 0 || q.askPrice <= 0) {
            out.quarantine(ReasonCode.BAD_PRICE, "bid or ask price is not > 0");
            return;
        }
        try {
            q.bidQuantity = Decimals.fromMantissa(bidQty, qe);
            q.askQuantity = Decimals.fromMantissa(askQty, qe);
        } catch (ArithmeticException e) {
            out.quarantine(ReasonCode.BAD_QUANTITY, e.getMessage());
            return;
        }
        String timeFault =
                rules.timeFault(q.eventTime, bestBidAsk.eventTime() + " us", frame.receivedMicros);
        if (timeFault != null) {
            out.quarantine(ReasonCode.BAD_TIMESTAMP, "event " + timeFault);
            return;
        }
        out.quote(q);
    }

    /** 10003: the book's changes from its first to its last update id. */
    private void depthDiff(RawFrame frame, DecodeSink out) {
        DepthDiffStreamEventDecoder d = depthDiff;
        d.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        BookUpdate u = new BookUpdate();
        u.kind = BookUpdate.Kind.DIFF;
        u.firstUpdateId = d.firstBookUpdateId();
        u.lastUpdateId = d.lastBookUpdateId();
        long eventMicros = d.eventTime();
        int pe = d.priceExponent();
        int qe = d.qtyExponent();
        DepthDiffStreamEventDecoder.BidsDecoder bids = d.bids();
        String fault =
                levels(
                        "bids",
                        bids.count(),
                        bids.actingBlockLength(),
                        DepthDiffStreamEventDecoder.BidsDecoder.sbeBlockLength(),
                        d.limit());
        if (fault == null) {
            long[][] read = new long[2][bids.count()];
            for (int i = 0; bids.hasNext(); i++) {
                bids.next();
                read[0][i] = bids.price();
                read[1][i] = bids.qty();
            }
            u.bidPrices = read[0];
            u.bidQuantities = read[1];
            DepthDiffStreamEventDecoder.AsksDecoder asks = d.asks();
            fault =
                    levels(
                            "asks",
                            asks.count(),
                            asks.actingBlockLength(),
                            DepthDiffStreamEventDecoder.AsksDecoder.sbeBlockLength(),
                            d.limit());
            if (fault == null) {
                read = new long[2][asks.count()];
                for (int i = 0; asks.hasNext(); i++) {
                    asks.next();
                    read[0][i] = asks.price();
                    read[1][i] = asks.qty();
                }
                u.askPrices = read[0];
                u.askQuantities = read[1];
                u.symbol = symbols.get(symbolBytes, 0, d.getSymbol(symbolBytes, 0, 255));
            }
        }
        finishDepth(frame, u, eventMicros, pe, qe, fault, out);
    }

    /** 10002: the book's best 20 levels a side as of one update id. */
    private void depthTop20(RawFrame frame, DecodeSink out) {
        DepthSnapshotStreamEventDecoder d = depthTop20;
        d.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        BookUpdate u = new BookUpdate();
        u.kind = BookUpdate.Kind.TOP20;
        u.firstUpdateId = d.bookUpdateId();
        u.lastUpdateId = u.firstUpdateId;
        long eventMicros = d.eventTime();
        int pe = d.priceExponent();
        int qe = d.qtyExponent();
        DepthSnapshotStreamEventDecoder.BidsDecoder bids = d.bids();
        String fault =
                levels(
                        "bids",
                        bids.count(),
                        bids.actingBlockLength(),
                        DepthSnapshotStreamEventDecoder.BidsDecoder.sbeBlockLength(),
                        d.limit());
        if (fault == null) {
            long[][] read = new long[2][bids.count()];
            for (int i = 0; bids.hasNext(); i++) {
                bids.next();
                read[0][i] = bids.price();
                read[1][i] = bids.qty();
            }
            u.bidPrices = read[0];
            u.bidQuantities = read[1];
            DepthSnapshotStreamEventDecoder.AsksDecoder asks = d.asks();
            fault =
                    levels(
                            "asks",
                            asks.count(),
                            asks.actingBlockLength(),
                            DepthSnapshotStreamEventDecoder.AsksDecoder.sbeBlockLength(),
                            d.limit());
            if (fault == null) {
                read = new long[2][asks.count()];
                for (int i = 0; asks.hasNext(); i++) {
                    asks.next();
                    read[0][i] = asks.price();
                    read[1][i] = asks.qty();
                }
                u.askPrices = read[0];
                u.askQuantities = read[1];
                u.symbol = symbols.get(symbolBytes, 0, d.getSymbol(symbolBytes, 0, 255));
            }
        }
        finishDepth(frame, u, eventMicros, pe, qe, fault, out);
    }

    /** Why a depth group cannot be read from the frame, or null. */
    private String levels(String side, int count, int blockLength, int schemaLength, int limit) {
        String unfit = SbeGroups.unfit(count, blockLength, schemaLength, buffer.capacity() - limit);
        return unfit == null ? null : "SBE " + side + " group: " + unfit;
    }

    /**
     * Checks a depth event read as mantissas and turns its levels into units: the whole frame is
     * quarantined for its first fault, since a book cannot apply part of an update.
     */
    private void finishDepth(
            RawFrame frame,
            BookUpdate u,
            long eventMicros,
            int priceExponent,
            int qtyExponent,
            String groupFault,
            DecodeSink out) {
        if (groupFault != null) {
            out.quarantine(ReasonCode.MALFORMED, groupFault);
            return;
        }
        if (u.symbol.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE depth event without a symbol");
            return;
        }
        String fault = TradeRules.symbolFault(u.symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        String range = BookUpdate.rangeFault(u.firstUpdateId, u.lastUpdateId);
        if (range != null) {
            out.quarantine(ReasonCode.MALFORMED, "SBE depth " + range);
            return;
        }
        String side = scale(u.bidPrices, u.bidQuantities, priceExponent, qtyExponent);
        if (side == null) {
            side = scale(u.askPrices, u.askQuantities, priceExponent, qtyExponent);
        }
        if (side != null) {
            out.quarantine(
                    side.startsWith("price") ? ReasonCode.BAD_PRICE : ReasonCode.BAD_QUANTITY,
                    "SBE depth level " + side);
            return;
        }
        u.eventTime = Timestamps.toMillis(eventMicros);
        String timeFault = rules.timeFault(u.eventTime, eventMicros + " us", frame.receivedMicros);
        if (timeFault != null) {
            out.quarantine(ReasonCode.BAD_TIMESTAMP, "event " + timeFault);
            return;
        }
        u.venue = Venue.BINANCE;
        u.receivedMicros = frame.receivedMicros;
        out.book(u);
    }

    /**
     * Turns mantissas into units in place; why a level is no positive price or quantity at least 0,
     * or null.
     */
    private static String scale(long[] prices, long[] quantities, int pe, int qe) {
        for (int i = 0; i < prices.length; i++) {
            long price = units(prices[i], pe);
            if (price <= 0 || price > TradeRules.MAX_PRICE) {
                return "price " + prices[i] + "e" + pe + " is not a positive decimal in range";
            }
            long qty = units(quantities[i], qe);
            if (qty < 0 || qty > TradeRules.MAX_QUANTITY) {
                return "quantity " + quantities[i] + "e" + qe + " is not a decimal >= 0 in range";
            }
            prices[i] = price;
            quantities[i] = qty;
        }
        return null;
    }
}
