package io.marketpipe.ingest.book;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.backfill.BinanceRest;
import io.marketpipe.ingest.backfill.RestWeights;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes REST depth snapshots ({@code GET /api/v3/depth?symbol=S&limit=L}) on one worker thread and
 * forwards each into the raw stream as a SNAPSHOT frame of its own, {@code {"symbol":S,"limit":L,
 * "snapshot":<the body as Binance returned it>}}, received when it was taken: the job, a replay and
 * a {@code --record} capture see exactly what the live job saw. A symbol asked for while it waits
 * is asked for once. Every request spends from the REST weight budget the backfill shares ({@link
 * RestWeights}: limit 1000 weighs 50, 5000 weighs 250), so a resync storm over many symbols is
 * paced, and {@code depth_snapshots_waiting} shows what waits. A snapshot REST refuses is asked for
 * again after {@link #RETRY_MILLIS}; every symbol is snapshotted again every refresh interval.
 */
public final class DepthSnapshots implements AutoCloseable {
    public static final int DEFAULT_LIMIT = 1000;

    /** The limits Binance's depth endpoint accepts. */
    public static final Set<Integer> LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000, 5000);

    static final long RETRY_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(DepthSnapshots.class);

    private final BinanceRest rest;
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final int limit;
    private final long refreshNanos;
    private final Set<String> waiting = new LinkedHashSet<>();

    /** Every symbol asked for so far: what a refresh snapshots again. */
    private final Set<String> known = new LinkedHashSet<>();

    private long nextRefreshNanos;
    private final AtomicLong sequence = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param refresh how often every symbol is snapshotted again, so that a book the job took out
     *     of sync for what the forwarder cannot see (crossed, a contradicting top 20, a side run
     *     out of known levels) comes back within it; zero = never
     */
    public DepthSnapshots(
            URI base,
            RestWeights weights,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            int limit,
            java.time.Duration refresh) {
        this(new BinanceRest(base, metrics, weights), sink, metrics, microsClock, limit, refresh);
    }

    DepthSnapshots(
            BinanceRest rest,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            int limit,
            java.time.Duration refresh) {
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("a depth snapshot refresh of at least 0");
        }
        this.refreshNanos = refresh.toNanos();
        this.nextRefreshNanos = System.nanoTime() + refreshNanos;
        if (!LIMITS.contains(limit)) {
            throw new IllegalArgumentException(
                    "depth snapshot limit " + limit + " is not one of " + LIMITS);
        }
        this.rest = rest;
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.limit = limit;
        this.worker = new Thread(this::run, "binance-depth-snapshots");
        this.worker.setDaemon(true);
    }

    public DepthSnapshots start() {
        worker.start();
        return this;
    }

    /** Asks for a snapshot of {@code symbol}; a no-op while one is already waiting. */
    public void request(String symbol) {
        synchronized (waiting) {
            known.add(symbol);
            if (waiting.add(symbol)) {
                metrics.depthSnapshotsWaiting.incrementAndGet();
                waiting.notifyAll();
            }
        }
    }

    /** No snapshot waiting or being taken. */
    public boolean idle() {
        return metrics.depthSnapshotsWaiting.get() == 0;
    }

    private String next() throws InterruptedException {
        synchronized (waiting) {
            while (waiting.isEmpty()) {
                waiting.wait(100);
                if (!running) {
                    return null;
                }
                if (refreshNanos > 0 && System.nanoTime() - nextRefreshNanos >= 0) {
                    nextRefreshNanos = System.nanoTime() + refreshNanos;
                    for (String symbol : known) {
                        if (waiting.add(symbol)) {
                            metrics.depthSnapshotsWaiting.incrementAndGet();
                        }
                    }
                }
            }
            // the symbol stays counted as waiting until it is forwarded; a request meanwhile is
            // a new one, since the snapshot taken now may be older than what it needs
            String symbol = waiting.iterator().next();
            waiting.remove(symbol);
            return symbol;
        }
    }

    private void run() {
        while (running) {
            String symbol;
            try {
                symbol = next();
            } catch (InterruptedException e) {
                return;
            }
            if (symbol == null) {
                return;
            }
            try {
                take(symbol);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                metrics.depthSnapshotsWaiting.decrementAndGet();
            }
        }
    }

    private void take(String symbol) throws InterruptedException {
        byte[] body;
        try {
            body = rest.get(path(symbol), RestWeights.depthWeight(limit));
        } catch (BinanceRest.Refused | RuntimeException e) {
            metrics.depthSnapshotFailures.increment();
            LOG.warn(
                    "depth snapshot of {} not taken ({}): asking again in {} ms",
                    symbol,
                    e.getMessage(),
                    RETRY_MILLIS);
            Thread.sleep(RETRY_MILLIS);
            request(symbol);
            return;
        }
        long taken = microsClock.getAsLong();
        sink.accept(
                Venue.BINANCE.name() + ':' + symbol,
                Venue.BINANCE,
                Encoding.JSON,
                Origin.SNAPSHOT,
                0,
                sequence.incrementAndGet(),
                taken,
                wrap(symbol, limit, body));
        metrics.depthSnapshots.increment();
    }

    private String path(String symbol) {
        return "/api/v3/depth?symbol="
                + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&limit="
                + limit;
    }

    /**
     * {@code {"symbol":S,"limit":L,"snapshot":BODY}}, the body byte-exact: the limit tells the job
     * that a side of fewer levels is the whole side.
     */
    static byte[] wrap(String symbol, int limit, byte[] body) {
        byte[] head =
                ("{\"symbol\":\"" + symbol + "\",\"limit\":" + limit + ",\"snapshot\":")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        out[out.length - 1] = '}';
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(5_000);
    }
}
