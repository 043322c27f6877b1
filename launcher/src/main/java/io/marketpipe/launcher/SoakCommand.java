package io.marketpipe.launcher;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.backfill.ArrivedTrades;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedTimings;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.ProjectHome;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * {@code ./pipeline soak}: the simulator (faults on with {@code --faults}), the forwarder with
 * backfill and the local Kinesis for a while; then every trade id produced is looked for in what
 * reached the stream, live or backfilled.
 */
final class SoakCommand {
    static final String USAGE =
            "soak --minutes M [--faults] [--symbols BTCUSDT,...] [--rate TRADES_PER_SECOND]";
    private static final long DROP_EVERY = 2_000;
    private static final Duration QUIET_TAIL = Duration.ofSeconds(10);
    private static final Duration WATCHDOG = Duration.ofSeconds(5);
    private static final Duration RESTART_DOWNTIME = Duration.ofSeconds(5);

    private final PrintStream out;
    private final ArrivedTrades arrived = new ArrivedTrades();

    SoakCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv, CountDownLatch interrupted) throws Exception {
        Args args = new Args(argv, Set.of("--minutes", "--symbols", "--rate"), Set.of("--faults"));
        long minutes = args.getLong("--minutes", 0, 1);
        if (minutes == 0) {
            throw new Args.UsageException("--minutes is required");
        }
        List<String> symbols = List.of(args.get("--symbols", "BTCUSDT,ETHUSDT,SOLUSDT").split(","));
        long rate = args.getLong("--rate", 100, 1);
        boolean faults = args.flag("--faults");
        Duration duration = Duration.ofMinutes(minutes);
        long expected = rate * duration.toSeconds();

        SimulatorConfig.Builder sim =
                SimulatorConfig.builder().symbols(symbols).tradesPerSecond(rate).restPort(0);
        if (faults) {
            sim.dropEvery(DROP_EVERY)
                    .gaps(Math.max(1, expected * 3 / 5), 50)
                    .rateLimitEvery(4)
                    .duplicateEvery(499);
        }
        StackConfig stackConfig = StackConfig.onFreePorts(ProjectHome.localData().resolve("soak"));
        out.printf(
                "soak: %d min at %d trades/s over %s, faults %s%n",
                minutes, rate, symbols, faults ? "on" : "off");

        Set<String> produced = ConcurrentHashMap.newKeySet();
        try (LocalStack stack = LocalStack.start(stackConfig);
                ExchangeSimulator exchange = new ExchangeSimulator(sim.build()).start();
                KinesisClient kinesis = AwsClients.kinesis(stackConfig)) {
            exchange.onTrade(t -> produced.add(key(t)));
            StreamReader reader = new StreamReader(kinesis, stackConfig.rawStream());
            ForwarderConfig config =
                    new ForwarderConfig(
                            BinanceFeeds.json(
                                    "ws://127.0.0.1:" + exchange.port(),
                                    BinanceFeeds.streams(symbols, List.of("trade"))),
                            stackConfig.rawStream(),
                            StackConfig.REGION,
                            Optional.of(stackConfig.kinesisEndpoint()),
                            AwsClients.credentials(),
                            BatcherConfig.DEFAULTS,
                            new FeedTimings(WATCHDOG, Duration.ofHours(23)),
                            Optional.of(URI.create(exchange.restUrl())));
            Forwarder forwarder = Forwarder.start(config);
            List<ForwarderMetrics> runs = new ArrayList<>(List.of(forwarder.metrics()));
            Totals m = new Totals(runs);
            try {
                Poll.until(
                        "the forwarder to connect", Duration.ofSeconds(30), forwarder::connected);
                exchange.startTrading();
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                boolean stalled = false;
                boolean shutdown = false;
                boolean restarted = false;
                while (System.nanoTime() < end && !interrupted.await(2, TimeUnit.SECONDS)) {
                    long elapsed = System.nanoTime() - start;
                    if (faults && !stalled && elapsed > duration.toNanos() / 3) {
                        exchange.stallCurrentConnections();
                        stalled = true;
                    }
                    long sinceDrop = exchange.tradesProduced() % DROP_EVERY;
                    if (faults
                            && !shutdown
                            && elapsed > duration.toNanos() * 2 / 3
                            && forwarder.connected()
                            && sinceDrop > DROP_EVERY / 4
                            && sinceDrop < DROP_EVERY * 3 / 4) {
                        // away from a scheduled drop, so the announcement reaches a live connection
                        exchange.sendServerShutdown();
                        shutdown = true;
                    }
                    if (faults && !restarted && elapsed > duration.toNanos() / 2) {
                        // a redeploy: the exchange trades on while no forwarder runs
                        forwarder.close();
                        restarted = true;
                        out.printf(
                                "[%4ds] forwarder stopped; starting a new one in %d s%n",
                                TimeUnit.NANOSECONDS.toSeconds(elapsed),
                                RESTART_DOWNTIME.toSeconds());
                        boolean stop =
                                interrupted.await(RESTART_DOWNTIME.toSeconds(), TimeUnit.SECONDS);
                        forwarder = Forwarder.start(config);
                        runs.add(forwarder.metrics());
                        if (stop) {
                            break;
                        }
                    }
                    if (end - System.nanoTime() < QUIET_TAIL.toNanos()) {
                        exchange.faults(false);
                    }
                    collect(reader.poll());
                    if (TimeUnit.NANOSECONDS.toSeconds(elapsed) % 10 < 2) {
                        out.printf(
                                "[%4ds] produced %,d, forwarded %,d frames, gaps %d, backfilled %,d, reconnects %d, rotations %d%n",
                                TimeUnit.NANOSECONDS.toSeconds(elapsed),
                                exchange.tradesProduced(),
                                m.sum(f -> f.framesOut.sum()),
                                m.sum(f -> f.gaps.sum()),
                                m.sum(f -> f.backfilledTrades.sum()),
                                m.sum(f -> f.reconnects.sum()),
                                m.sum(f -> f.rotations.sum()));
                    }
                }
                exchange.stopTrading();
                Forwarder last = forwarder;
                Poll.until(
                        "the forwarder to be connected", Duration.ofSeconds(60), last::connected);
                Poll.until("backfill to finish", Duration.ofSeconds(120), last::backfillIdle);
            } finally {
                forwarder.close();
            }
            for (int empty = 0; empty < 3; ) {
                empty = collect(reader.poll()) == 0 ? empty + 1 : 0;
            }
            out.printf(
                    "faults: drops every 2,000 trades %s, stall %s, serverShutdown %s, forwarder restarts %d,"
                            + " withheld trades %d, REST 429s %d, watchdog reconnects %d, rotations %d,"
                            + " undecodable frames %d%n",
                    faults ? "on" : "off",
                    faults ? "1" : "0",
                    faults ? "1" : "0",
                    runs.size() - 1,
                    exchange.tradesWithheld(),
                    exchange.restRateLimited(),
                    m.sum(f -> f.watchdogReconnects.sum()),
                    m.sum(f -> f.rotations.sum()),
                    arrived.undecodable());
        }

        Set<String> onlyBackfilled = new HashSet<>(arrived.backfilled());
        onlyBackfilled.removeAll(arrived.live());
        Set<String> missing = new HashSet<>(produced);
        missing.removeAll(arrived.live());
        missing.removeAll(arrived.backfilled());
        Set<String> forwardedProduced = new HashSet<>(arrived.live());
        forwardedProduced.retainAll(produced);
        out.printf(
                "soak: produced=%d forwarded=%d backfilled=%d missing=%d gaps_reported=%d%n",
                produced.size(),
                forwardedProduced.size(),
                onlyBackfilled.size(),
                missing.size(),
                arrived.gapMarkers());
        if (!missing.isEmpty()) {
            out.println("missing (first 20): " + missing.stream().sorted().limit(20).toList());
        }
        return missing.isEmpty() ? 0 : 1;
    }

    /** A counter summed over every forwarder the soak ran. */
    private record Totals(List<ForwarderMetrics> runs) {
        long sum(java.util.function.ToLongFunction<ForwarderMetrics> counter) {
            return runs.stream().mapToLong(counter).sum();
        }
    }

    private int collect(List<Record> records) {
        records.forEach(r -> arrived.add(r.data().asByteArrayUnsafe()));
        return records.size();
    }

    private static String key(SimTrade t) {
        return t.symbol() + "#" + t.tradeId();
    }
}
