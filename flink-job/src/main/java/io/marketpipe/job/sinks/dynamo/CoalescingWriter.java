package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.metrics.Latencies;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;

/**
 * Keeps the newest element per key and writes them to a {@link ConditionalStore} every flush
 * interval and on every checkpoint (so nothing acknowledged by a checkpoint is unwritten:
 * at-least-once, and idempotent because the store only moves forward).
 */
class CoalescingWriter<T> implements SinkWriter<T> {
    private final ConditionalStore<T> store;
    private final ProcessingTimeService time;
    private final long intervalMillis;
    private final Function<T, String> key;
    private final BinaryOperator<T> newer;
    private final Map<String, T> pending = new LinkedHashMap<>();
    private final Counter written;
    private final Counter skippedStale;
    private ToLongFunction<T> receivedMicros;
    private Histogram sinceReceive;

    CoalescingWriter(
            ConditionalStore<T> store,
            ProcessingTimeService time,
            long intervalMillis,
            Function<T, String> key,
            BinaryOperator<T> newer,
            MetricGroup metrics,
            String metricPrefix) {
        this.store = store;
        this.time = time;
        this.intervalMillis = intervalMillis;
        this.key = key;
        this.newer = newer;
        this.written = metrics.counter(metricPrefix + "Writes");
        this.skippedStale = metrics.counter(metricPrefix + "StaleSkips");
        schedule();
    }

    /**
     * Records, for every element the store acknowledged, the milliseconds from its receive time
     * ({@code receivedMicros}, epoch micros) to the acknowledgement, in histogram {@code name}.
     */
    CoalescingWriter<T> timingAcknowledgements(
            ToLongFunction<T> receivedMicros, MetricGroup metrics, String name) {
        this.receivedMicros = receivedMicros;
        this.sinceReceive = Latencies.histogram(metrics, name);
        return this;
    }

    @Override
    public void write(T element, Context context) {
        pending.merge(key.apply(element), element, newer);
    }

    @Override
    public void flush(boolean endOfInput) {
        writePending();
    }

    @Override
    public void close() {
        store.close();
    }

    private void schedule() {
        time.registerTimer(
                time.getCurrentProcessingTime() + intervalMillis,
                ts -> {
                    writePending();
                    schedule();
                });
    }

    private void writePending() {
        for (T element : pending.values()) {
            if (store.putIfNewer(element)) {
                written.inc();
                if (sinceReceive != null) {
                    sinceReceive.update(
                            Latencies.sinceReceive(
                                    receivedMicros.applyAsLong(element),
                                    time.getCurrentProcessingTime()));
                }
            } else {
                skippedStale.inc();
            }
        }
        pending.clear();
    }
}
