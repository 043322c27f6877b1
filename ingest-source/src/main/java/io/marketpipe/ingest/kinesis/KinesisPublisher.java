package io.marketpipe.ingest.kinesis;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.SealedRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed records from the batcher to Kinesis on one thread. Records that fail, one by one or
 * as a whole call, go back to the batcher and are retried after a capped, jittered backoff; they
 * are never dropped.
 */
public final class KinesisPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisPublisher.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FrameBatcher batcher;
    private final RecordPutter putter;
    private final ForwarderMetrics metrics;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;

    public KinesisPublisher(
            FrameBatcher batcher,
            RecordPutter putter,
            ForwarderMetrics metrics,
            Duration backoffBase,
            Duration backoffCap) {
        this.batcher = batcher;
        this.putter = putter;
        this.metrics = metrics;
        this.backoff = new Backoff(backoffBase, backoffCap);
        this.thread = new Thread(this::run, "kinesis-publisher");
        this.thread.setDaemon(true);
    }

    public KinesisPublisher start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                List<SealedRecord> batch =
                        batcher.take(RecordPutter.MAX_RECORDS, RecordPutter.MAX_BYTES, POLL_NANOS);
                if (!batch.isEmpty() && !send(batch)) {
                    LockSupport.parkNanos(backoff.nextDelayNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
