package io.marketpipe.ingest.kinesis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with full jitter; reset after a success. */
public final class Backoff {
    private final long baseNanos;
    private final long capNanos;
    private int attempt;

    public Backoff(Duration base, Duration cap) {
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    /** The next delay: uniform in [0, min(cap, base * 2^attempt)]. */
    public long nextDelayNanos() {
        long ceiling = attempt >= 30 ? capNanos : Math.min(capNanos, baseNanos << attempt);
        attempt++;
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
