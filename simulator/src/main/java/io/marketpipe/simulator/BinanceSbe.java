package io.marketpipe.simulator;

import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.nio.ByteBuffer;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes trades as Binance SBE TradesStreamEvent messages (template 10000), times in microseconds.
 */
final class BinanceSbe {
    static final byte EXPONENT = (byte) -SimTrade.SCALE;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(64 * 1024));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradesStreamEventEncoder event = new TradesStreamEventEncoder();

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
        byte[] out = new byte[MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength()];
        buffer.getBytes(0, out);
        return out;
    }
}
