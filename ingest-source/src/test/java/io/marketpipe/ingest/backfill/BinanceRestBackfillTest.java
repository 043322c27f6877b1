package io.marketpipe.ingest.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.localstack.Poll;
import io.marketpipe.schemas.envelope.Origin;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted loopback HTTP server. */
class BinanceRestBackfillTest {
    /** One scripted answer: status, Retry-After (or null), body, X-MBX-USED-WEIGHT-1M (or null). */
    private record Answer(int status, String retryAfter, String body, String usedWeight) {
        Answer(int status, String retryAfter, String body) {
            this(status, retryAfter, body, null);
        }
    }

    /** Rate-limit waits, recorded instead of slept; the wall clock 12.345 s into a minute. */
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    private static final long WALL_MILLIS = 1_700_000_040_000L + 12_345;

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private HttpServer server;
    private BinanceRestBackfill backfill;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/api/v3/historicalTrades",
                exchange -> {
                    queries.add(exchange.getRequestURI().getQuery());
                    Answer answer;
                    synchronized (script) {
                        answer = script.isEmpty() ? new Answer(200, null, "[]") : script.poll();
                    }
                    if (answer.usedWeight() != null) {
                        exchange.getResponseHeaders()
                                .add("X-MBX-USED-WEIGHT-1M", answer.usedWeight());
                    }
                    if (answer.retryAfter() != null) {
                        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
                    }
                    byte[] body = answer.body().getBytes(UTF_8);
                    exchange.sendResponseHeaders(answer.status(), body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        backfill = backfill(100, 1_000_000).start();
    }

    private BinanceRestBackfill backfill(int maxQueuedGaps, long maxGapTrades) {
        return new BinanceRestBackfill(
                new BinanceRest(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        metrics,
                        waits::add,
                        () -> WALL_MILLIS),
                (key, venue, encoding, origin, conn, seq, micros, payload) ->
                        frames.add(origin + " " + key + " " + new String(payload, UTF_8)),
                metrics,
                () -> 0,
                maxQueuedGaps,
                maxGapTrades);
    }

    @AfterEach
    void stop() throws Exception {
        backfill.close();
        server.stop(0);
    }

    private static String trades(long from, long to) {
        StringBuilder json = new StringBuilder("[");
        for (long id = from; id <= to; id++) {
            json.append(id == from ? "" : ",")
                    .append("{\"id\":")
                    .append(id)
                    .append(",\"price\":\"1.0\",\"qty\":\"2.0\",\"time\":1,\"isBuyerMaker\":true}");
        }
        return json.append(']').toString();
    }

    @Test
    void waitsOutA429ThenForwardsTheResponseByteExact() throws Exception {
        script.add(new Answer(429, "0", "{\"code\":-1003}"));
        script.add(new Answer(200, null, trades(101, 110)));

        backfill.request(new Gap("BTCUSDT", 101, 110));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(queries)
                .containsExactly(
                        "symbol=BTCUSDT&fromId=101&limit=10", "symbol=BTCUSDT&fromId=101&limit=10");
        assertThat(frames)
                .containsExactly(
                        Origin.BACKFILL
                                + " BINANCE:BTCUSDT {\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\","
                                + "\"fromId\":101,\"toId\":110,\"trades\":"
                                + trades(101, 110)
                                + "}");
        assertThat(metrics.restRateLimited.sum()).isEqualTo(1);
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(10);
        assertThat(waits).containsExactly(0L);
    }

    @Test
    void a418BanWaitsAsRetryAfterSaysOrTwoMinutes() throws Exception {
        script.add(new Answer(418, "7", "{\"code\":-1003}"));
        script.add(new Answer(418, null, "{\"code\":-1003}"));
        script.add(new Answer(200, null, trades(1, 2)));

        backfill.request(new Gap("BTCUSDT", 1, 2));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(waits).containsExactly(7_000L, 120_000L);
        assertThat(queries).hasSize(3);
        assertThat(metrics.restRateLimited.sum()).isEqualTo(2);
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(2);
    }

    @Test
    void pausesToTheNextMinuteWhenTheUsedWeightNearsTheLimit() throws Exception {
        script.add(new Answer(200, null, trades(1, 1000), "5400")); // under the headroom
        script.add(new Answer(200, null, trades(1001, 2000), "5500")); // at it: pause
        script.add(new Answer(200, null, trades(2001, 2001), "7"));

        backfill.request(new Gap("BTCUSDT", 1, 2001));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(waits).containsExactly(60_000L - 12_345);
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(2001);
    }

    @Test
    void pagesThroughLargeGapsAThousandAtATime() throws Exception {
        script.add(new Answer(200, null, trades(1, 1000)));
        script.add(new Answer(200, null, trades(1001, 1500)));

        backfill.request(new Gap("ETHUSDT", 1, 1500));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(queries)
                .containsExactly(
                        "symbol=ETHUSDT&fromId=1&limit=1000",
                        "symbol=ETHUSDT&fromId=1001&limit=500");
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(1500);
        assertThat(metrics.unrecoverableGaps.sum()).isZero();
    }

    @Test
    void recordsWhatRestCannotReturnAsGapMarkers() throws Exception {
        script.add(new Answer(200, null, trades(120, 150)));

        backfill.request(new Gap("BTCUSDT", 101, 150));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0))
                .isEqualTo(
                        Origin.GAP_MARKER
                                + " BINANCE:BTCUSDT {\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\","
                                + "\"fromId\":101,\"toId\":119,\"reason\":\"REST history starts at id 120\"}");
        assertThat(frames.get(1)).startsWith(Origin.BACKFILL.toString());
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(31);
    }

    @Test
    void aRefusedRequestBecomesAMarkerNotACrash() throws Exception {
        script.add(new Answer(400, null, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"));
        script.add(new Answer(200, null, trades(5, 6)));

        backfill.request(new Gap("NOPE", 1, 3));
        backfill.request(new Gap("BTCUSDT", 5, 6));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(frames.get(0))
                .contains("\"reason\":\"REST answered HTTP 400\"")
                .startsWith(Origin.GAP_MARKER.toString());
        assertThat(frames.get(1)).startsWith(Origin.BACKFILL + " BINANCE:BTCUSDT");
        assertThat(metrics.unrecoverableGaps.sum()).isEqualTo(1);
    }

    @Test
    void anAbsurdRetryAfterIsCutToTenMinutes() throws Exception {
        script.add(new Answer(429, "999999999999999999", "{\"code\":-1003}"));
        script.add(new Answer(429, "-5", "{\"code\":-1003}"));
        script.add(new Answer(200, null, trades(1, 2)));

        backfill.request(new Gap("BTCUSDT", 1, 2));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(waits).containsExactly(BinanceRest.MAX_RETRY_AFTER_MILLIS, 0L);
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(2);
    }

    @Test
    void aBodyOverTheBoundBecomesAMarkerNotAnOutOfMemory() throws Exception {
        script.add(new Answer(200, null, "[" + " ".repeat(BinanceRest.MAX_BODY_BYTES) + "]"));

        backfill.request(new Gap("BTCUSDT", 1, 2));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(frames)
                .singleElement()
                .satisfies(
                        f ->
                                assertThat(f)
                                        .startsWith(Origin.GAP_MARKER.toString())
                                        .contains("a body over " + BinanceRest.MAX_BODY_BYTES));
    }

    @Test
    void aGapOverTheBoundIsFetchedUpToItAndTheRestIsAMarker() throws Exception {
        backfill.close();
        backfill = backfill(100, 1_500).start();
        script.add(new Answer(200, null, trades(1, 1000)));
        script.add(new Answer(200, null, trades(1001, 1500)));

        backfill.request(new Gap("ETHUSDT", 1, 1_000_000_000_000L));
        Poll.until("the backfill", Duration.ofSeconds(10), backfill::idle);

        assertThat(queries)
                .containsExactly(
                        "symbol=ETHUSDT&fromId=1&limit=1000",
                        "symbol=ETHUSDT&fromId=1001&limit=500");
        assertThat(frames.get(0))
                .startsWith(Origin.GAP_MARKER.toString())
                .contains("\"fromId\":1501,\"toId\":1000000000000,")
                .contains("gap larger than 1500 trades");
        assertThat(metrics.backfilledTrades.sum()).isEqualTo(1500);
        assertThat(metrics.unrecoverableGaps.sum()).isEqualTo(1);
    }

    @Test
    void aGapThatFindsTheQueueFullIsAMarkerAtOnce() throws Exception {
        backfill.close();
        backfill = backfill(2, 1_000_000); // not started: nothing leaves the queue

        backfill.request(new Gap("BTCUSDT", 1, 2));
        backfill.request(new Gap("BTCUSDT", 4, 5));
        backfill.request(new Gap("BTCUSDT", 7, 9));

        assertThat(frames)
                .singleElement()
                .satisfies(
                        f ->
                                assertThat(f)
                                        .startsWith(Origin.GAP_MARKER.toString())
                                        .contains("\"fromId\":7,\"toId\":9,")
                                        .contains("backfill queue full"));
        assertThat(backfill.idle()).as("two gaps still wait").isFalse();
        assertThat(queries).isEmpty();
    }

    @Test
    void stoppingReportsEveryGapNotYetFetchedAsAMarker() throws Exception {
        backfill.close();
        backfill = backfill(10, 1_000_000); // not started: the gaps wait

        backfill.request(new Gap("BTCUSDT", 1, 2));
        backfill.request(new Gap("ETHUSDT", 4, 5));
        backfill.finish(Duration.ofMillis(50));

        assertThat(frames)
                .hasSize(2)
                .allSatisfy(
                        f ->
                                assertThat(f)
                                        .startsWith(Origin.GAP_MARKER.toString())
                                        .contains("forwarder stopped before backfilling"));
        assertThat(frames.get(1)).contains("\"symbol\":\"ETHUSDT\",\"fromId\":4,\"toId\":5,");
    }
}
