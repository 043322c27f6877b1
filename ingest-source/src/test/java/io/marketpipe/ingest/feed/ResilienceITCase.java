package io.marketpipe.ingest.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import io.marketpipe.localstack.Poll;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimFeed;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Watchdog, rotation and serverShutdown against the simulator over real WebSockets. */
class ResilienceITCase {
    private static final Pattern TRADE_ID = Pattern.compile("\"t\":(\\d+),");
    private static final Pattern BINANCE_TRADE =
            Pattern.compile("\"s\":\"([^\"]+)\",\"t\":(\\d+),");
    private static final Pattern FINNHUB_TRADE =
            Pattern.compile("\"p\":([0-9.]+),\"s\":\"([^\"]+)\",\"t\":(\\d+),\"v\":([0-9.]+)");
    private static final String API_KEY = "test-ed25519-api-key";
    private static final String TOKEN = "test-finnhub-token";

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

    /**
     * Trades until some have arrived, sends serverShutdown, and waits for the rotation and for
     * every trade the simulator made to arrive.
     */
    private void tradeThroughAServerShutdown(
            ExchangeSimulator sim, ReconnectingFeeds feeds, List<SimTrade> produced) {
        sim.onTrade(produced::add);
        feeds.start();
        Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
        sim.startTrading();
        Poll.until("some trades", Duration.ofSeconds(10), () -> receivedIds.size() > 300);

        sim.sendServerShutdown();

        Poll.until("the rotation", Duration.ofSeconds(20), () -> metrics.rotations.sum() == 1);
        Poll.until("the simulator to finish", Duration.ofSeconds(30), sim::finished);
        Poll.until(
                "every trade", Duration.ofSeconds(30), () -> receivedIds.size() == produced.size());
    }

