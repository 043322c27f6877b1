package io.marketpipe.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedTimings;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Live gaps and dropped connections are filled over REST, through 429s, into Kinesis. */
class BackfillITCase {

    @TempDir Path dataDir;

    @Test
    void everyTradeReachesKinesisLiveOrBackfilled() throws Exception {
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        SimulatorConfig simConfig =
                SimulatorConfig.builder()
                        .symbols(symbols)
                        .tradesPerSecond(1_000)
                        .maxTrades(3_000)
                        .restPort(0)
                        .rateLimitEvery(3)
                        .gaps(700, 50)
                        .dropEvery(1_100)
                        .duplicateEvery(97)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        ArrivedTrades arrived = new ArrivedTrades();
        long markers;

        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dataDir));
                ExchangeSimulator sim = new ExchangeSimulator(simConfig).start()) {
            sim.onTrade(produced::add);
            StackConfig cfg = stack.config();
            Forwarder forwarder = Forwarder.start(config(sim, cfg, symbols));
            try {
                Poll.until("connected", Duration.ofSeconds(10), forwarder::connected);
                sim.startTrading();
                Poll.until("the simulator to finish", Duration.ofSeconds(30), sim::finished);
                Poll.until(
                        "the forwarder to reconnect", Duration.ofSeconds(30), forwarder::connected);
                // the last withheld or dropped trades show as a gap once a later id arrives: all
                // were produced
                Poll.until(
                        "backfill to finish",
                        Duration.ofSeconds(60),
                        () -> forwarder.metrics().gaps.sum() > 0 && forwarder.backfillIdle());
            } finally {
                forwarder.close();
            }
            markers = forwarder.metrics().unrecoverableGaps.sum();
            assertThat(sim.tradesWithheld()).isPositive();
            assertThat(sim.restRateLimited()).isPositive();
            assertThat(forwarder.metrics().restRateLimited.sum()).isEqualTo(sim.restRateLimited());
            assertThat(forwarder.metrics().backfilledTrades.sum())
                    .isGreaterThanOrEqualTo(sim.tradesWithheld());

            try (KinesisClient kinesis = AwsClients.kinesis(cfg)) {
                new StreamReader(kinesis, cfg.rawStream())
                        .poll()
                        .forEach(r -> arrived.add(r.data().asByteArrayUnsafe()));
            }
        }

        Set<String> missing = new TreeSet<>();
        produced.forEach(t -> missing.add(t.symbol() + "#" + t.tradeId()));
        missing.removeAll(arrived.live());
        missing.removeAll(arrived.backfilled());
        assertThat(markers).isZero();
        assertThat(arrived.gapMarkers()).isZero();
        assertThat(missing).as("trades that reached Kinesis neither live nor backfilled").isEmpty();
    }

    /**
     * A forwarder stops (a redeploy), the exchange trades on, a new forwarder starts: it finds each
     * symbol's last trade id in the raw stream, and the first live trade shows the hole, which the
     * backfill fills. Every trade reaches Kinesis, none as a gap marker.
     */
    @Test
    void aRestartedForwarderBackfillsWhatWasTradedWhileNoneRan() throws Exception {
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        SimulatorConfig simConfig =
                SimulatorConfig.builder()
                        .symbols(symbols)
                        .tradesPerSecond(400)
                        .maxTrades(4_000)
                        .restPort(0)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        ArrivedTrades arrived = new ArrivedTrades();
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dataDir));
                ExchangeSimulator sim = new ExchangeSimulator(simConfig).start()) {
            sim.onTrade(produced::add);
            StackConfig cfg = stack.config();
            ForwarderConfig config = config(sim, cfg, symbols);

            Forwarder first = Forwarder.start(config);
            try {
                Poll.until("connected", Duration.ofSeconds(10), first::connected);
                sim.startTrading();
                Poll.until(
                        "trades before the stop",
                        Duration.ofSeconds(30),
                        () -> sim.tradesProduced() > 1_000);
            } finally {
                first.close();
            }
            long down = sim.tradesProduced();
            Poll.until(
                    "trades while no forwarder runs",
                    Duration.ofSeconds(30),
                    () -> sim.tradesProduced() > down + 500);

            Forwarder second = Forwarder.start(config);
            try {
                Poll.until("the simulator to finish", Duration.ofSeconds(60), sim::finished);
                Poll.until(
                        "the hole of each symbol backfilled",
                        Duration.ofSeconds(60),
                        () ->
                                second.metrics().gaps.sum() >= symbols.size()
                                        && second.backfillIdle());
            } finally {
                second.close();
            }
            assertThat(second.metrics().backfilledTrades.sum())
                    .as("trades made while no forwarder ran")
                    .isGreaterThanOrEqualTo(500);
            assertThat(second.metrics().unrecoverableGaps.sum()).isZero();
            try (KinesisClient kinesis = AwsClients.kinesis(cfg)) {
                new StreamReader(kinesis, cfg.rawStream())
                        .poll()
                        .forEach(r -> arrived.add(r.data().asByteArrayUnsafe()));
            }
        }
        Set<String> missing = new TreeSet<>();
        produced.forEach(t -> missing.add(t.symbol() + "#" + t.tradeId()));
        missing.removeAll(arrived.live());
        missing.removeAll(arrived.backfilled());
        assertThat(produced).hasSize(4_000);
        assertThat(arrived.gapMarkers()).isZero();
        assertThat(missing).as("trades that reached Kinesis neither live nor backfilled").isEmpty();
    }

    /** The simulator's trade streams to the local Kinesis, with backfill from its REST server. */
    private static ForwarderConfig config(
            ExchangeSimulator sim, StackConfig cfg, List<String> symbols) {
        return new ForwarderConfig(
                BinanceFeeds.json(
                        "ws://127.0.0.1:" + sim.port(),
                        BinanceFeeds.streams(symbols, List.of("trade"))),
                cfg.rawStream(),
                StackConfig.REGION,
                Optional.of(cfg.kinesisEndpoint()),
                AwsClients.credentials(),
                new BatcherConfig(64 * 1024, Duration.ofMillis(20), 8L << 20),
                FeedTimings.DEFAULTS,
                Optional.of(URI.create(sim.restUrl())));
    }
}
