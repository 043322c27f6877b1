package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.DepthSnapshotStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import java.util.ArrayList;
import java.util.List;
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
    private final List<long[]> group = new ArrayList<>();
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

    private void trades(RawFrame frame, DecodeSink out) {
        trades.wrap(
                buffer,
                MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version());
        long eventTime = Timestamps.toMillis(trades.eventTime());
        long tradeTime = Timestamps.toMillis(trades.transactTime());
        int priceExponent = trades.priceExponent();
        int qtyExponent = trades.qtyExponent();
        group.clear();
        TradesStreamEventDecoder.TradesDecoder entries = trades.trades();
        String unfit =
                io.marketpipe.schemas.sbe.SbeGroups.unfit(
                        entries.count(),
                        entries.actingBlockLength(),
                        TradesStreamEventDecoder.TradesDecoder.sbeBlockLength(),
                        frame.payload.length - trades.limit());
        if (unfit != null) {
            out.quarantine(ReasonCode.MALFORMED, "SBE trades group: " + unfit);
            return;
        }
        for (TradesStreamEventDecoder.TradesDecoder t = entries; t.hasNext(); ) {
            t.next();
            group.add(
                    new long[] {
                        // the raw byte: the enum's decoder throws on a value it does not know
                        t.id(), t.price(), t.qty(), t.isBuyerMakerRaw()
                    });
        }
        String symbol = trades.symbol();
        if (symbol.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades without a symbol");
            return;
        }
        String fault = TradeRules.symbolFault(symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        if (group.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades event with no trade");
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            long[] t = group.get(i);
            if (t[0] < 0) {
                out.quarantine(ReasonCode.MALFORMED, "trade " + i + ": negative id " + t[0]);
                continue;
            }
            if (t[3] != BoolEnum.True.value() && t[3] != BoolEnum.False.value()) {
                out.quarantine(
                        ReasonCode.MALFORMED,
                        "trade " + i + ": isBuyerMaker " + t[3] + " is neither true nor false");
                continue;
            }
            long price = units(t[1], priceExponent);
            long quantity = units(t[2], qtyExponent);
            if (rules.rejects(
                    out,
                    "trade " + i + " (id " + t[0] + "): ",
                    symbol,
                    price,
                    t[1] + "e" + priceExponent,
                    quantity,
                    t[2] + "e" + qtyExponent,
                    tradeTime,
                    trades.transactTime() + " us",
                    frame.receivedMicros)) {
                continue;
            }
            if (eventTime < 0) {
                out.quarantine(
                        ReasonCode.BAD_TIMESTAMP,
                        "trade " + i + ": event time " + trades.eventTime() + " us out of range");
                continue;
            }
            out.trade(
                    new Trade(
                            Venue.BINANCE,
                            symbol,
                            t[0],
                            price,
                            quantity,
                            tradeTime,
                            eventTime,
                            t[3] == BoolEnum.True.value(),
                            frame.receivedMicros,
                            frame.origin));
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
        if (q.eventTime < 0) {
            out.quarantine(
                    ReasonCode.BAD_TIMESTAMP,
                    "event time " + bestBidAsk.eventTime() + " us out of range");
            return;
        }
        out.quote(q);
    }
}
