package io.marketpipe.ingest.feed;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.kinesis.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection per {@link FeedSpec} open: reconnects with capped, jittered backoff that
 * resets after a healthy minute.
 */
public final class ReconnectingFeeds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingFeeds.class);
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(60);

    private final List<Slot> slots = new ArrayList<>();
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "feed-scheduler");
                        t.setDaemon(true);
                        return t;
                    });
    private volatile boolean closed;

    public ReconnectingFeeds(
            List<FeedSpec> specs,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no feeds to connect to");
        }
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        specs.forEach(spec -> slots.add(new Slot(spec)));
    }

    public int connectionCount() {
        return slots.size();
    }

    public void start() {
        slots.forEach(Slot::connect);
    }

    /** Whether every connection is open. */
    public boolean allOpen() {
        return slots.stream().allMatch(s -> s.current != null && s.current.isOpen());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        scheduler.shutdownNow();
        for (Slot slot : slots) {
            FeedConnection c = slot.current;
            if (c != null) {
                c.closeBlocking();
            }
        }
    }

    /** One spec and its current connection. */
    private final class Slot {
        final FeedSpec spec;
        final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        volatile FeedConnection current;
        volatile long openedNanos;

        Slot(FeedSpec spec) {
            this.spec = spec;
        }

        void connect() {
            if (closed) {
                return;
            }
            FeedConnection c =
                    new FeedConnection(
                            spec,
                            connectionIds.incrementAndGet(),
                            sink,
                            metrics,
                            microsClock,
                            scheduler,
                            this::closed);
            current = c;
            openedNanos = System.nanoTime();
            c.connect();
        }

        void closed() {
            if (closed) {
                return;
            }
            if (System.nanoTime() - openedNanos > HEALTHY_AFTER.toNanos()) {
                backoff.reset();
            }
            long delay = backoff.nextDelayNanos();
            LOG.info("reconnecting {} in {} ms", spec, delay / 1_000_000);
            try {
                scheduler.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // closing: no reconnect
            }
        }
    }
}
