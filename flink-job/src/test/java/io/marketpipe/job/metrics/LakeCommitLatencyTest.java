package io.marketpipe.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LakeCommitLatencyTest {
    private static Trade received(long receivedMillis) {
        return new Trade(
                Venue.BINANCE,
                "BTCUSDT",
                1,
                100,
                1,
                1,
                1,
                true,
                receivedMillis * 1_000,
                Origin.LIVE);
    }

    @Test
    void eachTradeCountsWhenTheCheckpointAfterItCompletesAndNotBefore() throws Exception {
        LakeCommitLatency function = new LakeCommitLatency();
        try (OneInputStreamOperatorTestHarness<Trade, Trade> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            long now = System.currentTimeMillis();
            harness.processElement(received(now - 5_000), 0);
            harness.processElement(received(now - 4_000), 0);
            harness.snapshot(1, 0);
            harness.processElement(received(now - 3_000), 0);
            assertThat(function.histogram().getCount()).as("nothing committed yet").isZero();
            assertThat(harness.extractOutputValues()).hasSize(3);

            harness.notifyOfCompletedCheckpoint(1);
            assertThat(function.histogram().getCount()).isEqualTo(2);
            assertThat(function.histogram().getStatistics().getMin()).isGreaterThanOrEqualTo(4_000);

            // checkpoint 2's notification never comes; 3's covers it
            harness.snapshot(2, 0);
            harness.processElement(received(now - 1_000), 0);
            harness.snapshot(3, 0);
            harness.notifyOfCompletedCheckpoint(3);
            assertThat(function.histogram().getCount()).isEqualTo(4);
        }
    }

    @Test
    void keepsABoundedEvenSampleOfABigCheckpoint() throws Exception {
        LakeCommitLatency function = new LakeCommitLatency();
        try (OneInputStreamOperatorTestHarness<Trade, Trade> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            long now = System.currentTimeMillis();
            int trades = 10 * LakeCommitLatency.MAX_PER_CHECKPOINT + 7;
            for (int i = 0; i < trades; i++) {
                // oldest first: ages from trades ms down to 1 ms
                harness.processElement(received(now - (trades - i)), 0);
            }
            harness.snapshot(1, 0);
            harness.notifyOfCompletedCheckpoint(1);
            long kept = function.histogram().getCount();
            assertThat(kept)
                    .isBetween(
                            (long) LakeCommitLatency.MAX_PER_CHECKPOINT / 2,
                            (long) LakeCommitLatency.MAX_PER_CHECKPOINT);
            // spread over the whole checkpoint, not its first trades only
            assertThat(function.histogram().getStatistics().getMax()).isGreaterThan(trades - 10);
            assertThat(function.histogram().getStatistics().getMin()).isLessThan(trades / 8);
        }
    }
}
