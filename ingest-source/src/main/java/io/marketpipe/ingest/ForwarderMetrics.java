package io.marketpipe.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The forwarder's counters; cheap to update from any thread. */
public final class ForwarderMetrics {
    public final LongAdder framesIn = new LongAdder();
    public final Map<String, LongAdder> framesInByFeed = new ConcurrentHashMap<>();
    public final LongAdder framesOut = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder recordsPut = new LongAdder();
    public final LongAdder putCalls = new LongAdder();
    public final LongAdder putNanos = new LongAdder();
    public final LongAdder recordRetries = new LongAdder();
    public final LongAdder throttled = new LongAdder();
    public final LongAdder backpressureWaits = new LongAdder();
    public final LongAdder backpressureNanos = new LongAdder();
    public final LongAdder oversizeFrames = new LongAdder();
    public final LongAdder connects = new LongAdder();
    public final LongAdder disconnects = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
    public final LongAdder rotations = new LongAdder();
    public final LongAdder handoverTimeouts = new LongAdder();
    public final LongAdder watchdogReconnects = new LongAdder();
    public final LongAdder attemptsDeferred = new LongAdder();
    public final LongAdder gaps = new LongAdder();
    public final LongAdder backfilledTrades = new LongAdder();
    public final LongAdder unrecoverableGaps = new LongAdder();
    public final LongAdder restRequests = new LongAdder();
    public final LongAdder restRateLimited = new LongAdder();
    public final LongAdder publisherRestarts = new LongAdder();
    public final LongAdder unflushedFrames = new LongAdder();
    public final AtomicLong bufferedBytes = new AtomicLong();

    /** The counter of frames received on {@code feed}. */
    public LongAdder framesIn(String feed) {
        return framesInByFeed.computeIfAbsent(feed, f -> new LongAdder());
    }
}
