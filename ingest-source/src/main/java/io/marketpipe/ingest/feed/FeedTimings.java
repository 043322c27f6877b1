package io.marketpipe.ingest.feed;

import java.time.Duration;

/**
 * Connection lifecycle timings.
 *
 * @param watchdog reconnect when no frame or ping arrived for this long
 * @param rotateAfter open a replacement after this long, before the venue's cut (Binance: 24 h)
 */
public record FeedTimings(Duration watchdog, Duration rotateAfter) {
    /** 60 s watchdog (Binance pings every 20 s), rotation at 23 h 30 min. */
    public static final FeedTimings DEFAULTS =
            new FeedTimings(Duration.ofSeconds(60), Duration.ofMinutes(23 * 60 + 30));

    public FeedTimings {
        if (watchdog.isNegative()
                || watchdog.isZero()
                || rotateAfter.isNegative()
                || rotateAfter.isZero()) {
            throw new IllegalArgumentException("watchdog and rotateAfter must be > 0");
        }
    }
}
