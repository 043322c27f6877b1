package io.marketpipe.ingest.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Resources;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimFeed;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Each venue feed, forwarded from the simulator over real WebSockets into the local Kinesis. */
class FeedsITCase {
    private static final String API_KEY = "test-ed25519-api-key";
    private static final String TOKEN = "test-finnhub-token";
    private static final AtomicInteger STREAMS = new AtomicInteger();
    @TempDir static Path dataDir;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(StackConfig.onFreePorts(dataDir));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A frame as it arrived in Kinesis. */
    record Arrived(String partitionKey, Venue venue, Encoding encoding, byte[] payload) {}

    @Test
    void binanceSbeFramesArriveByteExactWithEveryTradeOnceInOrder() throws Exception {
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        SimulatorConfig sim =
                SimulatorConfig.builder()
                        .feed(SimFeed.BINANCE_SBE)
                        .requiredApiKey(API_KEY)
                        .symbols(symbols)
                        .tradesPerSecond(2_000)
                        .maxTrades(1_000)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();

        List<Arrived> arrived =
                forward(
                        sim,
                        symbols.size(),
                        produced,
                        url ->
                                BinanceFeeds.sbe(
                                        url,
                                        BinanceFeeds.streams(symbols, List.of("trade")),
                                        API_KEY));

        Map<String, List<Long>> ids = new HashMap<>();
        Map<String, java.util.Set<String>> shardsOf = new HashMap<>();
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        TradesStreamEventDecoder event = new TradesStreamEventDecoder();
        for (Arrived a : arrived) {
            assertThat(a.venue()).isEqualTo(Venue.BINANCE);
            assertThat(a.encoding()).isEqualTo(Encoding.SBE);
            UnsafeBuffer buffer = new UnsafeBuffer(a.payload());
            header.wrap(buffer, 0);
            assertThat(header.templateId()).isEqualTo(TradesStreamEventDecoder.TEMPLATE_ID);
            event.wrap(
                    buffer,
                    MessageHeaderDecoder.ENCODED_LENGTH,
                    header.blockLength(),
                    header.version());
            List<Long> tradeIds = new ArrayList<>();
            for (TradesStreamEventDecoder.TradesDecoder t : event.trades()) {
                tradeIds.add(t.id());
            }
            String symbol = event.symbol();
            assertThat(a.partitionKey()).as("packed per shard").startsWith("shardId-");
            shardsOf.computeIfAbsent(symbol, k -> new java.util.HashSet<>()).add(a.partitionKey());
            assertThat(event.encodedLength() + MessageHeaderDecoder.ENCODED_LENGTH)
                    .as("nothing added or lost")
                    .isEqualTo(a.payload().length);
            ids.computeIfAbsent(symbol, k -> new ArrayList<>()).addAll(tradeIds);
        }
        assertEveryTradeOnceInOrder(symbols, produced, ids);
        assertThat(shardsOf)
                .allSatisfy(
                        (symbol, shards) ->
                                assertThat(shards).as(symbol + " stays on one shard").hasSize(1));
    }

    @Test
    void sbeConnectionsWithoutTheRightApiKeyAreRefusedAndRetried() throws Exception {
        SimulatorConfig sim =
                SimulatorConfig.builder()
                        .feed(SimFeed.BINANCE_SBE)
                        .requiredApiKey(API_KEY)
                        .symbols(List.of("BTCUSDT"))
                        .maxTrades(10)
                        .build();
        try (ExchangeSimulator exchange = new ExchangeSimulator(sim).start()) {
            String stream = freshStream();
            Forwarder forwarder =
                    Forwarder.start(
                            config(
                                    stream,
                                    BinanceFeeds.sbe(
                                            "ws://127.0.0.1:" + exchange.port(),
                                            List.of("btcusdt@trade"),
                                            "wrong-key")));
            try {
                Poll.until(
                        "a second refused attempt",
                        Duration.ofSeconds(20),
                        () -> forwarder.metrics().disconnects.sum() >= 2);
                assertThat(forwarder.connected()).isFalse();
                assertThat(forwarder.metrics().connects.sum()).isZero();
            } finally {
                forwarder.close();
            }
        }
    }

