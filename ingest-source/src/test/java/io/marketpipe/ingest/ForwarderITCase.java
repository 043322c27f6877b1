package io.marketpipe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.simulator.ExchangeSimulator;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

class ForwarderITCase {
    private static final Pattern TRADE = Pattern.compile("\"s\":\"([^\"]+)\",\"t\":(\\d+),");
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

    @Test
    void everySimulatedTradeReachesKinesisOnceInOrderPackedManyFramesPerRecord() throws Exception {
        StackConfig cfg = stack.config();
        // one symbol beyond ASCII: its stream name is percent-encoded, its frames keep it as it is
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT", "这是测试币456");
        SimulatorConfig simConfig =
                SimulatorConfig.builder()
                        .symbols(symbols)
                        .tradesPerSecond(2_000)
                        .maxTrades(3_000)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        Map<String, List<Long>> arrived = new HashMap<>();
        List<Record> records = new ArrayList<>();

        try (ExchangeSimulator sim = new ExchangeSimulator(simConfig).start()) {
            sim.onTrade(produced::add);
            ForwarderConfig config =
                    new ForwarderConfig(
                            BinanceFeeds.json(
                                    "ws://127.0.0.1:" + sim.port(),
                                    BinanceFeeds.streams(symbols, List.of("trade"))),
                            cfg.rawStream(),
                            StackConfig.REGION,
                            Optional.of(cfg.kinesisEndpoint()),
                            AwsClients.credentials(),
                            new BatcherConfig(64 * 1024, Duration.ofMillis(50), 8L << 20));
            Forwarder forwarder = Forwarder.start(config);
            try {
                Poll.until("forwarder to connect", Duration.ofSeconds(10), forwarder::connected);
                sim.startTrading();
                Poll.until("simulator to finish", Duration.ofSeconds(30), sim::finished);
                Poll.until(
                        "all frames to be forwarded",
                        Duration.ofSeconds(30),
                        () -> forwarder.metrics().framesIn.sum() == 3_000);
            } finally {
                forwarder.close();
            }
            assertThat(forwarder.metrics().framesOut.sum()).isEqualTo(3_000);
        }

        Map<String, java.util.Set<String>> shardsOfSymbol = new HashMap<>();
        try (KinesisClient kinesis = AwsClients.kinesis(cfg)) {
            for (Map.Entry<String, List<Record>> shard :
                    new StreamReader(kinesis, cfg.rawStream()).pollByShard().entrySet()) {
                for (Record record : shard.getValue()) {
                    records.add(record);
                    assertThat(record.partitionKey())
                            .as("packed per shard")
                            .isEqualTo(shard.getKey());
                    EnvelopeReader.read(
                            record.data().asByteArrayUnsafe(),
                            (venue, encoding, origin, conn, seq, micros, buf, off, len) -> {
                                assertThat(venue).isEqualTo(Venue.BINANCE);
                                assertThat(origin).isEqualTo(Origin.LIVE);
                                Matcher m = TRADE.matcher(new String(buf, off, len, UTF_8));
                                assertThat(m.find()).isTrue();
                                shardsOfSymbol
                                        .computeIfAbsent(m.group(1), k -> new java.util.HashSet<>())
                                        .add(shard.getKey());
                                arrived.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                                        .add(Long.parseLong(m.group(2)));
                            });
                }
            }
        }
        assertThat(shardsOfSymbol)
                .allSatisfy(
                        (symbol, shards) ->
                                assertThat(shards).as(symbol + " stays on one shard").hasSize(1));

        for (String symbol : symbols) {
            List<Long> expected =
                    produced.stream()
                            .filter(t -> t.symbol().equals(symbol))
                            .map(SimTrade::tradeId)
                            .toList();
            assertThat(arrived.get(symbol)).as(symbol).containsExactlyElementsOf(expected);
        }
        assertThat(3_000.0 / records.size())
                .as("frames per Kinesis record")
                .isGreaterThanOrEqualTo(10.0);
    }
}
