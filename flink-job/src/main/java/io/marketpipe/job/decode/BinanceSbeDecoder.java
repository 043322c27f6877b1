package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
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
                        t.id(), t.price(), t.qty(), t.isBuyerMaker() == BoolEnum.True ? 1 : 0
                    });
        }
        String symbol = trades.symbol();
        if (symbol.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades without a symbol");
            return;
        }
        if (!Symbols.valid(symbol)) {
            out.quarantine(
                    ReasonCode.BAD_SYMBOL, "symbol \"" + symbol + "\" is not [A-Z0-9]{2,20}");
            return;
        }
        if (group.isEmpty()) {
            out.quarantine(ReasonCode.MISSING_FIELD, "SBE trades event with no trade");
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            long[] t = group.get(i);
            ReasonCode fault = null;
            String detail = null;
            long price = 0;
            long quantity = 0;
            try {
                price = Decimals.fromMantissa(t[1], priceExponent);
            } catch (ArithmeticException e) {
                fault = ReasonCode.BAD_PRICE;
                detail = e.getMessage();
            }
            if (fault == null && price <= 0) {
                fault = ReasonCode.BAD_PRICE;
                detail = "price " + t[1] + "e" + priceExponent + " is not > 0";
            }
            if (fault == null) {
                try {
                    quantity = Decimals.fromMantissa(t[2], qtyExponent);
                } catch (ArithmeticException e) {
                    fault = ReasonCode.BAD_QUANTITY;
                    detail = e.getMessage();
                }
            }
            if (fault == null && quantity <= 0) {
                fault = ReasonCode.BAD_QUANTITY;
                detail = "quantity " + t[2] + "e" + qtyExponent + " is not > 0";
            }
            if (fault == null && (tradeTime < 0 || eventTime < 0)) {
                fault = ReasonCode.BAD_TIMESTAMP;
                detail = "transact time " + trades.transactTime() + " us out of range";
            }
            if (fault != null) {
                out.quarantine(fault, "trade " + i + " (id " + t[0] + "): " + detail);
                continue;
            }
            out.trade(
                    new Trade(
                            "BINANCE",
                            symbol,
                            t[0],
                            price,
                            quantity,
                            tradeTime,
                            eventTime,
                            t[3] == 1,
                            frame.receivedMicros,
                            frame.origin));
        }
    }

    private void bestBidAsk(RawFrame frame, DecodeSink out) {
        bestBidAsk.wrap(
                buffer,
                MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version());
        Quote q = new Quote();
        q.venue = "BINANCE";
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
        if (!Symbols.valid(q.symbol)) {
            out.quarantine(
                    ReasonCode.BAD_SYMBOL, "symbol \"" + q.symbol + "\" is not [A-Z0-9]{2,20}");
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
