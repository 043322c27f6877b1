package io.marketpipe.ingest.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class GapTrackerTest {
    @Test
    void reportsOnlyIdsSkippedPastTheHighWaterMark() {
        GapTracker tracker = new GapTracker();
        assertThat(tracker.observe("BTCUSDT", 100)).as("first id").isNull();
        assertThat(tracker.observe("BTCUSDT", 101)).isNull();
        assertThat(tracker.observe("BTCUSDT", 101)).as("duplicate").isNull();
        assertThat(tracker.observe("BTCUSDT", 99)).as("overlap from another connection").isNull();
        assertThat(tracker.observe("BTCUSDT", 150)).isEqualTo(new Gap("BTCUSDT", 102, 149));
        assertThat(tracker.observe("BTCUSDT", 120)).as("late arrival inside the gap").isNull();
        assertThat(tracker.observe("ETHUSDT", 7)).as("symbols are separate").isNull();
        assertThat(new Gap("BTCUSDT", 102, 149).size()).isEqualTo(48);
    }

    @Test
    void findsTradeIdsInJsonTradeEventsOnly() {
        assertThat(
                        TradeIds.jsonTradeId(
                                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":12345,\"p\":\"1\"}}"
                                        .getBytes(UTF_8)))
                .isEqualTo(12345);
        assertThat(
                        TradeIds.jsonTradeId(
                                "{\"e\":\"aggTrade\",\"a\":5,\"f\":1,\"l\":3}".getBytes(UTF_8)))
                .isEqualTo(-1);
        assertThat(TradeIds.jsonTradeId("{\"result\":null,\"id\":1}".getBytes(UTF_8)))
                .isEqualTo(-1);
        assertThat(TradeIds.jsonTradeId("{\"e\":\"trade\",\"t\":".getBytes(UTF_8))).isEqualTo(-1);
    }

    @Test
    void findsEveryTradeIdOfAnSbeTradesEvent() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        TradesStreamEventEncoder event =
                new TradesStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        event.eventTime(1).transactTime(1).priceExponent((byte) -8).qtyExponent((byte) -8);
        TradesStreamEventEncoder.TradesEncoder trades = event.tradesCount(3);
        for (long id = 41; id <= 43; id++) {
            trades.next().id(id).price(1).qty(1).isBuyerMaker(BoolEnum.True);
        }
        event.symbol("BTCUSDT");
        byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength()];
        buffer.getBytes(0, frame);

        List<Long> ids = new ArrayList<>();
        new TradeIds().sbeTradeIds(frame, ids::add);
        assertThat(ids).containsExactly(41L, 42L, 43L);

        List<Long> none = new ArrayList<>();
        new TradeIds().sbeTradeIds(java.util.Arrays.copyOf(frame, 20), none::add);
        assertThat(none).as("truncated").isEmpty();
    }
}
