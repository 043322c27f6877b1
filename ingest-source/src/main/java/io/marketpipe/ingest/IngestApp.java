package io.marketpipe.ingest;

import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Runs the forwarder until SIGTERM/Ctrl-C, then flushes. Usage: {@code IngestApp --symbols
 * BTCUSDT,ETHUSDT [--sbe] [--finnhub-symbols AAPL,BINANCE:BTCUSDT] --stream NAME --region REGION}.
 * Secrets come from the environment only: {@code BINANCE_API_KEY} (SBE) and {@code FINNHUB_TOKEN}.
 */
public final class IngestApp {
    private IngestApp() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> argv = Arrays.asList(args);
        List<String> symbols = List.of(option(argv, "--symbols", "BTCUSDT,ETHUSDT").split(","));
        List<FeedSpec> feeds =
                new ArrayList<>(
                        BinanceFeeds.json(
                                BinanceFeeds.JSON_URL,
                                BinanceFeeds.streams(symbols, List.of("trade"))));
        if (argv.contains("--sbe")) {
            feeds.addAll(
                    BinanceFeeds.sbe(
                            BinanceFeeds.SBE_URL,
                            BinanceFeeds.streams(symbols, List.of("trade")),
                            System.getenv("BINANCE_API_KEY")));
        }
        String finnhub = option(argv, "--finnhub-symbols", "");
        if (!finnhub.isEmpty()) {
            feeds.add(
                    FinnhubFeeds.trades(
                            FinnhubFeeds.URL,
                            System.getenv("FINNHUB_TOKEN"),
                            List.of(finnhub.split(","))));
        }
        ForwarderConfig config =
                new ForwarderConfig(
                        feeds,
                        option(argv, "--stream", "marketpipe-raw"),
                        option(argv, "--region", "us-east-1"),
                        Optional.empty(),
                        DefaultCredentialsProvider.create(),
                        BatcherConfig.DEFAULTS);
        Forwarder forwarder = Forwarder.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        forwarder.close();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "forwarder-shutdown"));
        stopped.await();
    }

    private static String option(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : fallback;
    }
}
