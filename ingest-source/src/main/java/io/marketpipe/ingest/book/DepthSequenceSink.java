package io.marketpipe.ingest.book;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Passes every frame on, then watches each Binance symbol's depth diffs and asks for a REST
 * snapshot whenever the job's book will need one: at the symbol's first diff, at the first diff of
 * every new connection (a reconnect or a rotation, after which nothing missed is replayed), and
 * when a diff's first update id skips past the last one seen (a gap). The forwarder sees every
 * frame, so it re-snapshots without the job asking. Frames are never held back or changed.
 */
public final class DepthSequenceSink implements FrameSink {
    private static final String BINANCE_PREFIX = Venue.BINANCE.name() + ':';

    private final FrameSink delegate;
    private final Consumer<String> snapshots;
    private final ForwarderMetrics metrics;
    private final ThreadLocal<DepthIds> sbeIds = ThreadLocal.withInitial(DepthIds::new);
    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

    /** The last diff of a symbol: on which connection, up to which id. */
    private static final class Seen {
        long connectionId;
        long lastId;
    }

    /**
     * @param snapshots asks for a snapshot of a symbol ({@link DepthSnapshots#request})
     */
    public DepthSequenceSink(
            FrameSink delegate, Consumer<String> snapshots, ForwarderMetrics metrics) {
        this.delegate = delegate;
        this.snapshots = snapshots;
        this.metrics = metrics;
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
        delegate.accept(
                partitionKey,
                venue,
                encoding,
                origin,
                connectionId,
                sequence,
                receivedMicros,
                payload);
        if (venue != Venue.BINANCE
                || origin != Origin.LIVE
                || !partitionKey.startsWith(BINANCE_PREFIX)) {
            return;
        }
        long[] ids =
                encoding == Encoding.JSON
                        ? DepthIds.json(payload)
                        : encoding == Encoding.SBE ? sbeIds.get().sbe(payload) : null;
        if (ids == null) {
            return;
        }
        String symbol = partitionKey.substring(BINANCE_PREFIX.length());
        if (needsSnapshot(symbol, connectionId, ids[0], ids[1])) {
            snapshots.accept(symbol);
        }
    }

    /** Whether this diff means the symbol's book needs a new snapshot; records it. */
    boolean needsSnapshot(String symbol, long connectionId, long first, long last) {
        Seen s = seen.computeIfAbsent(symbol, k -> new Seen());
        synchronized (s) {
            boolean fresh = s.connectionId == 0;
            // while a rotation overlaps two connections, each sends the diffs: only a later
            // connection than any seen restarts the book, and ids already seen are no gap
            boolean newConnection = !fresh && connectionId > s.connectionId;
            boolean gap = !fresh && first > s.lastId + 1;
            if (connectionId >= s.connectionId) {
                s.connectionId = connectionId;
            }
            s.lastId = Math.max(s.lastId, last);
            if (gap) {
                metrics.depthGaps.increment();
            }
            return fresh || newConnection || gap;
        }
    }
}
