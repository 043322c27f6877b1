package io.marketpipe.ingest;

import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.config.ForwarderLimits;
import io.marketpipe.ingest.config.IngestSettings;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.FeedTimings;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import io.marketpipe.ingest.health.EmbeddedMetrics;
import io.marketpipe.schemas.symbol.Symbols;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The forwarder's entry point: {@code IngestApp [--config forwarder.properties] [--record FILE]}.
 * Settings as in {@link IngestSettings}; runs until SIGTERM or Ctrl-C, then flushes every frame.
 */
public final class IngestApp {
    static {
        // JSON logs unless the deployment brings its own configuration; set before the first logger
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "marketpipe-forwarder-log4j2.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);

    private IngestApp() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Path> configFile = option(args, "--config").map(Path::of);
        Optional<Path> record = option(args, "--record").map(Path::of);
        IngestSettings settings = IngestSettings.load(configFile, System.getenv());
        LOG.info("settings {}", settings);
        Forwarder forwarder = Forwarder.start(config(settings, record));
        EmbeddedMetrics emf =
                new EmbeddedMetrics(
                                forwarder.metrics(),
                                settings.get("metrics.namespace"),
                                System.out,
                                System::currentTimeMillis)
                        .start(settings.number("metrics.emf-interval-ms"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        forwarder.close();
                                        emf.close();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "forwarder-shutdown"));
        stopped.await();
    }

    /**
     * The configured Binance symbols with their ASCII letters upper-cased ({@code btcusdt} is
     * BTCUSDT), each checked against the job's symbol rule: one the job would quarantine fails the
     * start, naming it.
     */
    static List<String> symbols(List<String> configured) {
        List<String> symbols = new ArrayList<>();
        for (String item : configured) {
            String symbol = Symbols.fromStreamName(item);
            String fault = Symbols.fault(symbol);
            if (fault != null) {
                throw new IllegalArgumentException(
                        "symbols: \"" + item + "\" " + fault + "; a symbol is " + Symbols.RULE);
            }
            symbols.add(symbol);
        }
        return symbols;
    }

    /** The forwarder configuration the settings describe. */
    public static ForwarderConfig config(IngestSettings s, Optional<Path> record) {
        for (String kinds : List.of("binance.json.streams", "binance.sbe.streams")) {
            if (!s.list(kinds).contains("trade")) {
                throw new IllegalArgumentException(
                        kinds + " must include trade (the job's bars and gap backfill need it)");
            }
        }
        List<String> symbols = symbols(s.list("symbols"));
        List<FeedSpec> feeds = new ArrayList<>();
        if (s.flag("binance.json.enabled")) {
            feeds.addAll(
                    BinanceFeeds.json(
                            s.get("binance.json.url"),
                            BinanceFeeds.streams(symbols, s.list("binance.json.streams"))));
        }
        if (s.flag("binance.sbe.enabled")) {
            feeds.addAll(
                    BinanceFeeds.sbe(
                            s.get("binance.sbe.url"),
                            BinanceFeeds.streams(symbols, s.list("binance.sbe.streams")),
                            s.secret(IngestSettings.BINANCE_KEY_ENV)));
        }
        if (s.flag("finnhub.enabled")) {
            feeds.add(
                    FinnhubFeeds.trades(
                            s.get("finnhub.url"),
                            s.secret(IngestSettings.FINNHUB_TOKEN_ENV),
                            s.list("finnhub.symbols")));
        }
        String rest = s.get("binance.rest.url");
        String endpoint = s.get("kinesis.endpoint");
        return new ForwarderConfig(
                feeds,
                s.get("kinesis.stream"),
                s.get("kinesis.region"),
                endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
                DefaultCredentialsProvider.create(),
                new BatcherConfig(
                        (int) s.number("batch.max-record-bytes"),
                        Duration.ofMillis(s.number("batch.linger-ms")),
                        s.number("batch.max-buffered-bytes"),
                        s.flag("batch.per-shard")),
                new FeedTimings(
                        Duration.ofMillis(s.number("watchdog-ms")),
                        Duration.ofMillis(s.number("rotate-after-ms")),
                        Duration.ofMillis(s.number("rotate-handover-ms")),
                        Duration.ofMillis(s.number("close-timeout-ms"))),
                rest.isEmpty() || !s.flag("binance.json.enabled") && !s.flag("binance.sbe.enabled")
                        ? Optional.empty()
                        : Optional.of(URI.create(rest)),
                record,
                Optional.of(new InetSocketAddress(s.get("ops.bind"), (int) s.number("ops.port"))),
                new ForwarderLimits(
                        Duration.ofMillis(s.number("shutdown.flush-ms")),
                        (int) Math.min(Integer.MAX_VALUE, s.number("backfill.max-queued-gaps")),
                        s.number("backfill.max-gap-trades"),
                        Duration.ofMillis(s.number("backfill.resume-lookback-ms")),
                        Duration.ofMillis(s.number("backfill.resume-deadline-ms")),
                        Duration.ofMillis(s.number("health.stall-ms")),
                        (int) Math.min(Integer.MAX_VALUE, s.number("binance.depth.snapshot-limit")),
                        Duration.ofMillis(s.number("binance.depth.snapshot-refresh-ms"))));
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }
}
