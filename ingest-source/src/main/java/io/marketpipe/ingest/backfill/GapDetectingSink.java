package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Passes every frame on, then watches live Binance trade ids per symbol and hands each gap to the
 * backfill. Frames are never held back or changed.
 */
public final class GapDetectingSink implements FrameSink {
    private static final String BINANCE_PREFIX = Venue.BINANCE.name() + ':';

    private final FrameSink delegate;
    private final GapTracker tracker = new GapTracker();
    private final BinanceRestBackfill backfill;
    private final ForwarderMetrics metrics;
    private final ThreadLocal<TradeIds> sbeIds = ThreadLocal.withInitial(TradeIds::new);

    /** Gaps found in one SBE frame, reported after its ids are read; reused per feed thread. */
    private final ThreadLocal<List<Gap>> sbeGaps = ThreadLocal.withInitial(ArrayList::new);

    public GapDetectingSink(
            FrameSink delegate, BinanceRestBackfill backfill, ForwarderMetrics metrics) {
        this.delegate = delegate;
        this.backfill = backfill;
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
        String symbol = partitionKey.substring(BINANCE_PREFIX.length());
        if (encoding == Encoding.JSON) {
            long id = TradeIds.jsonTradeId(payload);
            if (id >= 0) {
                report(tracker.observe(symbol, id));
            }
        } else if (encoding == Encoding.SBE) {
            List<Gap> gaps = sbeGaps.get();
            sbeIds.get()
                    .sbeTradeIds(
                            payload,
                            id -> {
                                Gap gap = tracker.observe(symbol, id);
                                if (gap != null) {
                                    gaps.add(gap);
                                }
                            });
            try {
                for (Gap gap : gaps) {
                    report(gap);
                }
            } finally {
                gaps.clear();
            }
        }
    }

    /**
     * Takes each symbol's last trade id from before a restart as its mark, so the first live trade
     * shows what was missed while the forwarder was down. Call before the feeds start.
     */
    public void resumeFrom(Map<String, Long> lastTradeIds) {
        lastTradeIds.forEach(tracker::seed);
    }

    private void report(Gap gap) throws InterruptedException {
        if (gap != null) {
            metrics.gaps.increment();
            backfill.request(gap);
        }
    }
}
