package io.marketpipe.ingest.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.localstack.Poll;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Watchdog, rotation and serverShutdown against the simulator over real WebSockets. */
class ResilienceITCase {
    private static final Pattern TRADE_ID = Pattern.compile("\"t\":(\\d+),");

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final Set<Long> receivedIds = ConcurrentHashMap.newKeySet();
    private final Set<Long> connectionsSeen = ConcurrentHashMap.newKeySet();
    private final FrameSink sink =
            (key, venue, encoding, origin, conn, seq, micros, payload) -> {
                connectionsSeen.add(conn);
                Matcher m = TRADE_ID.matcher(new String(payload, UTF_8));
                if (m.find()) {
                    receivedIds.add(Long.parseLong(m.group(1)));
                }
            };

    private ReconnectingFeeds feeds(ExchangeSimulator sim, FeedTimings timings) {
        return new ReconnectingFeeds(
                BinanceFeeds.json("ws://127.0.0.1:" + sim.port(), List.of("btcusdt@trade")),
                sink,
                metrics,
                () -> 0,
                timings);
    }

    private static SimulatorConfig trades(long count) {
        return SimulatorConfig.builder()
                .symbols(List.of("BTCUSDT"))
                .tradesPerSecond(500)
                .maxTrades(count)
                .build();
    }

    @Test
    void serverShutdownRotatesToAReplacementWithoutLosingATrade() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(1_500)).start();
                ReconnectingFeeds feeds = feeds(sim, FeedTimings.DEFAULTS)) {
            sim.onTrade(produced::add);
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            sim.startTrading();
            Poll.until("some trades", Duration.ofSeconds(10), () -> receivedIds.size() > 300);

            sim.sendServerShutdown();

            Poll.until("the rotation", Duration.ofSeconds(10), () -> metrics.rotations.sum() == 1);
            Poll.until("the simulator to finish", Duration.ofSeconds(20), sim::finished);
            Poll.until(
                    "every trade",
                    Duration.ofSeconds(10),
                    () -> receivedIds.size() == produced.size());
            assertThat(missing(produced)).isEmpty();
            assertThat(connectionsSeen).hasSize(2);
            assertThat(metrics.reconnects.sum()).as("a rotation is not a reconnect").isZero();
            assertThat(sim.connectionCount()).as("the old connection was closed").isEqualTo(1);
        }
    }

    @Test
    void rotatesBeforeTheConnectionAgeLimitWithOverlap() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(2_000)).start();
                ReconnectingFeeds feeds =
                        feeds(
                                sim,
                                new FeedTimings(Duration.ofSeconds(60), Duration.ofMillis(700)))) {
            sim.onTrade(produced::add);
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            sim.startTrading();
            Poll.until("the simulator to finish", Duration.ofSeconds(20), sim::finished);
            Poll.until(
                    "every trade",
                    Duration.ofSeconds(10),
                    () -> receivedIds.size() == produced.size());
            assertThat(missing(produced)).isEmpty();
            assertThat(metrics.rotations.sum()).isGreaterThanOrEqualTo(2);
            assertThat(metrics.reconnects.sum()).isZero();
        }
    }

    @Test
    void watchdogReconnectsASilentConnection() throws Exception {
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(Long.MAX_VALUE)).start();
                ReconnectingFeeds feeds =
                        feeds(sim, new FeedTimings(Duration.ofMillis(800), Duration.ofHours(1)))) {
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            sim.startTrading();
            Poll.until("some trades", Duration.ofSeconds(10), () -> receivedIds.size() > 50);

            sim.stallCurrentConnections();

            Poll.until(
                    "the watchdog",
                    Duration.ofSeconds(10),
                    () -> metrics.watchdogReconnects.sum() == 1);
            int before = receivedIds.size();
            Poll.until(
                    "trades on the new connection",
                    Duration.ofSeconds(10),
                    () -> receivedIds.size() > before + 50);
            assertThat(connectionsSeen).hasSize(2);
        }
    }

    @Test
    void droppedConnectionsReconnectWithBackoff() throws Exception {
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(Long.MAX_VALUE)).start();
                ReconnectingFeeds feeds = feeds(sim, FeedTimings.DEFAULTS)) {
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            sim.startTrading();
            for (int i = 1; i <= 3; i++) {
                sim.dropConnections();
                int round = i;
                Poll.until(
                        "reconnect " + i,
                        Duration.ofSeconds(15),
                        () -> metrics.connects.sum() == round + 1 && feeds.allOpen());
            }
            assertThat(metrics.reconnects.sum()).isEqualTo(3);
        }
    }

    @Test
    void limiterAllowsThreeHundredAttemptsPerFiveMinutes() {
        long[] now = {0};
        AttemptLimiter limiter =
                new AttemptLimiter(300, Duration.ofMinutes(5).toNanos(), () -> now[0]);
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.tryAcquire()).isZero();
            now[0] += 1_000_000;
        }
        long wait = limiter.tryAcquire();
        assertThat(wait).isEqualTo(Duration.ofMinutes(5).toNanos() - 300 * 1_000_000L);
        now[0] += wait;
        assertThat(limiter.tryAcquire()).isZero();
    }

    private Set<Long> missing(List<SimTrade> produced) {
        Set<Long> missing =
                produced.stream()
                        .map(SimTrade::tradeId)
                        .collect(Collectors.toCollection(TreeSet::new));
        missing.removeAll(receivedIds);
        return missing;
    }
}
