package io.marketpipe.job.sinks.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.job.metrics.Latencies;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class LatestPriceWriterTest {
    private static final long T0 = 1_700_000_000_000L;

    /** Records writes; refuses trades older than what it holds, like the conditional put. */
    private static final class FakeStore implements LatestPriceStore {
        final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean putIfNewer(Trade trade) {
            writes.add(trade.symbol + "#" + trade.tradeId);
            return true;
        }

        @Override
        public void close() {}
    }

    /** Manual time: timers fire when the test advances it. */
    private static final class ManualTime implements ProcessingTimeService {
        long now;
        final List<long[]> due = new ArrayList<>();
        final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
            due.add(new long[] {timestamp});
            callbacks.add(callback);
            return null;
        }

        void advance(long millis) throws Exception {
            now += millis;
            for (int i = 0; i < due.size(); i++) {
                if (due.get(i)[0] <= now) {
                    due.get(i)[0] = Long.MAX_VALUE;
                    callbacks.get(i).onProcessingTime(now);
                }
            }
        }
    }

    private static Trade trade(String symbol, long id, long time) {
        return new Trade(Venue.BINANCE, symbol, id, 100, 1, time, time, false, 0, Origin.LIVE);
    }

    @Test
    void writesOnlyTheNewestTradePerSymbolEachInterval() throws Exception {
        FakeStore store = new FakeStore();
        ManualTime time = new ManualTime();
        LatestPriceWriter writer =
                new LatestPriceWriter(
                        store,
                        time,
                        500,
                        1,
                        UnregisteredMetricsGroup.createSinkWriterMetricGroup());

        writer.write(trade("BTCUSDT", 2, T0 + 5), null);
        writer.write(trade("BTCUSDT", 1, T0 + 5), null);
        writer.write(trade("BTCUSDT", 3, T0 + 4), null);
        writer.write(trade("ETHUSDT", 7, T0), null);
        assertThat(store.writes).isEmpty();

        time.advance(500);
        writer.awaitWritten();
        assertThat(store.writes).containsExactly("BTCUSDT#2", "ETHUSDT#7");

        writer.write(trade("ETHUSDT", 8, T0 + 1), null);
        time.advance(500);
        writer.awaitWritten();
        assertThat(store.writes).containsExactly("BTCUSDT#2", "ETHUSDT#7", "ETHUSDT#8");
    }

    /** Keeps the histograms and counters registered under it, by name, whatever the group. */
    private static final class CapturingGroup extends UnregisteredMetricsGroup {
        final Map<String, Histogram> histograms = new HashMap<>();
        final Map<String, Counter> counters = new HashMap<>();

        @Override
        public Counter counter(String name) {
            Counter counter = new SimpleCounter();
            counters.put(name, counter);
            return counter;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return this;
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            histograms.put(name, histogram);
            return histogram;
        }
    }

    @Test
    void timesEachAcknowledgedPriceFromItsReceiveTime() throws Exception {
        FakeStore store = new FakeStore();
        ManualTime time = new ManualTime();
        time.now = T0;
        CapturingGroup metrics = new CapturingGroup();
        LatestPriceWriter writer = new LatestPriceWriter(store, time, 500, 1, metrics);
        Trade received = trade("BTCUSDT", 1, T0 - 900);
        received.receivedMicros = (T0 - 120) * 1_000 + 999; // 120.999 ms before now
        writer.write(received, null);
        time.advance(500);
        writer.awaitWritten();

        Histogram latency = metrics.histograms.get(Latencies.RECEIVE_TO_LATEST_PRICE);
        assertThat(latency.getCount()).isEqualTo(1);
        assertThat(latency.getStatistics().getMax()).isEqualTo(620);
    }

    @Test
    void checkpointFlushWritesWhatIsPending() throws Exception {
        FakeStore store = new FakeStore();
        LatestPriceWriter writer =
                new LatestPriceWriter(
                        store,
                        new ManualTime(),
                        60_000,
                        1,
                        UnregisteredMetricsGroup.createSinkWriterMetricGroup());
        writer.write(trade("BTCUSDT", 1, T0), null);
        writer.flush(false);
        assertThat(store.writes).containsExactly("BTCUSDT#1");
        writer.flush(false);
        assertThat(store.writes).as("nothing pending, nothing written").hasSize(1);
    }

    /** Holds every put until the test lets them go. */
    private static final class HeldStore implements LatestPriceStore {
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.BlockingQueue<String> entered =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean putIfNewer(Trade trade) {
            entered.add(trade.symbol + "#" + trade.tradeId);
            try {
                if (!go.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never let go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            writes.add(trade.symbol + "#" + trade.tradeId);
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void aSlowStoreDoesNotHoldUpTheTaskAndGetsTheNewestOnceItAnswers() throws Exception {
        HeldStore store = new HeldStore();
        ManualTime time = new ManualTime();
        LatestPriceWriter writer =
                new LatestPriceWriter(
                        store,
                        time,
                        500,
                        2,
                        UnregisteredMetricsGroup.createSinkWriterMetricGroup());

        writer.write(trade("BTCUSDT", 1, T0), null);
        time.advance(500); // returns with the put still out
        assertThat(store.entered.poll(10, TimeUnit.SECONDS)).isEqualTo("BTCUSDT#1");
        writer.write(trade("BTCUSDT", 2, T0 + 1), null);
        writer.write(trade("BTCUSDT", 3, T0 + 2), null);
        time.advance(500); // the last flush is still out: this interval skips its turn
        assertThat(store.entered.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(store.writes).isEmpty();

        store.go.countDown();
        writer.flush(false); // as a checkpoint: waits for the one out, then writes what is pending
        assertThat(store.writes).containsExactly("BTCUSDT#1", "BTCUSDT#3");
        writer.close();
    }

    /**
     * Answers a put only once {@code parties} puts are waiting at the same time, so a writer that
     * puts one at a time times out; counts the most seen at once.
     */
    private static final class GatheringStore implements LatestPriceStore {
        final CyclicBarrier together;
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final Set<String> written = ConcurrentHashMap.newKeySet();

        GatheringStore(int parties) {
            together = new CyclicBarrier(parties);
        }

        @Override
        public boolean putIfNewer(Trade trade) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("puts were not in flight together", e);
            } finally {
                now.decrementAndGet();
            }
            written.add(trade.symbol);
            return !trade.symbol.startsWith("STALE");
        }

        @Override
        public void close() {}
    }

    @Test
    void hasUpToItsLimitOfPutsInFlightAndCountsEveryAnswer() throws Exception {
        GatheringStore store = new GatheringStore(4);
        CapturingGroup metrics = new CapturingGroup();
        LatestPriceWriter writer =
                new LatestPriceWriter(store, new ManualTime(), 60_000, 4, metrics);
        for (int i = 0; i < 6; i++) {
            writer.write(trade("SYM" + i, 1, T0), null);
        }
        writer.write(trade("STALE1", 1, T0), null);
        writer.write(trade("STALE2", 1, T0), null);

        writer.flush(false);

        assertThat(store.written).hasSize(8);
        assertThat(store.most.get()).isEqualTo(4);
        assertThat(metrics.counters.get("latestPriceWrites").getCount()).isEqualTo(6);
        assertThat(metrics.counters.get("latestPriceStaleSkips").getCount()).isEqualTo(2);
        writer.close();
    }

    @Test
    void aStoreThatTakesBatchesGetsChunksOfItsSize() throws Exception {
        List<Integer> chunkSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        LatestPriceStore store =
                new LatestPriceStore() {
                    @Override
                    public boolean putIfNewer(Trade trade) {
                        chunkSizes.add(1);
                        return !trade.symbol.startsWith("STALE");
                    }

                    @Override
                    public int batchSize() {
                        return 3;
                    }

                    @Override
                    public boolean[] putAllIfNewer(List<Trade> trades) {
                        chunkSizes.add(trades.size());
                        boolean[] written = new boolean[trades.size()];
                        for (int i = 0; i < written.length; i++) {
                            written[i] = !trades.get(i).symbol.startsWith("STALE");
                        }
                        return written;
                    }

                    @Override
                    public void close() {}
                };
        CapturingGroup metrics = new CapturingGroup();
        LatestPriceWriter writer =
                new LatestPriceWriter(store, new ManualTime(), 60_000, 2, metrics);
        for (int i = 0; i < 6; i++) {
            writer.write(trade("SYM" + i, 1, T0), null);
        }
        writer.write(trade("STALE", 1, T0), null);

        writer.flush(false);

        assertThat(chunkSizes).containsExactlyInAnyOrder(3, 3, 1);
        assertThat(metrics.counters.get("latestPriceWrites").getCount()).isEqualTo(6);
        assertThat(metrics.counters.get("latestPriceStaleSkips").getCount()).isEqualTo(1);
        writer.close();
    }

    @Test
    void aFailedPutFailsTheFlushAfterEveryOtherPutIsAnswered() throws Exception {
        Set<String> written = ConcurrentHashMap.newKeySet();
        LatestPriceStore store =
                new LatestPriceStore() {
                    @Override
                    public boolean putIfNewer(Trade trade) {
                        if (trade.symbol.equals("BAD")) {
                            throw new IllegalStateException("throttled");
                        }
                        written.add(trade.symbol);
                        return true;
                    }

                    @Override
                    public void close() {}
                };
        LatestPriceWriter writer =
                new LatestPriceWriter(
                        store,
                        new ManualTime(),
                        60_000,
                        3,
                        UnregisteredMetricsGroup.createSinkWriterMetricGroup());
        writer.write(trade("BAD", 1, T0), null);
        for (int i = 0; i < 5; i++) {
            writer.write(trade("SYM" + i, 1, T0), null);
        }

        assertThatThrownBy(() -> writer.flush(false)).hasMessage("throttled");
        assertThat(written).hasSize(5);
        writer.close();
    }
}
