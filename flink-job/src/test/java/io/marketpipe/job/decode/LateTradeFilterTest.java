package io.marketpipe.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateTradeFilterTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Trade trade(long id, long time) {
        return new Trade(Venue.BINANCE, "BTCUSDT", id, 100, 1, time, time, false, 0, Origin.LIVE);
    }

    private static RoutedTrade routed(long id, long time) {
        return new RoutedTrade(trade(id, time), null);
    }

    private static RoutedTrade withFrame(long id, long time) {
        return new RoutedTrade(trade(id, time), frame("{\"e\":\"trade\",\"t\":" + id + "}"));
    }

    private static RawFrame frame(String payload) {
        return new RawFrame(
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                7,
                42,
                0,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Quarantined> quarantined(OneInputStreamOperatorTestHarness<?, ?> h) {
        var side = h.getSideOutput(DecodedEventRouter.QUARANTINE);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void quarantinesTradesFurtherBehindTheWatermarkThanAllowed() throws Exception {
        try (OneInputStreamOperatorTestHarness<RoutedTrade, Trade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateTradeFilter(1_000))) {
            harness.processElement(routed(1, T0), T0);
            harness.processWatermark(new Watermark(T0 + 5_000));
            harness.processElement(routed(2, T0 + 4_500), T0 + 4_500);
            harness.processElement(withFrame(3, T0 + 3_999), T0 + 3_999);
            harness.processElement(routed(4, T0 + 4_000), T0 + 4_000);

            assertThat(harness.extractOutputValues())
                    .extracting(t -> t.tradeId)
                    .containsExactly(1L, 2L);
            List<Quarantined> late = quarantined(harness);
            assertThat(late)
                    .extracting(q -> q.reason)
                    .containsExactly(ReasonCode.LATE, ReasonCode.LATE);
            // the raw frame when decode attached it, with where it came from
            assertThat(new String(late.get(0).raw, StandardCharsets.UTF_8))
                    .isEqualTo("{\"e\":\"trade\",\"t\":3}");
            assertThat(late.get(0).encoding).isEqualTo(Encoding.JSON);
            assertThat(late.get(0).sequence).isEqualTo(42);
            assertThat(late.get(0).detail).contains("BTCUSDT #3").contains("1001 ms behind");
            // otherwise the decoded trade
            assertThat(late.get(1).encoding).isEqualTo(Encoding.DECODED);
            assertThat(new String(late.get(1).raw, StandardCharsets.UTF_8))
                    .contains("\"trade_id\":4");
            assertThat(late).extracting(q -> q.id).doesNotContainNull().doesNotHaveDuplicates();
        }
    }

    @Test
    void aLateTradesIdDoesNotDependOnHowFarBehindItWas() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (long watermark : new long[] {T0 + 5_000, T0 + 9_000}) {
            try (OneInputStreamOperatorTestHarness<RoutedTrade, Trade> harness =
                    ProcessFunctionTestHarnesses.forProcessFunction(new LateTradeFilter(1_000))) {
                harness.processWatermark(new Watermark(watermark));
                harness.processElement(withFrame(3, T0), T0);
                harness.processElement(routed(4, T0), T0);
                quarantined(harness).forEach(q -> ids.add(q.id));
            }
        }
        assertThat(ids).hasSize(4);
        assertThat(ids.get(2)).as("with its frame").isEqualTo(ids.get(0));
        assertThat(ids.get(3)).as("decoded").isEqualTo(ids.get(1));
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    }

    @Test
    void onTimeTradesLeaveTheirFrameBehind() throws Exception {
        try (OneInputStreamOperatorTestHarness<RoutedTrade, Trade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateTradeFilter(1_000))) {
            harness.processWatermark(new Watermark(T0));
            RoutedTrade in = withFrame(1, T0 - 500);
            harness.processElement(in, T0 - 500);
            assertThat(harness.extractOutputValues()).containsExactly(in.trade);
            assertThat(quarantined(harness)).isEmpty();
        }
    }

    @Test
    void decodeAttachesTheFrameOnlyToTradesThatMayBeLate() throws Exception {
        try (OneInputStreamOperatorTestHarness<MarketEvent, RoutedTrade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodedEventRouter(1_000))) {
            harness.processElement(event(trade(1, T0 - 10_000)), T0 - 10_000);
            harness.processWatermark(new Watermark(T0));
            harness.processElement(event(trade(2, T0 - 999)), T0 - 999);
            harness.processElement(event(trade(3, T0 - 1_000)), T0 - 1_000);

            assertThat(harness.extractOutputValues())
                    .extracting(r -> r.trade.tradeId, r -> r.lateFrame != null)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, false),
                            org.assertj.core.groups.Tuple.tuple(2L, false),
                            org.assertj.core.groups.Tuple.tuple(3L, true));
        }
    }

    private static MarketEvent event(Trade trade) {
        MarketEvent e = MarketEvent.trade(trade);
        e.firstOfFrame = true;
        e.frame = frame("{\"t\":" + trade.tradeId + "}");
        return e;
    }
}
