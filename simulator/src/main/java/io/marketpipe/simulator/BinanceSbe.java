package io.marketpipe.simulator;

import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.DepthSnapshotStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes Binance SBE stream messages, times in microseconds: trades (TradesStreamEvent, 10000),
 * best bid and ask (10001), depth20 (10002) and depth diffs (10003). Prices and quantities keep the
 * simulator's 8 places as mantissas with exponent -8.
 */
final class BinanceSbe {
    static final byte EXPONENT = (byte) -SimTrade.SCALE;

    /** Grown for a message that needs more, such as the diff of a burst of trades. */
    private UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(64 * 1024));

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradesStreamEventEncoder event = new TradesStreamEventEncoder();
    private final DepthDiffStreamEventEncoder diff = new DepthDiffStreamEventEncoder();
    private final DepthSnapshotStreamEventEncoder snapshot = new DepthSnapshotStreamEventEncoder();
    private final BestBidAskStreamEventEncoder best = new BestBidAskStreamEventEncoder();

    /** One message holding {@code trades}, all of one symbol. */
    synchronized byte[] trades(List<SimTrade> trades) {
        SimTrade first = trades.get(0);
        event.wrapAndApplyHeader(buffer, 0, header)
                .eventTime(first.tradeTimeMillis() * 1_000)
                .transactTime(first.tradeTimeMillis() * 1_000)
                .priceExponent(EXPONENT)
                .qtyExponent(EXPONENT);
        TradesStreamEventEncoder.TradesEncoder group = event.tradesCount(trades.size());
        for (SimTrade t : trades) {
            group.next()
                    .id(t.tradeId())
                    .price(t.priceUnits())
                    .qty(t.quantityUnits())
                    .isBuyerMaker(t.buyerIsMaker() ? BoolEnum.True : BoolEnum.False);
        }
        event.symbol(first.symbol());
        return copy(event.encodedLength());
    }

    /** A DepthDiffStreamEvent (10003) of {@code d}: its first and last book update ids. */
    synchronized byte[] depthDiff(String symbol, SimBook.Diff d) {
        room(d.bids.size() + d.asks.size(), symbol);
        diff.wrapAndApplyHeader(buffer, 0, header)
                .eventTime(d.eventMillis * 1_000)
                .firstBookUpdateId(d.first)
                .lastBookUpdateId(d.last)
                .priceExponent(EXPONENT)
                .qtyExponent(EXPONENT);
        DepthDiffStreamEventEncoder.BidsEncoder bids = diff.bidsCount(d.bids.size());
        d.bids.forEach((price, qty) -> bids.next().price(price).qty(qty));
        DepthDiffStreamEventEncoder.AsksEncoder asks = diff.asksCount(d.asks.size());
        d.asks.forEach((price, qty) -> asks.next().price(price).qty(qty));
        diff.symbol(symbol);
        return copy(diff.encodedLength());
    }

    /** A DepthSnapshotStreamEvent (10002, {@code @depth20}) of the book's top {@code top}. */
    synchronized byte[] depth20(String symbol, SimBook.Diff top) {
        room(top.bids.size() + top.asks.size(), symbol);
        snapshot.wrapAndApplyHeader(buffer, 0, header)
                .eventTime(top.eventMillis * 1_000)
                .bookUpdateId(top.last)
                .priceExponent(EXPONENT)
                .qtyExponent(EXPONENT);
        DepthSnapshotStreamEventEncoder.BidsEncoder bids = snapshot.bidsCount(top.bids.size());
        top.bids.forEach((price, qty) -> bids.next().price(price).qty(qty));
        DepthSnapshotStreamEventEncoder.AsksEncoder asks = snapshot.asksCount(top.asks.size());
        top.asks.forEach((price, qty) -> asks.next().price(price).qty(qty));
        snapshot.symbol(symbol);
        return copy(snapshot.encodedLength());
    }

    /** A BestBidAskStreamEvent (10001) of the book's best levels. */
    synchronized byte[] bestBidAsk(String symbol, SimBook.Diff top) {
        Map.Entry<Long, Long> bid = top.bids.entrySet().iterator().next();
        Map.Entry<Long, Long> ask = top.asks.entrySet().iterator().next();
        best.wrapAndApplyHeader(buffer, 0, header)
                .eventTime(top.eventMillis * 1_000)
                .bookUpdateId(top.last)
                .priceExponent(EXPONENT)
                .qtyExponent(EXPONENT)
                .bidPrice(bid.getKey())
                .bidQty(bid.getValue())
                .askPrice(ask.getKey())
                .askQty(ask.getValue())
                .symbol(symbol);
        return copy(best.encodedLength());
    }

    /**
     * Makes room for a book message of {@code levels} price levels (16 bytes each) with its header,
     * fixed fields, two group headers and the symbol; 1 KB covers all but the levels.
     */
    private void room(int levels, String symbol) {
        int needed = 1_024 + levels * 16 + symbol.getBytes(StandardCharsets.UTF_8).length;
        if (needed > buffer.capacity()) {
            buffer = new UnsafeBuffer(ByteBuffer.allocate(Integer.highestOneBit(needed) << 1));
        }
    }

    private byte[] copy(int encodedLength) {
        byte[] out = new byte[MessageHeaderEncoder.ENCODED_LENGTH + encodedLength];
        buffer.getBytes(0, out);
        return out;
    }
}
