package io.marketpipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BinanceSbeTest {
    @Test
    void aDiffOfMoreLevelsThanTheFirstBufferHoldsIsEncodedWhole() {
        // a burst of trades after a stall moves thousands of levels in one 20 ms diff
        Map<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        Map<Long, Long> asks = new TreeMap<>();
        for (long i = 1; i <= 5_000; i++) {
            bids.put(1_000_000 - i, i);
            asks.put(1_000_000 + i, i + 1);
        }
        BinanceSbe sbe = new BinanceSbe();
        byte[] message = sbe.depthDiff("BTCUSDT", new SimBook.Diff(7, 9_007, 1_000, bids, asks));

        DepthDiffStreamEventDecoder d = new DepthDiffStreamEventDecoder();
        d.wrapAndApplyHeader(new UnsafeBuffer(message), 0, new MessageHeaderDecoder());
        assertThat(d.lastBookUpdateId()).isEqualTo(9_007);
        long bidLevels = 0;
        long lastBid = 0;
        for (DepthDiffStreamEventDecoder.BidsDecoder b : d.bids()) {
            bidLevels++;
            lastBid = b.price();
        }
        long askLevels = 0;
        long lastAskQty = 0;
        for (DepthDiffStreamEventDecoder.AsksDecoder a : d.asks()) {
            askLevels++;
            lastAskQty = a.qty();
        }
        assertThat(bidLevels).isEqualTo(5_000);
        assertThat(lastBid).isEqualTo(995_000);
        assertThat(askLevels).isEqualTo(5_000);
        assertThat(lastAskQty).isEqualTo(5_001);
        assertThat(d.symbol()).isEqualTo("BTCUSDT");

        // and the buffer serves a small message after it
        byte[] small =
                sbe.depthDiff(
                        "BTCUSDT", new SimBook.Diff(9_008, 9_008, 1_001, Map.of(1L, 2L), Map.of()));
        d.wrapAndApplyHeader(new UnsafeBuffer(small), 0, new MessageHeaderDecoder());
        assertThat(d.lastBookUpdateId()).isEqualTo(9_008);
    }
}
