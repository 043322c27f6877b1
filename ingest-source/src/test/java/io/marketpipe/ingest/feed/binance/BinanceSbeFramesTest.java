package io.marketpipe.ingest.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class BinanceSbeFramesTest {
    static byte[] oneTrade() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(1).transactTime(1).priceExponent((byte) -2).qtyExponent((byte) -2);
        e.tradesCount(1).next().id(7).price(100).qty(1).isBuyerMaker(BoolEnum.True);
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    @Test
    void namesTheSymbolAndStreamOfATradesFrame() {
        BinanceSbeFrames frames = new BinanceSbeFrames();
        assertThat(frames.symbol(oneTrade())).isEqualTo("BTCUSDT");
        assertThat(frames.stream(oneTrade())).isEqualTo("btcusdt@trade");
    }

    @Test
    void aGroupBombIsNotWalked() {
        byte[] bomb = oneTrade();
        int group = MessageHeaderEncoder.ENCODED_LENGTH + TradesStreamEventEncoder.BLOCK_LENGTH;
        UnsafeBuffer b = new UnsafeBuffer(bomb);
        b.putShort(group, (short) 0, ByteOrder.LITTLE_ENDIAN);
        b.putInt(group + 2, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        String symbol =
                Assertions.assertTimeoutPreemptively(
                        Duration.ofSeconds(5), () -> new BinanceSbeFrames().symbol(bomb));
        assertThat(symbol).isEqualTo(BinanceFrames.NO_SYMBOL);
    }
}
