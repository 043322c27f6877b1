package io.marketpipe.ingest.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.net.URI;
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
    void oneHugeIdNeitherReportsAHugeGapNorBlindsTheTrackerToLaterGaps() {
        GapTracker tracker = new GapTracker();
        tracker.observe("BTCUSDT", 100);
        assertThat(tracker.observe("BTCUSDT", 1L << 62)).as("held apart").isNull();
        assertThat(tracker.observe("BTCUSDT", 101)).isNull();
        assertThat(tracker.observe("BTCUSDT", 110))
                .as("a genuine gap after it is still seen")
                .isEqualTo(new Gap("BTCUSDT", 102, 109));
    }

    @Test
    void aRealJumpOfTheVenuesIdsIsReportedOnceItsIdsGather() {
        GapTracker tracker = new GapTracker();
        tracker.observe("BTCUSDT", 100);
        long from = 5_000_000;
        for (long id = from; id < from + GapTracker.PROMOTE - 1; id++) {
            assertThat(tracker.observe("BTCUSDT", id)).isNull();
        }
        assertThat(tracker.observe("BTCUSDT", from + GapTracker.PROMOTE - 1))
                .isEqualTo(new Gap("BTCUSDT", 101, from - 1));
        assertThat(tracker.observe("BTCUSDT", from + GapTracker.PROMOTE)).isNull();
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

    private static byte[] sbeTrades(long... ids) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        TradesStreamEventEncoder event =
                new TradesStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        event.eventTime(1).transactTime(1).priceExponent((byte) -8).qtyExponent((byte) -8);
        TradesStreamEventEncoder.TradesEncoder trades = event.tradesCount(ids.length);
        for (long id : ids) {
            trades.next().id(id).price(1).qty(1).isBuyerMaker(BoolEnum.True);
        }
        event.symbol("BTCUSDT");
        byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength()];
        buffer.getBytes(0, frame);
        return frame;
    }

    @Test
    void findsEveryTradeIdOfAnSbeTradesEvent() {
        byte[] frame = sbeTrades(41, 42, 43);

        List<Long> ids = new ArrayList<>();
        new TradeIds().sbeTradeIds(frame, ids::add);
        assertThat(ids).containsExactly(41L, 42L, 43L);

        List<Long> none = new ArrayList<>();
        new TradeIds().sbeTradeIds(java.util.Arrays.copyOf(frame, 20), none::add);
        assertThat(none).as("truncated").isEmpty();
    }

    /**
     * Every gap inside one SBE frame reaches the backfill once, after the frame was passed on; a
     * backfill queue of one turns the second into a gap marker at once.
     */
    @Test
    void anSbeFrameReportsEachGapInsideItOnce() throws Exception {
        ForwarderMetrics metrics = new ForwarderMetrics();
        List<String> out = new ArrayList<>();
        FrameSink sink =
                (key, venue, encoding, origin, conn, seq, micros, payload) ->
                        out.add(origin + " " + key);
        BinanceRestBackfill backfill = // not started: the queue keeps what it takes
                new BinanceRestBackfill(
                        URI.create("http://127.0.0.1:9"), sink, metrics, () -> 0, 1, 1_000_000);
        GapDetectingSink gaps = new GapDetectingSink(sink, backfill, metrics);

        for (byte[] frame : List.of(sbeTrades(41, 42), sbeTrades(45, 48), sbeTrades(49))) {
            gaps.accept(
                    "BINANCE:BTCUSDT", Venue.BINANCE, Encoding.SBE, Origin.LIVE, 1, 1, 1, frame);
        }

        assertThat(metrics.gaps.sum()).as("43..44 and 46..47").isEqualTo(2);
        assertThat(out)
                .containsExactly(
                        "LIVE BINANCE:BTCUSDT",
                        "LIVE BINANCE:BTCUSDT",
                        "GAP_MARKER BINANCE:BTCUSDT",
                        "LIVE BINANCE:BTCUSDT");
        assertThat(backfill.idle()).as("the first gap waits in the queue").isFalse();
    }
}
