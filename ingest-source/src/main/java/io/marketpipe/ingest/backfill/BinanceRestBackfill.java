package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills trade-id gaps from Binance REST {@code GET /api/v3/historicalTrades?symbol=&fromId=&limit=}
 * on one worker thread, through {@link BinanceRest} (rate limits, retries and bounds). Responses
 * are forwarded byte-exact inside a small JSON wrapper as BACKFILL frames: {@code
 * {"backfill":"historicalTrades","symbol":..,"fromId":..,"toId":..,"trades":<body>}}. The queue of
 * gaps and the size of one gap are bounded. What REST cannot return becomes a GAP_MARKER frame,
 * {@code {"gap":"unrecoverable","symbol":..,"fromId":..,"toId":..,"reason":..}}: recorded, never a
 * crash.
 */
public final class BinanceRestBackfill implements AutoCloseable {
    public static final int MAX_LIMIT = 1000;

    /** The weight of one {@code historicalTrades} call of up to {@link #MAX_LIMIT} trades. */
    static final int HISTORICAL_TRADES_WEIGHT = 25;

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRestBackfill.class);
    private static final String STOPPED = "forwarder stopped before backfilling";

    private final BinanceRest rest;
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final long maxGapTrades;
    private final BlockingQueue<Gap> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /** The gap being filled and the first id of it not yet forwarded; null between gaps. */
    private volatile Gap current;

    private volatile long currentNext;

    /**
     * @param maxQueuedGaps gaps that may wait; one more is a gap marker at once
     * @param maxGapTrades the most ids of one gap that are fetched; the rest is a gap marker
     */
    public BinanceRestBackfill(
            URI base,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            int maxQueuedGaps,
            long maxGapTrades) {
        this(
                base,
                sink,
                metrics,
                microsClock,
                maxQueuedGaps,
                maxGapTrades,
                new RestWeights(metrics));
    }

    /** Spending from {@code weights}, the budget it shares with the depth snapshots. */
    public BinanceRestBackfill(
            URI base,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            int maxQueuedGaps,
            long maxGapTrades,
            RestWeights weights) {
        this(
                new BinanceRest(base, metrics, weights),
                sink,
                metrics,
                microsClock,
                maxQueuedGaps,
                maxGapTrades);
    }

    BinanceRestBackfill(
            BinanceRest rest,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            int maxQueuedGaps,
            long maxGapTrades) {
        this.rest = rest;
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.maxGapTrades = maxGapTrades;
        this.queue = new ArrayBlockingQueue<>(maxQueuedGaps);
        this.worker = new Thread(this::run, "binance-backfill");
        this.worker.setDaemon(true);
    }

    public BinanceRestBackfill start() {
        worker.start();
        return this;
    }

    /**
     * Queues {@code gap} for filling. A gap over the size bound is filled from its start up to the
     * bound, the rest is reported as a gap marker; a gap that finds the queue full is reported as a
     * gap marker at once, on the caller's thread. Nothing is dropped unreported.
     */
    public void request(Gap gap) throws InterruptedException {
        if (gap.toId() - gap.fromId() + 1 > maxGapTrades) {
            long cut = gap.fromId() + maxGapTrades;
            marker(
                    gap.symbol(),
                    cut,
                    gap.toId(),
                    "gap larger than " + maxGapTrades + " trades (backfill.max-gap-trades)");
            gap = new Gap(gap.symbol(), gap.fromId(), cut - 1);
        }
        inFlight.incrementAndGet();
        if (!queue.offer(gap)) {
            inFlight.decrementAndGet();
            marker(
                    gap.symbol(),
                    gap.fromId(),
                    gap.toId(),
                    "backfill queue full (backfill.max-queued-gaps)");
        }
    }

    /** No gap waiting or being filled. */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    private void run() {
        while (running) {
            Gap gap;
            try {
                gap = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (gap == null) {
                continue;
            }
            try {
                try {
                    fill(gap);
                } catch (RuntimeException e) {
                    LOG.error("backfill of {} failed", gap, e);
                    marker(
                            gap.symbol(),
                            gap.fromId(),
                            gap.toId(),
                            "backfill failed: " + e.getClass().getSimpleName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void fill(Gap gap) throws InterruptedException {
        currentNext = gap.fromId();
        current = gap;
        boolean handled = false;
        try {
            handled = fillFrom(gap);
        } finally {
            if (handled || running) {
                current = null; // else close() reports what is left of it
            }
        }
    }

    /** Returns false when stopped before every id of the gap was forwarded or reported. */
    private boolean fillFrom(Gap gap) throws InterruptedException {
        long next = gap.fromId();
        while (next <= gap.toId()) {
            if (!running) {
                return false;
            }
            int limit = (int) Math.min(MAX_LIMIT, gap.toId() - next + 1);
            byte[] body;
            try {
                body = rest.get(path(gap.symbol(), next, limit), HISTORICAL_TRADES_WEIGHT);
            } catch (BinanceRest.Refused e) {
                marker(gap.symbol(), next, gap.toId(), e.getMessage());
                return true;
            }
            long[] range = idRange(body, gap.toId());
            if (range[0] < 0) {
                marker(gap.symbol(), next, gap.toId(), "REST has no trades from id " + next);
                return true;
            }
            if (range[0] > next) {
                marker(
                        gap.symbol(),
                        next,
                        Math.min(range[0] - 1, gap.toId()),
                        "REST history starts at id " + range[0]);
            }
            forward(gap.symbol(), Origin.BACKFILL, wrap(gap.symbol(), next, gap.toId(), body));
            metrics.backfilledTrades.add(range[2]);
            if (range[1] < next) {
                return true;
            }
            next = range[1] + 1;
            currentNext = next;
        }
        return true;
    }

    private static String path(String symbol, long fromId, int limit) {
        return "/api/v3/historicalTrades?symbol="
                + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&fromId="
                + fromId
                + "&limit="
                + limit;
    }

    /** {first id, last id, trades with id <= toId}; first is -1 for an empty answer. */
    static long[] idRange(byte[] body, long toId) {
        Matcher m = ID.matcher(new String(body, StandardCharsets.US_ASCII));
        long first = -1;
        long last = -1;
        long within = 0;
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            if (first < 0) {
                first = id;
            }
            last = Math.max(last, id);
            if (id <= toId) {
                within++;
            }
        }
        return new long[] {first, last, within};
    }

    private static byte[] wrap(String symbol, long fromId, long toId, byte[] body) {
        byte[] head =
                ("{\"backfill\":\"historicalTrades\",\"symbol\":\""
                                + symbol
                                + "\",\"fromId\":"
                                + fromId
                                + ",\"toId\":"
                                + toId
                                + ",\"trades\":")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        out[out.length - 1] = '}';
        return out;
    }

    private void marker(String symbol, long fromId, long toId, String reason)
            throws InterruptedException {
        metrics.unrecoverableGaps.increment();
        LOG.warn("unrecoverable gap {} ids {}..{}: {}", symbol, fromId, toId, reason);
        String json =
                "{\"gap\":\"unrecoverable\",\"symbol\":\""
                        + symbol
                        + "\",\"fromId\":"
                        + fromId
                        + ",\"toId\":"
                        + toId
                        + ",\"reason\":\""
                        + reason.replace("\"", "'")
                        + "\"}";
        forward(symbol, Origin.GAP_MARKER, json.getBytes(StandardCharsets.UTF_8));
    }

    private void forward(String symbol, Origin origin, byte[] payload) throws InterruptedException {
        sink.accept(
                Venue.BINANCE.name() + ':' + symbol,
                Venue.BINANCE,
                Encoding.JSON,
                origin,
                0,
                sequence.incrementAndGet(),
                microsClock.getAsLong(),
                payload);
    }

    /**
     * Lets the queued gaps be filled for up to {@code within}, then stops; every id still not
     * fetched is reported in a gap marker (reason {@code forwarder stopped before backfilling}), so
     * a shutdown loses nothing unreported.
     */
    public void finish(java.time.Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!idle() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(5_000);
        if (worker.isAlive()) {
            LOG.error("the backfill worker did not stop; its current gap is not reported");
            return;
        }
        Gap unfinished = current;
        if (unfinished != null && currentNext <= unfinished.toId()) {
            marker(unfinished.symbol(), currentNext, unfinished.toId(), STOPPED);
        }
        for (Gap gap = queue.poll(); gap != null; gap = queue.poll()) {
            marker(gap.symbol(), gap.fromId(), gap.toId(), STOPPED);
        }
    }
}