    @Test
    void finnhubSubscribesPerSymbolAndForwardsEveryBatch() throws Exception {
        List<String> symbols = List.of("AAPL", "BINANCE:BTCUSDT");
        SimulatorConfig sim =
                SimulatorConfig.builder()
                        .feed(SimFeed.FINNHUB)
                        .requiredToken(TOKEN)
                        .finnhubBatch(4)
                        .symbols(symbols)
                        .tradesPerSecond(1_000)
                        .maxTrades(400)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();

        List<Arrived> arrived =
                forward(
                        sim,
                        symbols.size(),
                        produced,
                        url -> List.of(FinnhubFeeds.trades(url, TOKEN, symbols)));

        Pattern trade = Pattern.compile("\"s\":\"([^\"]+)\",\"t\":(\\d+)");
        Map<String, List<Long>> times = new HashMap<>();
        for (Arrived a : arrived) {
            assertThat(a.venue()).isEqualTo(Venue.FINNHUB);
            assertThat(a.encoding()).isEqualTo(Encoding.JSON);
            String json = new String(a.payload(), UTF_8);
            assertThat(json).startsWith("{\"data\":[").endsWith("\"type\":\"trade\"}");
            Matcher m = trade.matcher(json);
            assertThat(m.find()).isTrue();
            assertThat(a.partitionKey()).as("packed per shard").startsWith("shardId-");
            do {
                times.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(Long.parseLong(m.group(2)));
            } while (m.find());
        }
        for (String symbol : symbols) {
            List<Long> expected =
                    produced.stream()
                            .filter(t -> t.symbol().equals(symbol))
                            .map(SimTrade::tradeTimeMillis)
                            .toList();
            assertThat(times.get(symbol)).as(symbol).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void depthStreamsBringARestSnapshotAtStartAndAfterEveryReconnectInTheirOwnFrames()
            throws Exception {
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        SimulatorConfig simConfig =
                SimulatorConfig.builder()
                        .symbols(symbols)
                        .tradesPerSecond(500)
                        .maxTrades(100_000)
                        .restPort(0)
                        .build();
        String stream = freshStream();
        try (ExchangeSimulator sim = new ExchangeSimulator(simConfig).start()) {
            ForwarderConfig plain =
                    config(
                            stream,
                            BinanceFeeds.json(
                                    "ws://127.0.0.1:" + sim.port(),
                                    BinanceFeeds.streams(
                                            symbols, List.of("trade", "depth@100ms"))));
            Forwarder forwarder =
                    Forwarder.start(
                            new ForwarderConfig(
                                    plain.feeds(),
                                    plain.rawStream(),
                                    plain.region(),
                                    plain.kinesisEndpoint(),
                                    plain.credentials(),
                                    plain.batcher(),
                                    FeedTimings.DEFAULTS,
                                    Optional.of(java.net.URI.create(sim.restUrl()))));
            try {
                Poll.until(
                        "the forwarder to connect", Duration.ofSeconds(10), forwarder::connected);
                sim.startTrading();
                Poll.until(
                        "a snapshot of each symbol",
                        Duration.ofSeconds(30),
                        () -> forwarder.metrics().depthSnapshots.sum() >= symbols.size());
                long connects = forwarder.metrics().connects.sum();
                sim.dropConnections();
                Poll.until(
                        "a reconnect",
                        Duration.ofSeconds(30),
                        () -> forwarder.metrics().connects.sum() > connects);
                Poll.until(
                        "a snapshot of each symbol after the reconnect",
                        Duration.ofSeconds(30),
                        () -> forwarder.metrics().depthSnapshots.sum() >= 2L * symbols.size());
                sim.stopTrading();
            } finally {
                forwarder.close();
            }
            assertThat(forwarder.metrics().depthSnapshotFailures.sum()).isZero();
        }
        List<String> snapshots = new ArrayList<>();
        try (KinesisClient kinesis = AwsClients.kinesis(stack.config())) {
            for (Record r : new StreamReader(kinesis, stream).poll()) {
                EnvelopeReader.read(
                        r.data().asByteArrayUnsafe(),
                        (venue, encoding, origin, conn, seq, micros, buf, off, len) -> {
                            if (origin == Origin.SNAPSHOT) {
                                assertThat(encoding).isEqualTo(Encoding.JSON);
                                snapshots.add(new String(buf, off, len, UTF_8));
                            }
                        });
            }
        }
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2 * symbols.size());
        assertThat(snapshots)
                .allMatch(
                        s ->
                                s.matches(
                                        "\\{\"symbol\":\"(BTCUSDT|ETHUSDT)\",\"limit\":1000,"
                                                + "\"snapshot\":\\{\"lastUpdateId\":\\d+,.*\\}\\}"));
    }

    private List<Arrived> forward(
            SimulatorConfig simConfig,
            int streams,
            List<SimTrade> produced,
            Function<String, List<FeedSpec>> feeds)
            throws Exception {
        String stream = freshStream();
        try (ExchangeSimulator sim = new ExchangeSimulator(simConfig).start()) {
            sim.onTrade(produced::add);
            Forwarder forwarder =
                    Forwarder.start(config(stream, feeds.apply("ws://127.0.0.1:" + sim.port())));
            try {
                Poll.until(
                        "the forwarder to connect", Duration.ofSeconds(10), forwarder::connected);
                Poll.until(
                        "every subscription",
                        Duration.ofSeconds(10),
                        () -> sim.subscribedStreams() >= streams);
                sim.startTrading();
                Poll.until("the simulator to finish", Duration.ofSeconds(30), sim::finished);
                long sent = sim.framesSent();
                Poll.until(
                        "every frame forwarded",
                        Duration.ofSeconds(30),
                        () -> forwarder.metrics().framesIn.sum() >= sent);
            } finally {
                forwarder.close();
            }
        }
        List<Arrived> arrived = new ArrayList<>();
        try (KinesisClient kinesis = AwsClients.kinesis(stack.config())) {
            for (Record r : new StreamReader(kinesis, stream).poll()) {
                EnvelopeReader.read(
                        r.data().asByteArrayUnsafe(),
                        (venue, encoding, origin, conn, seq, micros, buf, off, len) ->
                                arrived.add(
                                        new Arrived(
                                                r.partitionKey(),
                                                venue,
                                                encoding,
                                                java.util.Arrays.copyOfRange(
                                                        buf, off, off + len))));
            }
        }
        return arrived;
    }

    private static void assertEveryTradeOnceInOrder(
            List<String> symbols, List<SimTrade> produced, Map<String, List<Long>> ids) {
        for (String symbol : symbols) {
            List<Long> expected =
                    produced.stream()
                            .filter(t -> t.symbol().equals(symbol))
                            .map(SimTrade::tradeId)
                            .toList();
            assertThat(ids.get(symbol)).as(symbol).containsExactlyElementsOf(expected);
        }
    }

    private static String freshStream() {
        String name = "feeds-" + STREAMS.incrementAndGet();
        try (KinesisClient kinesis = AwsClients.kinesis(stack.config())) {
            Resources.createStream(kinesis, name, 2);
        }
        return name;
    }

    private static ForwarderConfig config(String stream, List<FeedSpec> feeds) {
        return new ForwarderConfig(
                feeds,
                stream,
                StackConfig.REGION,
                Optional.of(stack.config().kinesisEndpoint()),
                AwsClients.credentials(),
                new BatcherConfig(64 * 1024, Duration.ofMillis(20), 8L << 20));
    }
}
