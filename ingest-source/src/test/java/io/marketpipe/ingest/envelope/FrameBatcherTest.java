package io.marketpipe.ingest.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final ForwarderMetrics metrics = new ForwarderMetrics();

    private FrameBatcher batcher(int maxRecordBytes, long lingerMs, long maxBuffered) {
        return new FrameBatcher(
                new BatcherConfig(maxRecordBytes, Duration.ofMillis(lingerMs), maxBuffered),
                metrics,
                now::get);
    }

    private static void add(FrameBatcher b, String key, long seq, String payload)
            throws InterruptedException {
        b.accept(
                key,
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                1,
                seq,
                seq,
                payload.getBytes(UTF_8));
    }

    private static List<Long> sequences(SealedRecord r) throws Exception {
        List<Long> seqs = new ArrayList<>();
        EnvelopeReader.read(r.data(), (v, e, o, c, seq, m, buf, off, len) -> seqs.add(seq));
        return seqs;
    }

    @Test
    void holdsFramesUntilLingerThenSealsOneRecordPerKey() throws Exception {
        FrameBatcher b = batcher(64 * 1024, 50, 1 << 20);
        for (int i = 1; i <= 30; i++) {
            add(b, i % 2 == 0 ? "BINANCE:BTCUSDT" : "BINANCE:ETHUSDT", i, "{\"trade\":" + i + "}");
        }
        assertThat(b.take(500, 5 << 20, 0)).isEmpty();

        now.addAndGet(50 * MS);
        List<SealedRecord> batch = b.take(500, 5 << 20, 0);

        assertThat(batch)
                .extracting(SealedRecord::partitionKey)
                .containsExactlyInAnyOrder("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");
        assertThat(batch).extracting(SealedRecord::frameCount).containsOnly(15);
        for (SealedRecord r : batch) {
            assertThat(sequences(r)).isSorted().hasSize(15);
        }
    }

    @Test
    void sealsARecordAsSoonAsItReachesMaxBytes() throws Exception {
        FrameBatcher b = batcher(1024, 10_000, 1 << 20);
        String payload = "x".repeat(200);
        for (int i = 1; i <= 5; i++) {
            add(b, "K", i, payload);
        }
        List<SealedRecord> batch = b.take(500, 5 << 20, 0);
        assertThat(batch).hasSize(1);
        assertThat(batch.get(0).data().length).isLessThanOrEqualTo(1024);
        assertThat(sequences(batch.get(0))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void keepsAKeysSecondRecordBackUntilTheFirstIsAcknowledged() throws Exception {
        FrameBatcher b = batcher(1024, 0, 1 << 20);
        add(b, "K", 1, "a");
        add(b, "K", 2, "b");

        List<SealedRecord> first = b.take(500, 5 << 20, 0);
        assertThat(first).hasSize(1);
        assertThat(b.take(500, 5 << 20, 0)).isEmpty();

        b.release(first.get(0));
        List<SealedRecord> retried = b.take(500, 5 << 20, 0);
        assertThat(sequences(retried.get(0))).containsExactly(1L);

        b.acknowledge(retried.get(0));
        assertThat(sequences(b.take(500, 5 << 20, 0).get(0))).containsExactly(2L);
    }

    @Test
    void blocksProducersWhenTheBufferIsFullAndCountsIt() throws Exception {
        FrameBatcher b = batcher(1024, 0, 2048);
        String payload = "y".repeat(900);
        add(b, "K", 1, payload);
        add(b, "K", 2, payload);

        CompletableFuture<Void> third =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                add(b, "K", 3, payload);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        poll(() -> metrics.backpressureWaits.sum() == 1);
        assertThat(third).isNotDone();

        b.acknowledge(b.take(500, 5 << 20, 0).get(0));
        third.get(5, TimeUnit.SECONDS);
        assertThat(b.bufferedBytes()).isEqualTo(2 * (28 + 900));
    }

    @Test
    void flushSealsOpenRecordsAndWaitsForAcknowledgement() throws Exception {
        FrameBatcher b = batcher(64 * 1024, 60_000, 1 << 20);
        add(b, "K", 1, "a");
        CompletableFuture<Boolean> flushed =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return b.flush(TimeUnit.SECONDS.toNanos(10));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        List<SealedRecord> batch = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batch.isEmpty() && System.nanoTime() < deadline) {
            batch = b.take(500, 5 << 20, 10 * MS);
        }
        assertThat(batch).hasSize(1);
        b.acknowledge(batch.get(0));
        assertThat(flushed.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.bufferedBytes()).isZero();
    }

    private static void poll(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
