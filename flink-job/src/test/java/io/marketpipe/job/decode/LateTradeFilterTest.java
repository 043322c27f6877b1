package io.marketpipe.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Trade;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateTradeFilterTest {
    private static final long T0 = 1_700_000_000_000L;

    private static StreamRecord<Trade> trade(long id, long time) {
        return new StreamRecord<>(
                new Trade("BINANCE", "BTCUSDT", id, 100, 1, time, time, false, 0, "LIVE"), time);
    }

    @Test
    void quarantinesTradesFurtherBehindTheWatermarkThanAllowed() throws Exception {
        try (OneInputStreamOperatorTestHarness<Trade, Trade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateTradeFilter(1_000))) {
            harness.processElement(trade(1, T0));
            harness.processWatermark(new Watermark(T0 + 5_000));
            harness.processElement(trade(2, T0 + 4_500));
            harness.processElement(trade(3, T0 + 3_999));
            harness.processElement(trade(4, T0 + 4_000));

            assertThat(harness.extractOutputValues())
                    .extracting(t -> t.tradeId)
                    .containsExactly(1L, 2L);
            assertThat(harness.getSideOutput(DecodeFunction.QUARANTINE))
                    .extracting(r -> ((Quarantined) r.getValue()).reason)
                    .containsExactly("LATE", "LATE");
            assertThat(
                            new String(
                                    harness.getSideOutput(DecodeFunction.QUARANTINE)
                                            .peek()
                                            .getValue()
                                            .raw))
                    .contains("\"trade_id\":3");
        }
    }
}
