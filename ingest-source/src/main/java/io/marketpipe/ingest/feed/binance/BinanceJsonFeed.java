package io.marketpipe.ingest.feed.binance;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.kinesis.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot JSON combined streams for many symbols: at most {@value #MAX_STREAMS_PER_CONNECTION}
 * streams per connection, each connection reconnecting with capped, jittered backoff.
 */
public final class BinanceJsonFeed implements AutoCloseable {
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BinanceJsonFeed.class);

    private final List<Slot> slots = new ArrayList<>();
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "binance-json-reconnect");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicLong connectionIds;
    private volatile boolean closed;

    /**
     * @param baseUrl e.g. {@code wss://data-stream.binance.vision} or the simulator's URL
     * @param streams stream names such as {@code btcusdt@trade}
     */
    public BinanceJsonFeed(
            String baseUrl,
            List<String> streams,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            AtomicLong connectionIds) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams to subscribe to");
        }
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.connectionIds = connectionIds;
        for (int from = 0; from < streams.size(); from += MAX_STREAMS_PER_CONNECTION) {
            List<String> chunk =
                    streams.subList(
                            from, Math.min(streams.size(), from + MAX_STREAMS_PER_CONNECTION));
            slots.add(
                    new Slot(
                            URI.create(
                                    trimSlash(baseUrl)
                                            + "/stream?streams="
                                            + String.join("/", chunk))));
        }
    }

    /** Trade streams for symbols: {@code btcusdt@trade}, ... */
    public static List<String> tradeStreams(List<String> symbols) {
        List<String> streams = new ArrayList<>();
        symbols.forEach(s -> streams.add(s.toLowerCase(Locale.ROOT) + "@trade"));
        return streams;
    }

    public int connectionCount() {
        return slots.size();
    }

    public void start() {
        slots.forEach(Slot::connect);
    }

    /** Whether every connection is open. */
    public boolean allOpen() {
        return slots.stream().allMatch(s -> s.current != null && s.current.isOpen());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        scheduler.shutdownNow();
        for (Slot slot : slots) {
            BinanceJsonConnection c = slot.current;
            if (c != null) {
                c.closeBlocking();
            }
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** One stream group and its current connection. */
    private final class Slot {
        private static final Duration HEALTHY_AFTER = Duration.ofSeconds(60);
        final URI uri;
        final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        volatile BinanceJsonConnection current;
        volatile long openedNanos;

        Slot(URI uri) {
            this.uri = uri;
        }

        void connect() {
            if (closed) {
                return;
            }
            BinanceJsonConnection c =
                    new BinanceJsonConnection(
                            uri,
                            connectionIds.incrementAndGet(),
                            sink,
                            metrics,
                            microsClock,
                            this::closed);
            current = c;
            openedNanos = System.nanoTime();
            c.connect();
        }

        void closed() {
            if (closed) {
                return;
            }
            if (System.nanoTime() - openedNanos > HEALTHY_AFTER.toNanos()) {
                backoff.reset();
            }
            long delay = backoff.nextDelayNanos();
            LOG.info(
                    "reconnecting to {} in {} ms",
                    uri.getHost() + ":" + uri.getPort(),
                    delay / 1_000_000);
            scheduler.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
        }
    }
}
