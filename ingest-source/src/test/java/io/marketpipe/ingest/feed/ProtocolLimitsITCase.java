package io.marketpipe.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import io.marketpipe.localstack.Poll;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimFeed;
import io.marketpipe.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pings, control-message pacing and stream limits, against the simulator over real WebSockets. */
class ProtocolLimitsITCase {
    private final ForwarderMetrics metrics = new ForwarderMetrics();

    @Test
    void answersPingsAndPingsKeepAQuietConnectionAlive() throws Exception {
        SimulatorConfig quiet =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT"))
                        .pingInterval(Duration.ofMillis(200))
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(quiet).start();
                ReconnectingFeeds feeds =
                        new ReconnectingFeeds(
                                BinanceFeeds.json(
                                        "ws://127.0.0.1:" + sim.port(), List.of("btcusdt@trade")),
                                (k, v, e, o, c, s, m, p) -> {},
                                metrics,
                                () -> 0,
                                new FeedTimings(Duration.ofSeconds(1), Duration.ofHours(1)))) {
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            Poll.until("pongs", Duration.ofSeconds(10), () -> sim.pongsReceived() >= 12);
            assertThat(metrics.watchdogReconnects.sum())
                    .as("no trades, but pings are life")
                    .isZero();
            assertThat(metrics.connects.sum()).isEqualTo(1);

            sim.stallCurrentConnections(); // no frames and no pings now
            Poll.until(
                    "the watchdog",
                    Duration.ofSeconds(10),
                    () -> metrics.watchdogReconnects.sum() == 1);
        }
    }

    @Test
    void aMessageTooBigToForwardIsRefusedAtItsHeaderAndTheFeedReconnects() throws Exception {
        try (SilentWebSocketPeer peer = new SilentWebSocketPeer(1L << 30);
                ReconnectingFeeds feeds =
                        new ReconnectingFeeds(
                                BinanceFeeds.json(
                                        "ws://127.0.0.1:" + peer.port(), List.of("btcusdt@trade")),
                                (k, v, e, o, c, s, m, p) -> {},
                                metrics,
                                () -> 0,
                                FeedTimings.DEFAULTS)) {
            feeds.start();

            Poll.until(
                    "the 1 GiB message refused",
                    Duration.ofSeconds(20),
                    () -> metrics.oversizeFrames.sum() >= 1);
            Poll.until(
                    "a new connection", Duration.ofSeconds(20), () -> metrics.connects.sum() >= 2);
        }
    }

    @Test
    void sendsAtMostFiveControlMessagesPerSecond() throws Exception {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            symbols.add("SYM" + i);
        }
        SimulatorConfig finnhub =
                SimulatorConfig.builder().feed(SimFeed.FINNHUB).symbols(symbols).build();
        try (ExchangeSimulator sim = new ExchangeSimulator(finnhub).start();
                ReconnectingFeeds feeds =
                        new ReconnectingFeeds(
                                List.of(
                                        FinnhubFeeds.trades(
                                                "ws://127.0.0.1:" + sim.port(), "t", symbols)),
                                (k, v, e, o, c, s, m, p) -> {},
                                metrics,
                                () -> 0,
                                FeedTimings.DEFAULTS)) {
            feeds.start();
            Poll.until(
                    "every subscription",
                    Duration.ofSeconds(10),
                    () -> sim.subscribedStreams() == 12);
            List<Long> arrivals = sim.controlMessageArrivals();
            assertThat(arrivals).hasSize(12);
            for (int i = 5; i < arrivals.size(); i++) {
                assertThat(arrivals.get(i) - arrivals.get(i - 5))
                        .as("six messages span over a second")
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
            }
        }
    }

    @Test
    void spreadsStreamsOverConnectionsOf1024AtMost() {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            symbols.add("S" + i);
        }
        List<FeedSpec> specs =
                BinanceFeeds.json(
                        "ws://127.0.0.1:1",
                        BinanceFeeds.streams(symbols, List.of("trade", "bookTicker")));
        assertThat(specs).hasSize(3);
        assertThat(specs)
                .allMatch(
                        s ->
                                s.uri().getQuery().split("/").length
                                        <= BinanceFeeds.MAX_STREAMS_PER_CONNECTION);
        assertThat(specs.get(0).uri().getQuery())
                .startsWith("streams=s0@trade/s0@bookTicker/s1@trade");
        assertThat(specs.stream().mapToInt(s -> s.uri().getQuery().split("/").length).sum())
                .isEqualTo(2_200);
    }
}
