package io.marketpipe.ingest.config;

import io.marketpipe.ingest.book.DepthSnapshots;
import java.time.Duration;

/**
 * Bounds on what the forwarder waits for and holds.
 *
 * @param flushDeadline at shutdown, how long buffered frames may take to reach Kinesis; what is
 *     left is logged as a count (ECS stops a task 30 s after SIGTERM, so the default leaves room)
 * @param maxQueuedGaps gaps waiting for REST backfill; one more becomes a gap marker at once
 * @param maxGapTrades the most trade ids one gap is backfilled for; the rest of it becomes a gap
 *     marker
 * @param resumeLookback at start, how far back the raw stream is read for each Binance symbol's
 *     last trade id, so trades made while the forwarder was down are backfilled; zero = not at all
 * @param resumeDeadline how long that read may take before the feeds start anyway
 * @param publishStall {@code /health} fails once frames have waited this long with none taken by
 *     Kinesis, or once the publisher thread has been gone this long
 * @param depthSnapshotLimit levels a side of each REST depth snapshot ({@code limit}: 5, 10, 20,
 *     50, 100, 500, 1000 or 5000)
 * @param depthSnapshotRefresh how often every book's symbol is snapshotted again; zero = never
 */
public record ForwarderLimits(
        Duration flushDeadline,
        int maxQueuedGaps,
        long maxGapTrades,
        Duration resumeLookback,
        Duration resumeDeadline,
        Duration publishStall,
        int depthSnapshotLimit,
        Duration depthSnapshotRefresh) {

    public static final ForwarderLimits DEFAULTS =
            new ForwarderLimits(
                    Duration.ofSeconds(20),
                    10_000,
                    1_000_000,
                    Duration.ofHours(24),
                    Duration.ofSeconds(60),
                    Duration.ofMinutes(2),
                    DepthSnapshots.DEFAULT_LIMIT,
                    Duration.ofMinutes(10));

    public ForwarderLimits {
        if (depthSnapshotRefresh.isNegative()) {
            throw new IllegalArgumentException("binance.depth.snapshot-refresh-ms must be >= 0");
        }
        if (flushDeadline.isNegative()
                || resumeLookback.isNegative()
                || resumeDeadline.isNegative()
                || publishStall.isNegative()
                || publishStall.isZero()) {
            throw new IllegalArgumentException(
                    "forwarder limits must not be negative (and the stall bound > 0)");
        }
        if (!DepthSnapshots.LIMITS.contains(depthSnapshotLimit)) {
            throw new IllegalArgumentException(
                    "binance.depth.snapshot-limit must be one of "
                            + new java.util.TreeSet<>(DepthSnapshots.LIMITS)
                            + ", got "
                            + depthSnapshotLimit);
        }
        if (maxQueuedGaps < 1 || maxGapTrades < 1) {
            throw new IllegalArgumentException(
                    "backfill bounds must be at least 1, got queue "
                            + maxQueuedGaps
                            + " and gap "
                            + maxGapTrades);
        }
    }
}
