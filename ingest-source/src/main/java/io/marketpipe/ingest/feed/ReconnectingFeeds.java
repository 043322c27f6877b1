package io.marketpipe.ingest.feed;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.kinesis.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection per {@link FeedSpec} open. Reconnects with capped, jittered backoff that
 * resets after 10 s open, never more than 300 attempts in 5 minutes in all; a watchdog reconnects a
 * connection that has gone quiet; before the venue's 24 h cut, and at once on {@code
 * serverShutdown}, a replacement is opened and the old connection retires only once the replacement
 * has delivered data on every stream it carries (the overlap's duplicates are the job's to drop).
 */
public final class ReconnectingFeeds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingFeeds.class);

    /** A connection that stayed open this long resets the backoff. */
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);

    private static final int MAX_ATTEMPTS = 300;
    private static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(5);

    private final List<Slot> slots = new ArrayList<>();
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final FeedTimings timings;
    private final AttemptLimiter attempts =
            new AttemptLimiter(MAX_ATTEMPTS, ATTEMPT_WINDOW.toNanos(), System::nanoTime);
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
            LongSupplier microsClock,
            FeedTimings timings) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no feeds to connect to");
        }
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.timings = timings;
        specs.forEach(spec -> slots.add(new Slot(spec)));
    }

    public int connectionCount() {
        return slots.size();
    }

    public void start() {
        slots.forEach(Slot::connect);
        long check = Math.max(timings.watchdog().toMillis() / 4, 50);
        scheduler.scheduleWithFixedDelay(this::watchdog, check, check, TimeUnit.MILLISECONDS);
    }

    /** Whether every connection is open. */
    public boolean allOpen() {
        return slots.stream().allMatch(s -> s.current != null && s.current.isOpen());
    }

    /**
     * Closes every connection, each given {@link FeedTimings#closeTimeout()} for its close
     * handshake, so a peer that never answers cannot hang a shutdown.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        scheduler.shutdownNow();
        for (Slot slot : slots) {
            for (FeedConnection c : new FeedConnection[] {slot.current, slot.replacement}) {
                if (c != null) {
                    c.closeWithin(timings.closeTimeout());
                }
            }
        }
    }

    private void watchdog() {
        long now = System.nanoTime();
        for (Slot slot : slots) {
            FeedConnection c = slot.current;
            if (c != null
                    && c.isOpen()
                    && now - c.lastFrameNanos() > timings.watchdog().toNanos()) {
                LOG.warn(
                        "connection {} ({}) silent for over {} ms: reconnecting",
                        c.connectionId(),
                        slot.spec,
                        timings.watchdog().toMillis());
                metrics.watchdogReconnects.increment();
                c.close();
            }
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // closing: nothing more to do
        }
    }

    /**
     * One spec, its current connection and, while rotating, its replacement. The replacement takes
     * over once it has delivered data on every stream of the spec (or after {@link
     * FeedTimings#handoverTimeout()}), so a stream subscribed after the handshake loses nothing;
     * the old connection retires once it has caught up with the replacement ({@link Overlap}), so
     * nothing it was sent before the replacement's streams began is dropped unread.
     */
    private final class Slot {
        final FeedSpec spec;
        final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        volatile FeedConnection current;
        volatile FeedConnection replacement;
        volatile long openedNanos;

        Slot(FeedSpec spec) {
            this.spec = spec;
        }

        void connect() {
            if (closed) {
                return;
            }
            long wait = attempts.tryAcquire();
            if (wait > 0) {
                metrics.attemptsDeferred.increment();
                schedule(this::connect, wait);
                return;
            }
            FeedConnection c = open();
            current = c;
            openedNanos = System.nanoTime();
            c.connect();
        }

        private FeedConnection open() {
            FeedConnection[] self = new FeedConnection[1];
            self[0] =
                    new FeedConnection(
                            spec,
                            connectionIds.incrementAndGet(),
                            sink,
                            metrics,
                            microsClock,
                            scheduler,
                            () -> opened(self[0]),
                            () -> closed(self[0]),
                            () -> rotate("serverShutdown"));
            return self[0];
        }

        void opened(FeedConnection c) {
            schedule(() -> ageCheck(c), timings.rotateAfter().toNanos());
            if (c == replacement) {
                schedule(() -> handover(c, "timeout"), timings.handoverTimeout().toNanos());
            }
        }

        /** The venue cuts a connection at an age: replace it first. */
        void ageCheck(FeedConnection c) {
            if (c == replacement) {
                // still proving itself: it will be current (or gone) within the handover bound
                schedule(() -> ageCheck(c), timings.handoverTimeout().toNanos());
            } else if (c == current && c.isOpen()) {
                rotate("age");
            }
        }

        /** Opens a replacement; the current connection retires once the replacement delivers. */
        void rotate(String why) {
            if (closed) {
                return;
            }
            long wait = attempts.tryAcquire();
            if (wait > 0) {
                metrics.attemptsDeferred.increment();
                schedule(() -> rotate(why), wait);
                return;
            }
            FeedConnection next;
            synchronized (this) {
                if (replacement != null) {
                    return;
                }
                next = open();
                next.awaitEveryStream(() -> handover(next, "delivered"));
                replacement = next;
            }
            LOG.info(
                    "rotating {} ({}): opening connection {} alongside {}",
                    spec,
                    why,
                    next.connectionId(),
                    current == null ? "none" : current.connectionId());
            next.connect();
        }

        /** The replacement becomes current and the old connection retires. */
        void handover(FeedConnection next, String why) {
            FeedConnection old;
            synchronized (this) {
                if (next != replacement || closed || !next.isOpen()) {
                    return;
                }
                old = current;
                current = next;
                replacement = null;
                openedNanos = next.openedNanos();
            }
            metrics.rotations.increment();
            if ("timeout".equals(why)) {
                metrics.handoverTimeouts.increment();
            }
            LOG.info(
                    "connection {} takes over {} ({}); retiring {}",
                    next.connectionId(),
                    spec,
                    why,
                    old == null ? "none" : old.connectionId());
            if (old == null) {
                return;
            }
            if (!"delivered".equals(why) || !old.isOpen()) {
                old.retire();
                return;
            }
            // the old one stays until it has caught up with the replacement, within the bound
            Overlap overlap =
                    new Overlap(
                            caughtUp -> {
                                if (caughtUp) {
                                    LOG.info(
                                            "connection {} caught up with {}: retiring it",
                                            old.connectionId(),
                                            next.connectionId());
                                }
                                old.retire();
                            });
            old.joinOverlap(overlap, true);
            next.joinOverlap(overlap, false);
            schedule(
                    () -> {
                        if (!overlap.done()) {
                            metrics.handoverTimeouts.increment();
                            LOG.warn(
                                    "connection {} did not catch up with {} within {} ms: retiring"
                                            + " it anyway",
                                    old.connectionId(),
                                    next.connectionId(),
                                    timings.handoverTimeout().toMillis());
                            overlap.end();
                        }
                    },
                    timings.handoverTimeout().toNanos());
        }

        void closed(FeedConnection c) {
            if (closed || c.retired()) {
                return;
            }
            if (c.refusal().isPresent()) {
                // refused for good (logged once), a replacement too: asking again, to reconnect or
                // to rotate, would only be refused; the current connection, if any, carries on
                synchronized (this) {
                    if (c == replacement) {
                        replacement = null;
                    }
                }
                return;
            }
            FeedConnection successor;
            synchronized (this) {
                if (c == replacement) {
                    replacement = null; // failed before it took over; the current one carries on
                    long delay = backoff.nextDelayNanos();
                    LOG.info(
                            "replacement for {} failed: rotating again in {} ms",
                            spec,
                            delay / 1_000_000);
                    schedule(() -> rotate("retry"), delay);
                    return;
                }
                if (c != current) {
                    return;
                }
                successor = replacement;
            }
            if (successor != null && successor.isOpen()) {
                // the old one went first: its replacement is up, so take over now, no reconnect
                handover(successor, "predecessor closed");
                return;
            }
            if (System.nanoTime() - openedNanos > HEALTHY_AFTER.toNanos()) {
                backoff.reset();
            }
            long delay = backoff.nextDelayNanos();
            metrics.reconnects.increment();
            LOG.info("reconnecting {} in {} ms", spec, delay / 1_000_000);
            schedule(this::connect, delay);
        }
    }
}
