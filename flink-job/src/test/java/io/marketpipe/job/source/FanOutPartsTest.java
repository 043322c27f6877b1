package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FanOutPartsTest {
    private static final long T0 = 1_700_000_000_000L;

    private static MarketEvent trade(long time) {
        return MarketEvent.trade(
                new Trade(Venue.BINANCE, "BTCUSDT", 1, 100, 1, time, time, false, 0, Origin.LIVE));
    }

    @Test
    void fanOutRegistersByNameOrUsesAConsumerRegisteredOutside() {
        String streamArn = "arn:aws:kinesis:eu-west-1:123456789012:stream/marketpipe-raw";
        Properties source = new Properties();
        source.setProperty("kinesis.stream.arn", streamArn);
        source.setProperty("kinesis.reader", "EFO");
        Properties byName =
                KinesisRawSource.fanOutProperties(
                        JobConfig.fromPropertyGroups(Map.of(JobConfig.SOURCE, source)));
        assertThat(byName)
                .containsEntry("flink.stream.recordpublisher", "EFO")
                .containsEntry("flink.stream.efo.registration", "LAZY")
                .containsEntry("flink.stream.efo.consumername", "marketpipe-job")
                .containsEntry("aws.region", "us-east-1");

        String consumerArn = streamArn + "/consumer/marketpipe-job:1700000000";
        source.setProperty("kinesis.efo.consumer.arn", consumerArn);
        Properties registered =
                KinesisRawSource.fanOutProperties(
                        JobConfig.fromPropertyGroups(Map.of(JobConfig.SOURCE, source)));
        assertThat(registered)
                .containsEntry("flink.stream.efo.registration", "NONE")
                .containsEntry("flink.stream.efo.consumerarn.marketpipe-raw", consumerArn)
                .doesNotContainKey("flink.stream.efo.consumername");
    }

    @Test
    void streamNameComesFromTheArn() {
        assertThat(
                        KinesisRawSource.streamName(
                                "arn:aws:kinesis:eu-west-1:123456789012:stream/marketpipe-raw"))
                .isEqualTo("marketpipe-raw");
        assertThatThrownBy(() -> KinesisRawSource.streamName("marketpipe-raw"))
                .hasMessageContaining("not a Kinesis stream ARN");
        assertThatThrownBy(() -> KinesisRawSource.streamName("arn:aws:kinesis:eu-west-1:1:stream/"))
                .hasMessageContaining("not a Kinesis stream ARN");
    }

    /** A ShardBatchOperator (2 s bound, 10 s idleness) under test. */
    private static final class Harness
            extends OneInputStreamOperatorTestHarness<
                    Tuple2<String, List<MarketEvent>>, MarketEvent> {
        Harness() throws Exception {
            super(new ShardBatchOperator(2_000, 10_000));
        }
    }

    /** Opened at {@code processingTime}, emitting periodically every 200 ms. */
    private static Harness openAt(long processingTime) throws Exception {
        Harness harness = new Harness();
        harness.getExecutionConfig().setAutoWatermarkInterval(200);
        harness.setProcessingTime(processingTime);
        harness.open();
        return harness;
    }

    private static StreamRecord<Tuple2<String, List<MarketEvent>>> batch(
            String shard, MarketEvent... events) {
        return new StreamRecord<>(Tuple2.of(shard, List.of(events)), 1L);
    }

    private static List<Object> watermarksAndStatuses(OneInputStreamOperatorTestHarness<?, ?> h) {
        return h.getOutput().stream()
                .filter(o -> !(o instanceof StreamRecord))
                .collect(Collectors.toList());
    }

    @Test
    void eachTradeKeepsItsOwnTimeAndWatermarksFollowTheSlowestShard() throws Exception {
        try (Harness harness = openAt(1_000)) {
            harness.setProcessingTime(10_900);
            harness.processElement(
                    batch("shard-0", trade(T0), MarketEvent.control(), trade(T0 + 250)));
            harness.processElement(batch("shard-1", trade(T0 + 10_000)));
            harness.processWatermark(new Watermark(T0 + 50_000)); // the reader's: ignored

            List<StreamRecord<? extends MarketEvent>> records =
                    harness.extractOutputStreamRecords();
            assertThat(records)
                    .extracting(StreamRecord::getTimestamp)
                    .containsExactly(T0, Long.MIN_VALUE, T0 + 250, T0 + 10_000);
            assertThat(records.get(1).hasTimestamp()).isFalse();
            assertThat(watermarksAndStatuses(harness)).as("held at start").isEmpty();

            harness.setProcessingTime(11_200); // periodic emit: the slower shard holds it back
            assertThat(watermarksAndStatuses(harness))
                    .containsExactly(new Watermark(T0 + 250 - 2_001));

            harness.setProcessingTime(19_000); // shard-1 goes on, shard-0 falls silent
            harness.processElement(batch("shard-1", trade(T0 + 20_000)));
            harness.setProcessingTime(21_100); // shard-0 idle: shard-1 alone sets it
            assertThat(watermarksAndStatuses(harness)).endsWith(new Watermark(T0 + 20_000 - 2_001));

            harness.setProcessingTime(40_000); // both idle
            assertThat(watermarksAndStatuses(harness)).endsWith(WatermarkStatus.IDLE);
            harness.processElement(batch("shard-0", trade(T0 + 30_000)));
            assertThat(watermarksAndStatuses(harness)).endsWith(WatermarkStatus.ACTIVE);
            harness.processWatermark(Watermark.MAX_WATERMARK); // end of input passes
            assertThat(watermarksAndStatuses(harness)).endsWith(Watermark.MAX_WATERMARK);
        }
    }

    @Test
    void aShardWhoseSubscriptionStartsLateDoesNotMakeItsFirstTradesLate() throws Exception {
        try (Harness harness = openAt(1_000)) {
            harness.setProcessingTime(1_100);
            harness.processElement(batch("shard-1", trade(T0 + 4_000)));
            harness.setProcessingTime(1_500); // a watermark now would be T0 + 1,999
            harness.setProcessingTime(4_900); // 3.8 s later shard-3 starts, from T0
            harness.processElement(batch("shard-3", trade(T0)));
            harness.setProcessingTime(11_200);
            assertThat(watermarksAndStatuses(harness)).containsExactly(new Watermark(T0 - 2_001));
        }
    }

    @Test
    void aShardWithQuotesButNoTradesDoesNotHoldTheWatermarkBack() throws Exception {
        try (Harness harness = openAt(1_000)) {
            harness.setProcessingTime(10_900);
            harness.processElement(batch("shard-0", trade(T0 + 5_000)));
            harness.processElement(batch("shard-1", MarketEvent.control()));
            harness.setProcessingTime(11_200);
            assertThat(watermarksAndStatuses(harness))
                    .containsExactly(new Watermark(T0 + 5_000 - 2_001));
        }
    }

    @Test
    void idleOnlyWhenTheReaderHasNoShardsNotWhileSubscriptionsStart() throws Exception {
        try (Harness harness = openAt(1_000)) {
            harness.setProcessingTime(60_000); // nothing heard yet: hold the watermark back
            assertThat(watermarksAndStatuses(harness)).isEmpty();
            harness.processWatermarkStatus(WatermarkStatus.IDLE); // the reader has no shards
            assertThat(watermarksAndStatuses(harness)).containsExactly(WatermarkStatus.IDLE);
        }
    }
}
