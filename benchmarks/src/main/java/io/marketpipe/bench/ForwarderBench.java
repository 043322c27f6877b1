package io.marketpipe.bench;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.ProjectHome;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * End to end against the local Kinesis: the simulator at a fixed rate, the forwarder with a given
 * linger, for a while; prints frames per Kinesis record and the mean PutRecords latency. Usage:
 * {@code ForwarderBench RATE SYMBOLS LINGER_MS SECONDS}.
 */
public final class ForwarderBench {
    private ForwarderBench() {}

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int symbolCount = Integer.parseInt(args[1]);
        int lingerMs = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < symbolCount; i++) {
            symbols.add("SYM" + i + "USDT");
        }
        StackConfig cfg = StackConfig.onFreePorts(ProjectHome.localData().resolve("bench"));
        try (LocalStack stack = LocalStack.start(cfg);
                ExchangeSimulator sim =
                        new ExchangeSimulator(
                                        SimulatorConfig.builder()
                                                .symbols(symbols)
                                                .tradesPerSecond(rate)
                                                .build())
                                .start()) {
            Forwarder forwarder =
                    Forwarder.start(
                            new ForwarderConfig(
                                    BinanceFeeds.json(
                                            "ws://127.0.0.1:" + sim.port(),
                                            BinanceFeeds.streams(symbols, List.of("trade"))),
                                    cfg.rawStream(),
                                    StackConfig.REGION,
                                    Optional.of(cfg.kinesisEndpoint()),
                                    AwsClients.credentials(),
                                    new BatcherConfig(
                                            64 * 1024, Duration.ofMillis(lingerMs), 64L << 20)));
            Poll.until("connected", Duration.ofSeconds(30), forwarder::connected);
            sim.startTrading();
            Thread.sleep(seconds * 1_000L);
            sim.stopTrading();
            forwarder.close();
            ForwarderMetrics m = forwarder.metrics();
            System.out.printf(
                    "forwarder-e2e rate=%d/s symbols=%d linger=%dms seconds=%d: frames=%d records=%d frames_per_record=%.1f"
                            + " put_calls=%d mean_put_ms=%.1f retries=%d%n",
                    rate,
                    symbolCount,
                    lingerMs,
                    seconds,
                    m.framesOut.sum(),
                    m.recordsPut.sum(),
                    (double) m.framesOut.sum() / Math.max(1, m.recordsPut.sum()),
                    m.putCalls.sum(),
                    m.putNanos.sum() / 1e6 / Math.max(1, m.putCalls.sum()),
                    m.recordRetries.sum());
        }
    }
}
