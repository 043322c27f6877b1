package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.metrics.Latencies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A flush has up to {@code inFlight} puts outstanding at once and returns when all of them are
 * answered. Conditional writes cannot be batched (BatchWriteItem takes no condition), so one at a
 * time would bound a subtask to one round trip per key: 6,000 positions (2,000 symbols, three
 * strategies) at a few milliseconds each is longer than a 5 s bar.
 */
class CoalescingWriter<T> implements SinkWriter<T> {
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final ConditionalStore<T> store;
    private final ProcessingTimeService time;
    private final long intervalMillis;
    private final int inFlight;
    private final String threadName;
    private final Function<T, String> key;
    private final BinaryOperator<T> newer;
    private final Map<String, T> pending = new LinkedHashMap<>();
    private final Counter written;
    private final Counter skippedStale;
    private ToLongFunction<T> receivedMicros;
    private Histogram sinceReceive;
    private ExecutorService writers;

    CoalescingWriter(
            ConditionalStore<T> store,
            ProcessingTimeService time,
            long intervalMillis,
            int inFlight,
            Function<T, String> key,
            BinaryOperator<T> newer,
            MetricGroup metrics,
            String metricPrefix) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight writes must be >= 1, was " + inFlight);
        }
        this.store = store;
        this.time = time;
        this.intervalMillis = intervalMillis;
        this.inFlight = inFlight;
        this.threadName = "dynamodb-" + metricPrefix + "-writer-";
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
    public void flush(boolean endOfInput) throws InterruptedException {
        writePending();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (writers != null) {
                writers.shutdownNow();
                writers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            store.close();
        }
    }

    private void schedule() {
        time.registerTimer(
                time.getCurrentProcessingTime() + intervalMillis,
                ts -> {
                    writePending();
                    schedule();
                });
    }

    private void writePending() throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        List<T> batch = new ArrayList<>(pending.values());
        pending.clear();
        if (inFlight == 1 || batch.size() == 1) {
            for (T element : batch) {
                acknowledged(element, put(element));
            }
            return;
        }
        List<Future<Long>> answers = new ArrayList<>(batch.size());
        ExecutorService pool = writers();
        for (T element : batch) {
            answers.add(pool.submit(() -> put(element)));
        }
        RuntimeException failed = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                acknowledged(batch.get(i), answers.get(i).get());
            } catch (ExecutionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException
                                ? (RuntimeException) e.getCause()
                                : new IllegalStateException(e.getCause());
                if (failed == null) {
                    failed = cause;
                } else if (failed != cause) {
                    failed.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                answers.forEach(answer -> answer.cancel(true));
                throw e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** The processing time the store acknowledged {@code element} at, or -1 if it was stale. */
    private long put(T element) {
        return store.putIfNewer(element) ? time.getCurrentProcessingTime() : -1;
    }

    private void acknowledged(T element, long acknowledgedAt) {
        if (acknowledgedAt < 0) {
            skippedStale.inc();
            return;
        }
        written.inc();
        if (sinceReceive != null) {
            sinceReceive.update(
                    Latencies.sinceReceive(receivedMicros.applyAsLong(element), acknowledgedAt));
        }
    }

    private ExecutorService writers() {
        if (writers == null) {
            AtomicInteger next = new AtomicInteger();
            writers =
                    Executors.newFixedThreadPool(
                            inFlight,
                            task -> {
                                Thread thread =
                                        new Thread(task, threadName + next.incrementAndGet());
                                thread.setDaemon(true);
                                return thread;
                            });
        }
        return writers;
    }
}
