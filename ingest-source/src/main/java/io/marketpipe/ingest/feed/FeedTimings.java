package io.marketpipe.ingest.feed;

import java.time.Duration;

/**
 * Connection lifecycle timings.
 *
 * @param watchdog reconnect when no frame or ping arrived for this long
 * @param rotateAfter open a replacement after this long, before the venue's cut (Binance: 24 h)
 * @param handoverTimeout how long a replacement may take to deliver data on every stream it carries
 *     before the old connection is retired anyway (a stream with no trades in that time had nothing
 *     to lose)
 * @param closeTimeout how long closing waits for a close handshake before dropping the socket
 */
public record FeedTimings(
        Duration watchdog, Duration rotateAfter, Duration handoverTimeout, Duration closeTimeout) {
    public static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** 60 s watchdog (Binance pings every 20 s), rotation at 23 h 30 min. */
    public static final FeedTimings DEFAULTS =
            new FeedTimings(Duration.ofSeconds(60), Duration.ofMinutes(23 * 60 + 30));

    public FeedTimings {
        for (Duration d : new Duration[] {watchdog, rotateAfter, handoverTimeout, closeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("feed timings must be > 0, got " + d);
            }
        }
    }

    /** With the default handover and close timeouts. */
    public FeedTimings(Duration watchdog, Duration rotateAfter) {
        this(watchdog, rotateAfter, DEFAULT_HANDOVER_TIMEOUT, DEFAULT_CLOSE_TIMEOUT);
    }
}
