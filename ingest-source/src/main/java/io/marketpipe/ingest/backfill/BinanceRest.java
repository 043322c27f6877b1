package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.feed.Refusals;
import io.marketpipe.ingest.kinesis.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to Binance REST within its rules and within bounds: 429 and 418 are waited out as
 * {@code Retry-After} says (at most {@link #MAX_RETRY_AFTER_MILLIS}), the per-minute weight ({@code
 * X-MBX-USED-WEIGHT-1M}) pauses to the next minute near the limit, 451 and 403 are refusals for
 * good ({@link Refusals}: no request goes to that host again), I/O errors and 5xx are retried
 * {@link #MAX_ATTEMPTS} times with a capped backoff, and no body over {@link #MAX_BODY_BYTES} is
 * read. Each attempt first spends its weight from a {@link RestWeights} budget, which several
 * clients on one IP can share. The backfill, depth snapshots and {@code ./pipeline fetch-history}
 * go through it. Not thread-safe: one caller at a time per instance.
 */
public final class BinanceRest {
    static final int WEIGHT_LIMIT_PER_MINUTE = 6000;
    static final int WEIGHT_HEADROOM = 500;
    static final int MAX_ATTEMPTS = 8;

    /** The longest Retry-After honoured: a larger (or absurd) one is cut to this. */
    static final long MAX_RETRY_AFTER_MILLIS = 10 * 60_000L;

    /** The largest response body read: a page of 1,000 trades is about 130 KB. */
    static final int MAX_BODY_BYTES = 8 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(BinanceRest.class);

    private final URI base;
    private final ForwarderMetrics metrics;
    private final RestWeights weights;
    private final Waits waits;
    private final LongSupplier wallMillis;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public BinanceRest(URI base, ForwarderMetrics metrics) {
        this(base, metrics, new RestWeights(metrics));
    }

    /** Spending from {@code weights}, which other callers on this IP share. */
    public BinanceRest(URI base, ForwarderMetrics metrics, RestWeights weights) {
        this(base, metrics, weights, Thread::sleep, System::currentTimeMillis);
    }

    /** With the rate-limit waits and the wall clock they count minutes by, for tests. */
    BinanceRest(URI base, ForwarderMetrics metrics, Waits waits, LongSupplier wallMillis) {
        this(
                base,
                metrics,
                new RestWeights(RestWeights.DEFAULT_BUDGET, metrics, wallMillis, waits),
                waits,
                wallMillis);
    }

    private BinanceRest(
            URI base,
            ForwarderMetrics metrics,
            RestWeights weights,
            Waits waits,
            LongSupplier wallMillis) {
        this.base = base;
        this.metrics = metrics;
        this.weights = weights;
        this.waits = waits;
        this.wallMillis = wallMillis;
    }

    /**
     * The body of a 200 answer to {@code GET base + pathAndQuery}.
     *
     * @throws Refused when REST cannot or will not answer within the bounds, with why
     */
    public byte[] get(String pathAndQuery) throws Refused, InterruptedException {
        return get(pathAndQuery, 1);
    }

    /** As {@link #get(String)}, spending {@code weight} of the shared budget per attempt first. */
    public byte[] get(String pathAndQuery, int weight) throws Refused, InterruptedException {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        int failures = 0;
        String host = Refusals.host(base);
        while (true) {
            java.util.Optional<String> refusal = metrics.refusals.of(host);
            if (refusal.isPresent()) {
                throw new Refused(refusal.get());
            }
            HttpResponse<InputStream> response;
            byte[] body;
            weights.take(weight);
            try {
                response =
                        http.send(
                                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                                        .timeout(Duration.ofSeconds(30))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                metrics.restRequests.increment();
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_BODY_BYTES + 1);
                }
            } catch (IOException e) {
                if (++failures == MAX_ATTEMPTS) {
                    throw new Refused("REST unreachable: " + e.getClass().getSimpleName());
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
            if (Refusals.fatal(status)) {
                metrics.refused.increment();
                String path = pathAndQuery.split("\\?", 2)[0];
                throw new Refused(metrics.refusals.refuse(host, status, "GET " + path));
            }
            if (status != 200) {
                if (status >= 500 && ++failures < MAX_ATTEMPTS) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(backoff.nextDelayNanos()));
                    continue;
                }
                throw new Refused("REST answered HTTP " + status);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new Refused("REST answered a body over " + MAX_BODY_BYTES + " bytes");
            }
            pauseForWeight(response);
            return body;
        }
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

    /** REST did not give a usable answer; the message says why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
