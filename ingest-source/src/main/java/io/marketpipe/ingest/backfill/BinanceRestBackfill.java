package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.kinesis.Backoff;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills trade-id gaps from Binance REST {@code GET /api/v3/historicalTrades?symbol=&fromId=&limit=}
 * on one worker thread. Responses are forwarded byte-exact inside a small JSON wrapper as BACKFILL
 * frames: {@code
 * {"backfill":"historicalTrades","symbol":..,"fromId":..,"toId":..,"trades":<body>}}. Honours 429
 * and 418 with {@code Retry-After}, and slows down when {@code X-MBX-USED-WEIGHT-1M} nears the
 * limit. What REST cannot return becomes a GAP_MARKER frame, {@code
 * {"gap":"unrecoverable","symbol":..,"fromId":..,"toId":..,"reason":..}}: recorded, never a crash.
 */
public final class BinanceRestBackfill implements AutoCloseable {
    public static final int MAX_LIMIT = 1000;
    static final int WEIGHT_LIMIT_PER_MINUTE = 6000;
    static final int WEIGHT_HEADROOM = 500;
    private static final int MAX_ATTEMPTS = 8;

    /** The longest Retry-After honoured: a larger (or absurd) one is cut to this. */
    static final long MAX_RETRY_AFTER_MILLIS = 10 * 60_000L;

    /** The largest response body read: a page of 1,000 trades is about 130 KB. */
    static final int MAX_BODY_BYTES = 8 << 20;

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRestBackfill.class);

    private final URI base;
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final Waits waits;
    private final LongSupplier wallMillis;
    private final HttpClient http;
    private final BlockingQueue<Gap> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread worker;
    private long sequence;
    private volatile boolean running = true;

    public BinanceRestBackfill(
            URI base, FrameSink sink, ForwarderMetrics metrics, LongSupplier microsClock) {
        this(base, sink, metrics, microsClock, Thread::sleep, System::currentTimeMillis);
    }

    /** With the rate-limit waits and the wall clock they count minutes by, for tests. */
    BinanceRestBackfill(
            URI base,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            Waits waits,
            LongSupplier wallMillis) {
        this.base = base;
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.waits = waits;
        this.wallMillis = wallMillis;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.worker = new Thread(this::run, "binance-backfill");
        this.worker.setDaemon(true);
    }

    public BinanceRestBackfill start() {
        worker.start();
        return this;
    }

    public void request(Gap gap) {
        inFlight.incrementAndGet();
        queue.add(gap);
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
        long next = gap.fromId();
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        int failures = 0;
        while (next <= gap.toId() && running) {
            int limit = (int) Math.min(MAX_LIMIT, gap.toId() - next + 1);
            HttpResponse<InputStream> response;
            byte[] body;
            try {
                response =
                        http.send(
                                request(gap.symbol(), next, limit),
                                HttpResponse.BodyHandlers.ofInputStream());
                metrics.restRequests.increment();
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_BODY_BYTES + 1);
                }
            } catch (IOException e) {
                if (++failures == MAX_ATTEMPTS) {
                    marker(
                            gap.symbol(),
                            next,
                            gap.toId(),
                            "REST unreachable: " + e.getClass().getSimpleName());
                    return;
                }
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(backoff.nextDelayNanos()));
                continue;
            }
            int status = response.statusCode();
            if (status == 429 || status == 418) {
                metrics.restRateLimited.increment();
                long wait = retryAfterMillis(response, status == 418 ? 120_000 : 1_000);
                LOG.warn("REST answered {}: waiting {} ms as Retry-After says", status, wait);
                waits.sleep(wait);
                continue;
            }
            if (status != 200) {
                if (status >= 500 && ++failures < MAX_ATTEMPTS) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(backoff.nextDelayNanos()));
                    continue;
                }
                marker(gap.symbol(), next, gap.toId(), "REST answered HTTP " + status);
                return;
            }
            if (body.length > MAX_BODY_BYTES) {
                marker(
                        gap.symbol(),
                        next,
                        gap.toId(),
                        "REST answered a body over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            failures = 0;
            backoff.reset();
            pauseForWeight(response);
            long[] range = idRange(body, gap.toId());
            if (range[0] < 0) {
                marker(gap.symbol(), next, gap.toId(), "REST has no trades from id " + next);
                return;
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
                return;
            }
            next = range[1] + 1;
        }
    }

    private HttpRequest request(String symbol, long fromId, int limit) {
        String uri =
                base
                        + "/api/v3/historicalTrades?symbol="
                        + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                        + "&fromId="
                        + fromId
                        + "&limit="
                        + limit;
        return HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
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

    /** Retry-After in seconds, as millis within [0, {@link #MAX_RETRY_AFTER_MILLIS}]. */
    static long retryAfterMillis(HttpResponse<?> response, long fallback) {
        long millis =
                response.headers()
                        .firstValue("Retry-After")
                        .map(
                                v -> {
                                    try {
                                        long seconds = Long.parseLong(v.trim());
                                        return seconds > MAX_RETRY_AFTER_MILLIS / 1_000
                                                ? MAX_RETRY_AFTER_MILLIS
                                                : Math.max(0, seconds) * 1_000;
                                    } catch (NumberFormatException e) {
                                        return fallback;
                                    }
                                })
                        .orElse(fallback);
        return Math.min(millis, MAX_RETRY_AFTER_MILLIS);
    }

    private void pauseForWeight(HttpResponse<?> response) throws InterruptedException {
        long used = response.headers().firstValueAsLong("X-MBX-USED-WEIGHT-1M").orElse(0);
        if (used >= WEIGHT_LIMIT_PER_MINUTE - WEIGHT_HEADROOM) {
            long toNextMinute = 60_000 - wallMillis.getAsLong() % 60_000;
            LOG.warn(
                    "REST weight {} of {} used this minute: pausing {} ms",
                    used,
                    WEIGHT_LIMIT_PER_MINUTE,
                    toNextMinute);
            waits.sleep(toNextMinute);
        }
    }

    /** How the client waits out rate limits. */
    @FunctionalInterface
    interface Waits {
        void sleep(long millis) throws InterruptedException;
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
                ++sequence,
                microsClock.getAsLong(),
                payload);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(5_000);
    }
}
