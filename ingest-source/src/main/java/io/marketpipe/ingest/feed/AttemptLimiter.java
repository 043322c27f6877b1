package io.marketpipe.ingest.feed;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * At most {@code maxAttempts} connection attempts in any {@code windowNanos} (Binance: 300 per 5
 * minutes per IP), shared by every connection of the process.
 */
public final class AttemptLimiter {
    private final int maxAttempts;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> attempts = new ArrayDeque<>();

    public AttemptLimiter(int maxAttempts, long windowNanos, LongSupplier nanoClock) {
        this.maxAttempts = maxAttempts;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    /** Records an attempt now and returns 0, or returns how long to wait before asking again. */
    public synchronized long tryAcquire() {
        long now = nanoClock.getAsLong();
        while (!attempts.isEmpty() && now - attempts.peekFirst() >= windowNanos) {
            attempts.pollFirst();
        }
        if (attempts.size() < maxAttempts) {
            attempts.addLast(now);
            return 0;
        }
        return attempts.peekFirst() + windowNanos - now;
    }
}
