package io.marketpipe.job.decode;

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
 * appends are skipped. Template 10000 gives trades (several per frame), 10001 a quote. Not
 * thread-safe.
 */
public final class BinanceSbeDecoder {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradesStreamEventDecoder trades = new TradesStreamEventDecoder();
    private final BestBidAskStreamEventDecoder bestBidAsk = new BestBidAskStreamEventDecoder();
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
                case DepthDiffStreamEventDecoder.TEMPLATE_ID:
                    out.quarantine(
                            ReasonCode.UNKNOWN_MESSAGE,
                            "SBE depth template " + header.templateId() + " is not modelled");
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
}
