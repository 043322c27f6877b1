package io.marketpipe.ingest.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.SealedRecord;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KinesisPublisherTest {
    /**
     * Fails every third record with throttling and every seventh call outright; records what it
     * accepted.
     */
    private static final class FlakyPutter implements RecordPutter {
        final Map<String, List<Long>> accepted = new HashMap<>();
        int calls;
        int records;

        @Override
        public synchronized List<String> put(List<SealedRecord> batch) throws Exception {
            if (++calls % 7 == 0) {
                throw new java.io.IOException("connection reset");
            }
            List<String> outcome = new ArrayList<>();
            for (SealedRecord r : batch) {
                if (++records % 3 == 0) {
                    outcome.add("ProvisionedThroughputExceededException");
                    continue;
                }
                List<Long> seqs =
                        accepted.computeIfAbsent(r.partitionKey(), k -> new ArrayList<>());
                EnvelopeReader.read(r.data(), (v, e, o, c, seq, m, buf, off, len) -> seqs.add(seq));
                outcome.add(null);
            }
            return outcome;
        }
    }

    @Test
    void retriesFailedRecordsUntilEveryFrameArrivesOnceAndInOrderPerKey() throws Exception {
        ForwarderMetrics metrics = new ForwarderMetrics();
        FrameBatcher batcher = batcher(metrics);
        FlakyPutter putter = new FlakyPutter();
        try (KinesisPublisher publisher =
                new KinesisPublisher(
                                batcher,
                                putter,
                                metrics,
                                Duration.ofMillis(1),
                                Duration.ofMillis(5))
                        .start()) {
            for (long seq = 1; seq <= 3_000; seq++) {
                String key = "BINANCE:S" + (seq % 5);
                batcher.accept(
                        key,
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        seq,
                        seq,
                        ("{\"n\":" + seq + "}").getBytes(UTF_8));
            }
            assertThat(batcher.flush(TimeUnit.SECONDS.toNanos(30))).isTrue();
        }

        long total = 0;
        for (Map.Entry<String, List<Long>> e : putter.accepted.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isSorted().doesNotHaveDuplicates();
            total += e.getValue().size();
        }
        assertThat(total).isEqualTo(3_000);
        assertThat(metrics.framesOut.sum()).isEqualTo(3_000);
        assertThat(metrics.recordRetries.sum()).isPositive();
        assertThat(metrics.throttled.sum()).isPositive();
    }

    @Test
    void backoffGrowsWithinItsCapAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.nextDelayNanos()).isBetween(0L, Duration.ofSeconds(1).toNanos());
        }
        assertThat(backoff.attempts()).isEqualTo(50);
        backoff.reset();
        assertThat(backoff.nextDelayNanos()).isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    /** Accepts every record, except that one chosen call kills the calling thread with an Error. */
    private static final class DeadlyPutter implements RecordPutter {
        final List<Long> accepted = new ArrayList<>();
        volatile int killOnCall;
        volatile boolean reject;
        int calls;

        @Override
        public synchronized List<String> put(List<SealedRecord> batch) throws Exception {
            if (++calls == killOnCall) {
                throw new StackOverflowError("injected");
            }
            List<String> outcome = new ArrayList<>();
            for (SealedRecord r : batch) {
                if (reject) {
                    outcome.add("InternalFailure");
                    continue;
                }
                EnvelopeReader.read(
                        r.data(), (v, e, o, c, seq, m, buf, off, len) -> accepted.add(seq));
                outcome.add(null);
            }
            return outcome;
        }
    }

    /** Records of at most 1 KiB, sealed after 1 ms. */
    private static FrameBatcher batcher(ForwarderMetrics metrics) {
        return new FrameBatcher(
                new BatcherConfig(1024, Duration.ofMillis(1), 1 << 20), metrics, System::nanoTime);
    }

    private static void frames(FrameBatcher batcher, long from, long to) throws Exception {
        for (long seq = from; seq <= to; seq++) {
            batcher.accept(
                    "BINANCE:S",
                    Venue.BINANCE,
                    Encoding.JSON,
                    Origin.LIVE,
                    1,
                    seq,
                    seq,
                    ("{\"n\":" + seq + "}").getBytes(UTF_8));
        }
    }

    @Test
    void aPublisherThreadKilledMidCallGivesItsRecordsBackAndARestartSendsThem() throws Exception {
        ForwarderMetrics metrics = new ForwarderMetrics();
        FrameBatcher batcher = batcher(metrics);
        DeadlyPutter putter = new DeadlyPutter();
        putter.killOnCall = 1;
        try (KinesisPublisher publisher =
                new KinesisPublisher(
                                batcher,
                                putter,
                                metrics,
                                Duration.ofMillis(1),
                                Duration.ofMillis(5))
                        .start()) {
            frames(batcher, 1, 200);
            io.marketpipe.localstack.Poll.until(
                    "the publisher to die", Duration.ofSeconds(10), () -> !publisher.alive());
            assertThat(publisher.restartIfDead()).isTrue();
            assertThat(publisher.restartIfDead()).as("once").isFalse();
            assertThat(batcher.flush(TimeUnit.SECONDS.toNanos(30))).isTrue();
        }
        assertThat(putter.accepted).as("every frame once, in order").isSorted().hasSize(200);
        assertThat(putter.accepted).doesNotHaveDuplicates();
        assertThat(metrics.publisherRestarts.sum()).isEqualTo(1);
    }

    @Test
    void progressStopsWhileFramesWaitAndNothingIsTakenAndResumesAfter() throws Exception {
        ForwarderMetrics metrics = new ForwarderMetrics();
        FrameBatcher batcher = batcher(metrics);
        DeadlyPutter putter = new DeadlyPutter();
        putter.reject = true;
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        try (KinesisPublisher publisher =
                new KinesisPublisher(
                                batcher,
                                putter,
                                metrics,
                                Duration.ofMillis(1),
                                Duration.ofMillis(5),
                                clock::get)
                        .start()) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            io.marketpipe.localstack.Poll.until(
                    "idle counts as progress",
                    Duration.ofSeconds(10),
                    () -> publisher.sinceProgressNanos() == 0);

            frames(batcher, 1, 50);
            io.marketpipe.localstack.Poll.until(
                    "Kinesis refusing records", Duration.ofSeconds(10), () -> putter.calls > 3);
            clock.addAndGet(TimeUnit.MINUTES.toNanos(3));
            assertThat(publisher.sinceProgressNanos())
                    .as("frames wait and none was taken")
                    .isGreaterThanOrEqualTo(TimeUnit.MINUTES.toNanos(3));

            putter.reject = false;
            assertThat(batcher.flush(TimeUnit.SECONDS.toNanos(30))).isTrue();
            assertThat(publisher.sinceProgressNanos()).isLessThan(TimeUnit.MINUTES.toNanos(3));
        }
    }
}
