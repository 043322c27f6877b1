package io.marketpipe.ingest.kinesis;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.SealedRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed records from the batcher to Kinesis on one thread. Records that fail, one by one or
 * as a whole call, go back to the batcher and are retried after a capped, jittered backoff; they
 * are never dropped. A thread killed by an error gives its records back first; {@link
 * #restartIfDead()} (the forwarder calls it every second) starts a new one. {@link
 * #sinceProgressNanos()} says how long nothing was published while something waited.
 */
public final class KinesisPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisPublisher.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FrameBatcher batcher;
    private final RecordPutter putter;
    private final ForwarderMetrics metrics;
    private final Backoff backoff;
    private final LongSupplier nanoClock;
    private volatile Thread thread;
    private volatile boolean running = true;

    /** When a record was last taken by Kinesis, or the publisher last found nothing to send. */
    private volatile long progressNanos;

    public KinesisPublisher(
            FrameBatcher batcher,
            RecordPutter putter,
            ForwarderMetrics metrics,
            Duration backoffBase,
            Duration backoffCap) {
        this(batcher, putter, metrics, backoffBase, backoffCap, System::nanoTime);
    }

    public KinesisPublisher(
            FrameBatcher batcher,
            RecordPutter putter,
            ForwarderMetrics metrics,
            Duration backoffBase,
            Duration backoffCap,
            LongSupplier nanoClock) {
        this.batcher = batcher;
        this.putter = putter;
        this.metrics = metrics;
        this.backoff = new Backoff(backoffBase, backoffCap);
        this.nanoClock = nanoClock;
        this.progressNanos = nanoClock.getAsLong();
        this.thread = newThread();
    }

    private Thread newThread() {
        Thread t = new Thread(this::run, "kinesis-publisher");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler(
                (dead, error) ->
                        LOG.error(
                                "the Kinesis publisher thread died; it will be restarted", error));
        return t;
    }

    public KinesisPublisher start() {
        thread.start();
        return this;
    }

    /** Whether the publishing thread is running. */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Starts a new publishing thread if the last one died; returns whether it did. */
    public synchronized boolean restartIfDead() {
        if (!running || thread.isAlive()) {
            return false;
        }
        metrics.publisherRestarts.increment();
        thread = newThread();
        thread.start();
        LOG.warn("Kinesis publisher thread restarted");
        return true;
    }

    /** Nanoseconds since a record was last published or nothing was waiting. */
    public long sinceProgressNanos() {
        return nanoClock.getAsLong() - progressNanos;
    }

    private void run() {
        while (running) {
            List<SealedRecord> batch;
            try {
                batch = batcher.take(RecordPutter.MAX_RECORDS, RecordPutter.MAX_BYTES, POLL_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                if (batcher.bufferedBytes() == 0) {
                    progressNanos = nanoClock.getAsLong();
                }
                continue;
            }
            boolean sent = false;
            try {
                sent = send(batch);
            } catch (RuntimeException | Error e) {
                // nothing may leave a record taken and never answered: its key would stall
                batch.forEach(batcher::release);
                if (e instanceof Error) {
                    throw (Error) e;
                }
                LOG.error("publishing failed unexpectedly, retrying", e);
                metrics.recordRetries.add(batch.size());
            }
            if (!sent) {
                LockSupport.parkNanos(backoff.nextDelayNanos());
            }
        }
    }

    /** Returns whether every record of the batch was accepted. */
    private boolean send(List<SealedRecord> batch) {
        List<String> outcome;
        long started = System.nanoTime();
        try {
            outcome = putter.put(batch);
        } catch (Exception e) {
            LOG.warn("PutRecords of {} records failed, retrying: {}", batch.size(), e.toString());
            metrics.recordRetries.add(batch.size());
            batch.forEach(batcher::release);
            return false;
        } finally {
            metrics.putCalls.increment();
            metrics.putNanos.add(System.nanoTime() - started);
        }
        boolean allAccepted = true;
        for (int i = 0; i < batch.size(); i++) {
            SealedRecord record = batch.get(i);
            String error = i < outcome.size() ? outcome.get(i) : "MissingResult";
            if (error == null) {
                progressNanos = nanoClock.getAsLong();
                metrics.recordsPut.increment();
                metrics.framesOut.add(record.frameCount());
                batcher.acknowledge(record);
            } else {
                allAccepted = false;
                metrics.recordRetries.increment();
                if ("ProvisionedThroughputExceededException".equals(error)) {
                    metrics.throttled.increment();
                }
                batcher.release(record);
            }
        }
        if (allAccepted) {
            backoff.reset();
        }
        return allAccepted;
    }

    /** Stops after the current call; call {@link FrameBatcher#flush} first to drain. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
