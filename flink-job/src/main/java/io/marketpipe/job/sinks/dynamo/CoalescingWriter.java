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
 * <p>A flush hands the store its elements in chunks of the store's {@link
 * ConditionalStore#batchSize()}, up to {@code inFlight} chunks outstanding at once. One conditional
 * write at a time would bound a subtask to one round trip per key: 6,000 positions (2,000 symbols,
 * three strategies) at a few milliseconds each is longer than a 5 s bar.
 *
 * <p>The flush of an interval does not hold up the task: its writes go out on the writer threads
 * while the task goes on with its records, which coalesce into the next flush. At most one flush is
 * out at a time, so a key's writes reach the store in order; an interval that finds the last flush
 * still out skips its turn, and a slow store gets fewer, larger flushes instead of a stalled task.
 * The checkpoint's flush waits for the one out and then writes and waits for everything pending, so
 * a completed checkpoint still covers every element before it. A failed write fails the task at the
 * next interval or checkpoint, whichever comes first.
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
    private Flush<T> out;

    CoalescingWriter(
            ConditionalStore<T> store,
            ProcessingTimeService time,
            long intervalMillis,
            int inFlight,
            Function<T, String> key,
            BinaryOperator<T> newer,
            MetricGroup metrics,
            String metricPrefix) {
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
        awaitWritten();
        startFlush();
        awaitWritten();
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
                    if (out == null || out.answered()) {
                        awaitWritten();
                        startFlush();
                    }
                    schedule();
                });
    }

    /** Sends what is pending to the writer threads, unless nothing is. */
    private void startFlush() {
        if (pending.isEmpty()) {
            return;
        }
        List<List<T>> chunks = chunks(new ArrayList<>(pending.values()), store.batchSize());
        pending.clear();
        List<Future<Answer>> answers = new ArrayList<>(chunks.size());
        ExecutorService pool = writers();
        for (List<T> chunk : chunks) {
            answers.add(pool.submit(() -> put(chunk)));
        }
        out = new Flush<>(chunks, answers);
    }

    /**
     * Waits for the flush that is out, if one is, and counts its answers; throws the first failed
     * write's exception once every write of it is answered.
     */
    void awaitWritten() throws InterruptedException {
        Flush<T> flush = out;
        if (flush == null) {
            return;
        }
        out = null;
        RuntimeException failed = null;
        for (int i = 0; i < flush.chunks.size(); i++) {
            try {
                acknowledged(flush.chunks.get(i), flush.answers.get(i).get());
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
                flush.answers.forEach(answer -> answer.cancel(true));
                throw e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** The chunks of one flush and their answers to come. */
    private static final class Flush<T> {
        final List<List<T>> chunks;
        final List<Future<Answer>> answers;

        Flush(List<List<T>> chunks, List<Future<Answer>> answers) {
            this.chunks = chunks;
            this.answers = answers;
        }

        boolean answered() {
            for (Future<Answer> answer : answers) {
                if (!answer.isDone()) {
                    return false;
                }
            }
            return true;
        }
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>((all.size() + size - 1) / size);
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    /** Which items of a chunk the store wrote, and the processing time it answered at. */
    private static final class Answer {
        final boolean[] stored;
        final long at;

        Answer(boolean[] stored, long at) {
            this.stored = stored;
            this.at = at;
        }
    }

    private Answer put(List<T> chunk) {
        boolean[] stored =
                chunk.size() == 1
                        ? new boolean[] {store.putIfNewer(chunk.get(0))}
                        : store.putAllIfNewer(chunk);
        return new Answer(stored, time.getCurrentProcessingTime());
    }

    private void acknowledged(List<T> chunk, Answer answer) {
        for (int i = 0; i < chunk.size(); i++) {
            if (!answer.stored[i]) {
                skippedStale.inc();
                continue;
            }
            written.inc();
            if (sinceReceive != null) {
                sinceReceive.update(
                        Latencies.sinceReceive(
                                receivedMicros.applyAsLong(chunk.get(i)), answer.at));
            }
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