    @Test
    void serverShutdownRotatesToAReplacementWithoutLosingATrade() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(1_500)).start();
                ReconnectingFeeds feeds = feeds(sim, FeedTimings.DEFAULTS)) {
            tradeThroughAServerShutdown(sim, feeds, produced);
            assertThat(missing(produced)).isEmpty();
            assertThat(connectionsSeen).hasSize(2);
            assertThat(metrics.reconnects.sum()).as("a rotation is not a reconnect").isZero();
            assertThat(metrics.handoverTimeouts.sum()).isZero();
            Poll.until(
                    "the old connection to close",
                    Duration.ofSeconds(10),
                    () -> sim.connectionCount() == 1);
        }
    }

    /**
     * The old connection may be behind with reading when the replacement delivers: a client that
     * closes stops decoding what is in its socket, and what the old one was sent before the
     * replacement's streams began is nowhere else. Here its thread is held for half a second right
     * after the serverShutdown; it must read to the point where it overlaps the replacement before
     * it goes.
     */
    @Test
    void aLaggingOldConnectionIsReadUpToTheReplacementBeforeItRetires() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        AtomicBoolean shutdownSeen = new AtomicBoolean();
        AtomicBoolean held = new AtomicBoolean();
        FrameSink lagging =
                (key, venue, encoding, origin, conn, seq, micros, payload) -> {
                    sink.accept(key, venue, encoding, origin, conn, seq, micros, payload);
                    String text = new String(payload, UTF_8);
                    if (conn == 1 && text.contains("serverShutdown")) {
                        shutdownSeen.set(true);
                    } else if (conn == 1 && shutdownSeen.get() && held.compareAndSet(false, true)) {
                        Thread.sleep(500); // the old connection's reader falls behind
                    }
                };
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT"))
                        .tradesPerSecond(2_000)
                        .maxTrades(4_000)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start();
                ReconnectingFeeds feeds =
                        new ReconnectingFeeds(
                                BinanceFeeds.json(
                                        "ws://127.0.0.1:" + sim.port(), List.of("btcusdt@trade")),
                                lagging,
                                metrics,
                                () -> 0,
                                FeedTimings.DEFAULTS)) {
            tradeThroughAServerShutdown(sim, feeds, produced);
            assertThat(held).isTrue();
            assertThat(missing(produced)).isEmpty();
            assertThat(metrics.handoverTimeouts.sum()).as("caught up, not timed out").isZero();
        }
    }

    /**
     * Each venue's streams start a while after the handshake (Finnhub and the SBE streams by
     * subscription); the old connection must stay until the replacement has delivered on every
     * stream, so nothing sent in between is lost, however slow the machine.
     */
    @ParameterizedTest
    @EnumSource(SimFeed.class)
    void rotationWaitsForTheReplacementToDeliverOnEveryStream(SimFeed venue) throws Exception {
        List<String> symbols =
                venue == SimFeed.FINNHUB
                        ? List.of("AAPL", "BINANCE:BTCUSDT")
                        : List.of("BTCUSDT", "ETHUSDT");
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .feed(venue)
                        .requiredApiKey(API_KEY)
                        .requiredToken(TOKEN)
                        .finnhubBatch(1)
                        .symbols(symbols)
                        .tradesPerSecond(400)
                        .maxTrades(1_600)
                        .streamStartDelay(Duration.ofMillis(400))
                        .build();
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        FrameSink keys =
                (key, v, encoding, origin, conn, seq, micros, payload) -> {
                    connectionsSeen.add(conn);
                    tradeKeys(venue, payload, received::add);
                };
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start();
                ReconnectingFeeds feeds =
                        new ReconnectingFeeds(
                                specs(venue, "ws://127.0.0.1:" + sim.port(), symbols),
                                keys,
                                metrics,
                                () -> 0,
                                new FeedTimings(
                                        Duration.ofSeconds(60),
                                        Duration.ofHours(1),
                                        Duration.ofSeconds(60),
                                        Duration.ofSeconds(2)))) {
            sim.onTrade(produced::add);
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            Poll.until(
                    "every subscription",
                    Duration.ofSeconds(10),
                    () -> sim.subscribedStreams() == symbols.size());
            sim.startTrading();
            Poll.until("some trades", Duration.ofSeconds(20), () -> received.size() > 200);

            sim.sendServerShutdown();

            Poll.until("the handover", Duration.ofSeconds(30), () -> metrics.rotations.sum() == 1);
            Poll.until("the simulator to finish", Duration.ofSeconds(30), sim::finished);
            Set<String> expected = new TreeSet<>();
            produced.forEach(t -> expected.add(tradeKey(venue, t)));
            Poll.until("every trade", Duration.ofSeconds(30), () -> received.containsAll(expected));
            assertThat(connectionsSeen).hasSize(2);
            assertThat(metrics.handoverTimeouts.sum()).as("handed over on data").isZero();
            assertThat(metrics.reconnects.sum()).isZero();
            Poll.until(
                    "the old connection to close",
                    Duration.ofSeconds(10),
                    () -> sim.connectionCount() == 1);
        }
    }

    @Test
    void rotatesBeforeTheConnectionAgeLimitWithOverlap() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = new ExchangeSimulator(trades(2_000)).start();
                ReconnectingFeeds feeds =
                        feeds(
                                sim,
                                new FeedTimings(Duration.ofSeconds(60), Duration.ofSeconds(1)))) {
            sim.onTrade(produced::add);
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);
            sim.startTrading();
            Poll.until(
                    "a rotation by age",
                    Duration.ofSeconds(30),
                    () -> metrics.rotations.sum() >= 1);
            Poll.until("the simulator to finish", Duration.ofSeconds(30), sim::finished);
            Poll.until(
                    "every trade",
                    Duration.ofSeconds(30),
                    () -> receivedIds.size() == produced.size());
            assertThat(missing(produced)).isEmpty();
            assertThat(metrics.reconnects.sum()).isZero();
        }
    }

    @Test
    void closeGivesUpOnAPeerThatNeverAnswersTheCloseHandshake() throws Exception {
        try (SilentWebSocketPeer peer = new SilentWebSocketPeer()) {
            ReconnectingFeeds feeds =
                    new ReconnectingFeeds(
                            BinanceFeeds.json(
                                    "ws://127.0.0.1:" + peer.port(), List.of("btcusdt@trade")),
                            sink,
                            metrics,
                            () -> 0,
                            new FeedTimings(
                                    Duration.ofSeconds(60),
                                    Duration.ofHours(1),
                                    Duration.ofSeconds(30),
                                    Duration.ofMillis(300)));
            feeds.start();
            Poll.until("connected", Duration.ofSeconds(10), feeds::allOpen);

            long started = System.nanoTime();
            feeds.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by the close timeout, not by the peer")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(feeds.allOpen()).isFalse();
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

    private static List<FeedSpec> specs(SimFeed venue, String url, List<String> symbols) {
        switch (venue) {
            case BINANCE_SBE:
                return BinanceFeeds.sbe(
                        url, BinanceFeeds.streams(symbols, List.of("trade")), API_KEY);
            case FINNHUB:
                return List.of(FinnhubFeeds.trades(url, TOKEN, symbols));
            default:
                return BinanceFeeds.json(url, BinanceFeeds.streams(symbols, List.of("trade")));
        }
    }

    /**
     * A trade's identity as each venue shows it (Finnhub has no ids: symbol, time, price, size).
     */
    private static String tradeKey(SimFeed venue, SimTrade t) {
        return venue == SimFeed.FINNHUB
                ? t.symbol()
                        + '|'
                        + t.tradeTimeMillis()
                        + '|'
                        + BigDecimal.valueOf(t.priceUnits(), SimTrade.SCALE)
                                .stripTrailingZeros()
                                .toPlainString()
                        + '|'
                        + BigDecimal.valueOf(t.quantityUnits(), SimTrade.SCALE)
                                .stripTrailingZeros()
                                .toPlainString()
                : t.symbol() + '|' + t.tradeId();
    }

    private static void tradeKeys(SimFeed venue, byte[] payload, Consumer<String> out) {
        if (venue == SimFeed.BINANCE_SBE) {
            if (payload.length < MessageHeaderDecoder.ENCODED_LENGTH || payload[0] == '{') {
                return;
            }
            UnsafeBuffer buffer = new UnsafeBuffer(payload);
            MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
            TradesStreamEventDecoder event =
                    new TradesStreamEventDecoder()
                            .wrap(
                                    buffer,
                                    MessageHeaderDecoder.ENCODED_LENGTH,
                                    header.blockLength(),
                                    header.version());
            List<Long> ids = new java.util.ArrayList<>();
            for (TradesStreamEventDecoder.TradesDecoder t : event.trades()) {
                ids.add(t.id());
            }
            String symbol = event.symbol();
            ids.forEach(id -> out.accept(symbol + '|' + id));
            return;
        }
        String json = new String(payload, UTF_8);
        Matcher m = (venue == SimFeed.FINNHUB ? FINNHUB_TRADE : BINANCE_TRADE).matcher(json);
        while (m.find()) {
            out.accept(
                    venue == SimFeed.FINNHUB
                            ? m.group(2) + '|' + m.group(3) + '|' + m.group(1) + '|' + m.group(4)
                            : m.group(1) + '|' + m.group(2));
        }
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
