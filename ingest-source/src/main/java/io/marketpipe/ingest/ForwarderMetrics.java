package io.marketpipe.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The forwarder's counters; cheap to update from any thread. Each is declared once, with the names
 * it is exported under, so {@code /metrics} and the CloudWatch lines cannot miss one.
 */
public final class ForwarderMetrics {
    /**
     * One counter as it is exported.
     *
     * @param emf its CloudWatch embedded-metric name (the alarms in terraform use these)
     * @param prometheus its Prometheus name without {@code marketpipe_} and {@code _total}
     * @param help what it counts
     * @param adder the counter
     */
    public record Exported(String emf, String prometheus, String help, LongAdder adder) {}

    private final List<Exported> exported = new ArrayList<>();

    /** Every frame from the venues; Prometheus has it by feed ({@link #framesInByFeed}). */
    public final LongAdder framesIn = new LongAdder();

    public final Map<String, LongAdder> framesInByFeed = new ConcurrentHashMap<>();
    public final LongAdder framesOut =
            counter("frames_out", "frames_forwarded", "Frames acknowledged by Kinesis");
    public final LongAdder bytesIn =
            counter("bytes_in", "bytes_received", "Frame bytes received from venues");
    public final LongAdder recordsPut =
            counter("records_put", "kinesis_records", "Kinesis records written");

    /** PutRecords calls and their time: Prometheus has them as the summary kinesis_put_seconds. */
    public final LongAdder putCalls = new LongAdder();

    public final LongAdder putNanos = new LongAdder();
    public final LongAdder recordRetries =
            counter(
                    "record_retries",
                    "kinesis_record_retries",
                    "Records retried after a failed put");
    public final LongAdder throttled =
            counter("throttled", "kinesis_throttled", "Records refused for throughput");
    public final LongAdder backpressureWaits =
            counter(
                    "backpressure_waits",
                    "backpressure_waits",
                    "Times a feed waited for buffer space");

    /** Time feeds waited for buffer space: CloudWatch has it as backpressure_ms. */
    public final LongAdder backpressureNanos = new LongAdder();

    public final LongAdder oversizeFrames =
            counter(
                    "oversize_frames",
                    "oversize_frames",
                    "Messages too large for a Kinesis record, refused");
    public final LongAdder connects =
            counter("connects", "connects", "WebSocket connections opened");
    public final LongAdder disconnects =
            counter("disconnects", "disconnects", "WebSocket connections closed");
    public final LongAdder refused =
            counter(
                    "refused",
                    "refused",
                    "Handshakes and REST requests a venue refused for good (HTTP 451 or 403)");

    /**
     * The hosts that refused us for good, shared by the feeds and REST; {@code /health} reads it.
     */
    public final io.marketpipe.ingest.feed.Refusals refusals =
            new io.marketpipe.ingest.feed.Refusals();

    public final LongAdder reconnects =
            counter("reconnects", "reconnects", "Reconnects after a connection was lost");
    public final LongAdder rotations =
            counter("rotations", "rotations", "Connections replaced before the venue's cut");
    public final LongAdder handoverTimeouts =
            counter(
                    "rotation_handover_timeouts",
                    "rotation_handover_timeouts",
                    "Rotations whose handover waited its whole bound");
    public final LongAdder watchdogReconnects =
            counter(
                    "watchdog_reconnects",
                    "watchdog_reconnects",
                    "Silent connections the watchdog replaced");
    public final LongAdder attemptsDeferred =
            counter(
                    "attempts_deferred",
                    "connect_attempts_deferred",
                    "Connection attempts held back by the venue's attempt limit");
    public final LongAdder gaps = counter("gaps", "gaps", "Trade-id gaps detected");
    public final LongAdder backfilledTrades =
            counter("backfilled_trades", "backfilled_trades", "Trades recovered over REST");
    public final LongAdder unrecoverableGaps =
            counter(
                    "unrecoverable_gaps",
                    "unrecoverable_gaps",
                    "Gap ranges recorded as unrecoverable");
    public final LongAdder restRequests =
            counter("rest_requests", "rest_requests", "REST requests sent");
    public final LongAdder restRateLimited =
            counter("rest_rate_limited", "rest_rate_limited", "REST answers 429 or 418");
    public final LongAdder restWeightWaits =
            counter(
                    "rest_weight_waits",
                    "rest_weight_waits",
                    "REST requests held back to stay within the weight budget per minute");
    public final LongAdder depthSnapshots =
            counter(
                    "depth_snapshots",
                    "depth_snapshots",
                    "REST depth snapshots forwarded for the job's books");
    public final LongAdder depthSnapshotFailures =
            counter(
                    "depth_snapshot_failures",
                    "depth_snapshot_failures",
                    "REST depth snapshots REST would not give (retried)");
    public final LongAdder depthGaps =
            counter(
                    "depth_gaps",
                    "depth_gaps",
                    "Depth diffs whose first update id skipped past the last one seen");

    /** Symbols waiting for a depth snapshot (queued or being fetched). */
    public final AtomicLong depthSnapshotsWaiting = new AtomicLong();

    public final LongAdder publisherRestarts =
            counter(
                    "publisher_restarts",
                    "publisher_restarts",
                    "Kinesis publisher threads restarted after dying");
    public final LongAdder unflushedFrames =
            counter(
                    "unflushed_frames",
                    "unflushed_frames",
                    "Frames not acknowledged by Kinesis within the shutdown flush deadline");
    public final AtomicLong bufferedBytes = new AtomicLong();

    private LongAdder counter(String emf, String prometheus, String help) {
        LongAdder adder = new LongAdder();
        exported.add(new Exported(emf, prometheus, help, adder));
        return adder;
    }

    /** Every plain counter, in declaration order (the others are exported by their own shape). */
    public List<Exported> exported() {
        return Collections.unmodifiableList(exported);
    }

    /** The counter of frames received on {@code feed}. */
    public LongAdder framesIn(String feed) {
        return framesInByFeed.computeIfAbsent(feed, f -> new LongAdder());
    }
}
