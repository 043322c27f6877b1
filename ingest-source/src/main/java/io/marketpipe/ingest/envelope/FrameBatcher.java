package io.marketpipe.ingest.envelope;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.kinesis.Route;
import io.marketpipe.ingest.kinesis.Router;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeFormat;
import io.marketpipe.schemas.envelope.EnvelopeWriter;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Packs frames into envelope records, one open record per partition key, sealed when it reaches
 * {@link BatcherConfig#maxRecordBytes()} or its first frame has waited {@link
 * BatcherConfig#linger()}. Producers block while {@link BatcherConfig#maxBufferedBytes()} are held
 * (backpressure, counted in the metrics); nothing is ever dropped.
 *
 * <p>The publisher takes at most one record per key at a time and acknowledges or releases it, so
 * each key's records reach Kinesis in order even across retries.
 */
public final class FrameBatcher implements FrameSink {
    private final BatcherConfig config;
    private final ForwarderMetrics metrics;
    private final LongSupplier nanoClock;
    private final Router router;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition workReady = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Map<String, KeyState> keys = new LinkedHashMap<>();
    private long bufferedBytes;
    private long bufferedFrames;
    private boolean flushing;

    /** One record per partition key. */
    public FrameBatcher(BatcherConfig config, ForwarderMetrics metrics, LongSupplier nanoClock) {
        this(config, metrics, nanoClock, Router.perKey());
    }

    public FrameBatcher(
            BatcherConfig config, ForwarderMetrics metrics, LongSupplier nanoClock, Router router) {
        this.router = router;
        this.config = config;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.lingerNanos = config.linger().toNanos();
    }

    @Override
    public void accept(
            String partitionKey,
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] payload)
            throws InterruptedException {
        int frameBytes = EnvelopeWriter.encodedLength(payload.length);
        if (payload.length > EnvelopeFormat.MAX_PAYLOAD_BYTES) {
            metrics.oversizeFrames.increment();
            throw new IllegalArgumentException(
                    "frame of "
                            + payload.length
                            + " bytes cannot fit a Kinesis record (key "
                            + partitionKey
                            + ")");
        }
        lock.lockInterruptibly();
        try {
            if (bufferedBytes + frameBytes > config.maxBufferedBytes()) {
                metrics.backpressureWaits.increment();
                long started = nanoClock.getAsLong();
                while (bufferedBytes + frameBytes > config.maxBufferedBytes()) {
                    notFull.await();
                }
                metrics.backpressureNanos.add(nanoClock.getAsLong() - started);
            }
            Route route = router.route(partitionKey);
            KeyState key = keys.get(route.batchKey());
            if (key == null) {
                key = new KeyState(route);
                keys.put(route.batchKey(), key);
            }
            if (!key.open.isEmpty() && key.open.size() + frameBytes > config.maxRecordBytes()) {
                seal(key);
            }
            if (key.open.isEmpty()) {
                key.firstFrameNanos = nanoClock.getAsLong();
            }
            key.open.append(
                    venue,
                    encoding,
                    origin,
                    connectionId,
                    sequence,
                    receivedMicros,
                    payload,
                    0,
                    payload.length);
            bufferedBytes += frameBytes;
            bufferedFrames++;
            metrics.bufferedBytes.set(bufferedBytes);
            if (key.open.size() >= config.maxRecordBytes() || lingerNanos == 0) {
                seal(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code maxRecords} sealed records (at most one per key, none of a key with one in
     * flight), waiting up to {@code maxWaitNanos} for one to be ready. Returns an empty list on
     * timeout.
     */
    public List<SealedRecord> take(int maxRecords, long maxBytes, long maxWaitNanos)
            throws InterruptedException {
        long deadline = nanoClock.getAsLong() + maxWaitNanos;
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                long nextExpiry = sealExpired(now);
                List<SealedRecord> batch = collect(maxRecords, maxBytes);
                if (!batch.isEmpty() || now >= deadline) {
                    return batch;
                }
                long wait = Math.min(deadline, nextExpiry) - now;
                workReady.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(100)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The record reached Kinesis: frees its bytes and lets the key's next record go. */
    public void acknowledge(SealedRecord record) {
        lock.lock();
        try {
            KeyState key = keys.get(record.batchKey());
            key.sealed.poll();
            key.inFlight = false;
            bufferedBytes -= record.data().length - EnvelopeFormat.RECORD_HEADER_LENGTH;
            bufferedFrames -= record.frameCount();
            metrics.bufferedBytes.set(bufferedBytes);
            notFull.signalAll();
            workReady.signalAll();
            if (bufferedBytes == 0) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The record failed: it stays first in its key's queue for the next attempt. */
    public void release(SealedRecord record) {
        lock.lock();
        try {
            keys.get(record.batchKey()).inFlight = false;
            workReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Seals every open record now and waits until all are acknowledged, or the timeout passes. */
    public boolean flush(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            flushing = true;
            keys.values().stream().filter(k -> !k.open.isEmpty()).forEach(this::seal);
            long remaining = timeoutNanos;
            while (bufferedBytes > 0 && remaining > 0) {
                remaining = drained.awaitNanos(remaining);
            }
            return bufferedBytes == 0;
        } finally {
            flushing = false;
            lock.unlock();
        }
    }

    /** Frames accepted and not yet acknowledged by Kinesis. */
    public long bufferedFrames() {
        lock.lock();
        try {
            return bufferedFrames;
        } finally {
            lock.unlock();
        }
    }

    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Seals records whose linger has passed; returns when the next open record expires. */
    private long sealExpired(long now) {
        long next = Long.MAX_VALUE;
        for (KeyState key : keys.values()) {
            if (key.open.isEmpty()) {
                continue;
            }
            long expiry = key.firstFrameNanos + lingerNanos;
            if (flushing || expiry <= now) {
                seal(key);
            } else {
                next = Math.min(next, expiry);
            }
        }
        return next;
    }

    private List<SealedRecord> collect(int maxRecords, long maxBytes) {
        List<SealedRecord> batch = new ArrayList<>();
        long bytes = 0;
        for (KeyState key : keys.values()) {
            if (batch.size() == maxRecords) {
                break;
            }
            SealedRecord head = key.sealed.peek();
            if (key.inFlight || head == null) {
                continue;
            }
            long size = head.data().length + (long) key.route.partitionKey().length();
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            key.inFlight = true;
            bytes += size;
            batch.add(head);
        }
        return batch;
    }

    private void seal(KeyState key) {
        Route r = key.route;
        key.sealed.add(
                new SealedRecord(
                        r.batchKey(),
                        r.partitionKey(),
                        r.explicitHashKey(),
                        key.open.toByteArray(),
                        key.open.frameCount()));
        key.open.reset();
        workReady.signalAll();
    }

    private final class KeyState {
        final Route route;
        final EnvelopeWriter open =
                new EnvelopeWriter(Math.min(config.maxRecordBytes(), 16 * 1024));
        final ArrayDeque<SealedRecord> sealed = new ArrayDeque<>();
        long firstFrameNanos;
        boolean inFlight;

        KeyState(Route route) {
            this.route = route;
        }
    }
}
